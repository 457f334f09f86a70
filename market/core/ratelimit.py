"""A small in-process limiter for log-in attempts (guessing passwords must be slow).

Failed attempts are counted per account address and per client address in a sliding
window; when either count reaches its limit, log-in is refused until the oldest attempt
leaves the window. Behind a reverse proxy the client address is the proxy's unless the
app trusts its forwarded header (werkzeug's ProxyFix). In-process on purpose: it needs
no server, and each web process limits on its own (with N processes an attacker gets at
most N times the limit).
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from threading import Lock
from typing import Protocol

from market.core.limits import Counter, MemoryCounter, RedisAttempts, RedisCounter, redis_client


class AttemptLimiter:
    """At most `limit` failures per key within `window_s` seconds."""

    def __init__(
        self,
        limit: int = 5,
        window_s: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self.window_s = window_s
        self.clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = Lock()

    def blocked(self, *keys: str) -> bool:
        """True when any of `keys` has used up its failures in the window."""
        with self._lock:
            return any(len(self._recent(key)) >= self.limit for key in keys)

    def failed(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._recent(key).append(self.clock())

    def succeeded(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)

    def _recent(self, key: str) -> deque[float]:
        failures = self._failures.setdefault(key, deque())
        cutoff = self.clock() - self.window_s
        while failures and failures[0] <= cutoff:
            failures.popleft()
        return failures


LIMITER_KEY = "mestmatch_login_limiter"
COUNTER_KEY = "mestmatch_request_counter"
ACCOUNT_LIMIT, CLIENT_LIMIT, WINDOW_S = 5, 20, 300.0


class Attempts(Protocol):
    def blocked(self, *keys: str) -> bool: ...
    def failed(self, *keys: str) -> None: ...
    def succeeded(self, *keys: str) -> None: ...


class LoginLimiter:
    """Five failures per account address, twenty per client address, in five minutes.

    The client allows more: several farmers may share one address (a farm office, a
    cooperative's network), and one typo-prone colleague should not lock out the rest.
    """

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        accounts: Attempts | None = None,
        clients: Attempts | None = None,
    ) -> None:
        self.accounts = accounts or AttemptLimiter(ACCOUNT_LIMIT, WINDOW_S, clock=clock)
        self.clients = clients or AttemptLimiter(CLIENT_LIMIT, WINDOW_S, clock=clock)

    def blocked(self, email: str, client: str | None) -> bool:
        return self.accounts.blocked(_account(email)) or self.clients.blocked(_client(client))

    def failed(self, email: str, client: str | None) -> None:
        self.accounts.failed(_account(email))
        self.clients.failed(_client(client))

    def succeeded(self, email: str) -> None:
        """A success clears the account's count, not the client's (no reset by own log-in)."""
        self.accounts.succeeded(_account(email))


def _account(email: str) -> str:
    return email.strip().lower()


def _client(address: str | None) -> str:
    return address or "?"


def login_limiter() -> LoginLimiter:
    """The current app's limiter, created on first use (each app, each test, its own).

    With Redis configured (production) the failures are counted there, for all processes.
    """
    from flask import current_app

    from market.core.extensions import app_state

    if LIMITER_KEY not in current_app.extensions:
        current_app.extensions[LIMITER_KEY] = _login_limiter(app_state().settings.redis_url)
    return current_app.extensions[LIMITER_KEY]


def _login_limiter(redis_url: str | None) -> LoginLimiter:
    if redis_url is None:
        return LoginLimiter()
    client = redis_client(redis_url)
    return LoginLimiter(
        accounts=RedisAttempts(client, ACCOUNT_LIMIT, WINDOW_S, "login-account"),
        clients=RedisAttempts(client, CLIENT_LIMIT, WINDOW_S, "login-client"),
    )


def request_counter() -> Counter:
    """The current app's counter for API and run-creation limits (Redis when configured)."""
    from flask import current_app

    from market.core.extensions import app_state

    if COUNTER_KEY not in current_app.extensions:
        url = app_state().settings.redis_url
        counter = RedisCounter(redis_client(url)) if url else MemoryCounter()
        current_app.extensions[COUNTER_KEY] = counter
    return current_app.extensions[COUNTER_KEY]
