"""The worker's unit tests: the pipeline called directly on the test's migrated SQLite file.

Real Celery processes, Redis and PostgreSQL are in tests/integration; here the same code
runs in-process, so each rule of the pipeline is checked quickly and on its own. `settings`
(an instance folder with a copy of the migrated database) is in `tests/conftest.py`.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from config import Settings
from tests.factories import add_run, small_market
from worker.context import WorkerContext


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


@pytest.fixture
def run_id(db: Session, settings: Settings) -> int:
    """A queued run of `small_market` (one lot, one request: one flow), committed."""
    small_market(db)
    run = add_run(db, settings)
    db.commit()
    return run.id
