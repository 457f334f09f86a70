"""The worker's unit tests: a migrated SQLite file per test and the pipeline called directly.

Real Celery processes, Redis and PostgreSQL are in tests/integration; here the same code
runs in-process, so each rule of the pipeline is checked quickly and on its own.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from config import Settings
from market.core.db import upgrade
from worker.context import WorkerContext


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("worker-db") / "template.sqlite3"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture
def settings(tmp_path: Path, migrated_sqlite: Path) -> Settings:
    """Embedded settings on a copy of the migrated database."""
    instance = tmp_path / "instance"
    instance.mkdir()
    shutil.copyfile(migrated_sqlite, instance / "mestmatch.sqlite3")
    return Settings.from_env({"MESTMATCH_ENV": "test", "MESTMATCH_INSTANCE": str(instance)})


@pytest.fixture
def ctx(settings: Settings) -> Iterator[WorkerContext]:
    context = WorkerContext(settings)
    yield context
    context.dispose()


@pytest.fixture
def db(ctx: WorkerContext) -> Iterator[Session]:
    """A session for arranging and checking rows; the pipeline uses sessions of its own."""
    with ctx.session() as session:
        yield session
