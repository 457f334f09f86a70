"""The request counters behind the rate limits, in memory and in Redis."""

from __future__ import annotations

import os

import pytest
import redis

from market.core.limits import MemoryCounter, RedisAttempts, RedisCounter, redis_client


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_memory_counter_allows_the_limit_then_says_how_long_to_wait() -> None:
    clock = Clock()
    counter = MemoryCounter(clock)
    assert [counter.hit("k", 2, 60.0) for _ in range(2)] == [None, None]
    clock.now += 10
    assert counter.hit("k", 2, 60.0) == pytest.approx(50.0)
    assert counter.hit("other", 2, 60.0) is None
    clock.now += 50
    assert counter.hit("k", 2, 60.0) is None


def test_a_redis_that_does_not_answer_lets_requests_through() -> None:
    dead = redis_client("redis://127.0.0.1:1/0")
    assert RedisCounter(dead).hit("k", 1, 60.0) is None
    assert RedisAttempts(dead, 1, 60.0, "login").blocked("someone") is False


@pytest.fixture
def client() -> redis.Redis:
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        pytest.fail("TEST_REDIS_URL is not set: integration tests need the real Redis")
    own = redis.Redis.from_url(url.rsplit("/", 1)[0] + "/13")
    own.flushdb()
    return own


@pytest.mark.integration
def test_redis_counter_is_shared_between_counters(client: redis.Redis) -> None:
    clock = Clock()
    first, second = RedisCounter(client, clock), RedisCounter(client, clock)
    assert first.hit("shared", 2, 60.0) is None
    assert second.hit("shared", 2, 60.0) is None
    assert first.hit("shared", 2, 60.0) == pytest.approx(60.0)
    clock.now += 61
    assert second.hit("shared", 2, 60.0) is None


@pytest.mark.integration
def test_redis_attempts_block_after_the_limit_and_clear_on_success(client: redis.Redis) -> None:
    attempts = RedisAttempts(client, 2, 60.0, "login-account")
    attempts.failed("a@example.nl")
    assert not attempts.blocked("a@example.nl")
    attempts.failed("a@example.nl")
    assert attempts.blocked("a@example.nl")
    attempts.succeeded("a@example.nl")
    assert not attempts.blocked("a@example.nl")
