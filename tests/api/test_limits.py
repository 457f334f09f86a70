"""The rate limits' storage: Redis shared by every web process, memory when Redis is down."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from flask import Flask

from tests.api.conftest import World
from tests.conftest import running_app, settings_for

AppOn = Callable[[str], Flask]
DEAD_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture
def app_on(world: World, tmp_path: Path) -> Iterator[AppOn]:
    """`app_on(redis_url)`: a new app (a web process) on one shared copy of the seeded database."""
    copy = tmp_path / "api.sqlite3"
    shutil.copyfile(world.template, copy)
    numbers = itertools.count()
    with ExitStack() as stack:

        def make(redis_url: str) -> Flask:
            folder = tmp_path / f"instance{next(numbers)}"
            settings = settings_for(folder, DATABASE_URL=f"sqlite:///{copy}", REDIS_URL=redis_url)
            app = stack.enter_context(running_app(settings))
            app.config.update(API_LIMIT_TOKEN_CALLS=3, API_LIMIT_BAD_TOKENS=2)
            return app

        yield make


def me(app: Flask, token: str) -> int:
    headers = {"Authorization": f"Bearer {token}"}
    return app.test_client().get("/api/v1/me", headers=headers).status_code


def test_a_redis_that_does_not_answer_still_limits_in_this_process(
    app_on: AppOn, world: World
) -> None:
    app = app_on(DEAD_REDIS)
    assert [me(app, world.tokens["livestock"]) for _ in range(4)] == [200, 200, 200, 429]
    assert [me(app, "mm_guess") for _ in range(3)] == [401, 401, 429]


@pytest.mark.integration
def test_redis_counts_for_every_web_process(app_on: AppOn, world: World, redis_url: str) -> None:
    first, second = app_on(redis_url), app_on(redis_url)
    token = world.tokens["arable"]
    assert [me(first, token), me(second, token), me(first, token)] == [200, 200, 200]
    assert me(second, token) == 429
    assert me(first, world.tokens["coordinator"]) == 200
