"""Request counters for rate limits: in memory by default, in Redis when there is one.

The embedded default (one process, no servers) counts in memory. With `REDIS_URL` set (as
in production, where several web processes run behind one address) the counts live in
Redis, so the limit holds for the site rather than per process. A Redis that does not
answer must not lock everybody out: the counter then lets the request through and logs it.
"""

from __future__ import annotations

import logging
import math
import time
import uuid
from collections import deque
from collections.abc import Callable
from threading import Lock
from typing import Protocol

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

log = logging.getLogger(__name__)
KEY_PREFIX = "mestmatch:rl:"


class Counter(Protocol):
    def hit(self, key: str, limit: int, window_s: float) -> float | None:
        """Count one event; None when allowed, else the seconds until the next one is."""


class MemoryCounter:
    """A sliding window per key, for one process."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._events: dict[str, deque[float]] = {}
        self._lock = Lock()

    def hit(self, key: str, limit: int, window_s: float) -> float | None:
        with self._lock:
            now = self.clock()
            events = self._events.setdefault(key, deque())
            while events and events[0] <= now - window_s:
                events.popleft()
            if len(events) >= limit:
                return max(0.0, events[0] + window_s - now)
            events.append(now)
            return None


class RedisCounter:
    """A sliding window per key in a Redis sorted set, shared by every web process."""

    def __init__(self, client: redis.Redis, clock: Callable[[], float] = time.time) -> None:
        self.client = client
        self.clock = clock

    def hit(self, key: str, limit: int, window_s: float) -> float | None:
        now, name = self.clock(), KEY_PREFIX + key
        try:
            pipe = self.client.pipeline()
            pipe.zremrangebyscore(name, 0, now - window_s)
            pipe.zrange(name, 0, 0, withscores=True)
            pipe.zcard(name)
            _, oldest, count = pipe.execute()
            if count >= limit:
                return max(0.0, oldest[0][1] + window_s - now) if oldest else window_s
            pipe.zadd(name, {uuid.uuid4().hex: now})
            pipe.expire(name, math.ceil(window_s))
            pipe.execute()
        except (redis.RedisError, OSError) as exc:
            log.warning("rate limit counter unavailable, request let through: %s", exc)
        return None


class RedisAttempts:
    """`ratelimit.AttemptLimiter`'s interface (blocked, failed, succeeded) kept in Redis."""

    def __init__(self, client: redis.Redis, limit: int, window_s: float, name: str) -> None:
        self.client, self.limit, self.window_s, self.name = client, limit, window_s, name

    def blocked(self, *keys: str) -> bool:
        now = time.time()
        try:
            for key in keys:
                self.client.zremrangebyscore(self._key(key), 0, now - self.window_s)
            return any(self.client.zcard(self._key(key)) >= self.limit for key in keys)
        except (redis.RedisError, OSError) as exc:
            log.warning("log-in limiter unavailable, attempt let through: %s", exc)
            return False

    def failed(self, *keys: str) -> None:
        self._quietly(lambda key: self._add(key), keys)

    def succeeded(self, *keys: str) -> None:
        self._quietly(lambda key: self.client.delete(self._key(key)), keys)

    def _add(self, key: str) -> None:
        self.client.zadd(self._key(key), {uuid.uuid4().hex: time.time()})
        self.client.expire(self._key(key), math.ceil(self.window_s))

    def _quietly(self, action: Callable[[str], object], keys: tuple[str, ...]) -> None:
        try:
            for key in keys:
                action(key)
        except (redis.RedisError, OSError) as exc:
            log.warning("log-in limiter unavailable: %s", exc)

    def _key(self, key: str) -> str:
        return f"{KEY_PREFIX}{self.name}:{key}"


def redis_client(url: str) -> redis.Redis:
    """A client that gives up fast, without retries: a limiter must not make requests slow."""
    return redis.Redis.from_url(
        url, socket_connect_timeout=0.5, socket_timeout=0.5, retry=Retry(NoBackoff(), 0)
    )
