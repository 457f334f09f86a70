"""What every task needs: the settings, a database per process, and who is claiming.

Celery's prefork pool forks children after the app is built; a database connection must
never cross a fork, so the engine is created lazily in the process that uses it (and again
if the process id changed). Settings come in once from the entry point.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from config import Settings
from market.core.db import make_engine, make_session_factory
from worker.claims import try_suffix

HOSTNAME_MAX = 100
HEARTBEAT_MAX_S = 30.0
HEARTBEAT_MIN_S = 0.5


@dataclass
class WorkerContext:
    """Settings plus this process's engine; shared by the tasks of one Celery app."""

    settings: Settings
    _engine: Engine | None = field(default=None, repr=False)
    _factory: sessionmaker[Session] | None = field(default=None, repr=False)
    _pid: int = 0

    def session_factory(self) -> sessionmaker[Session]:
        """This process's session factory (a fresh engine after a fork)."""
        if self._factory is None or self._pid != os.getpid():
            self._engine = make_engine(self.settings)
            self._factory = make_session_factory(self._engine)
            self._pid = os.getpid()
        return self._factory

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A short unit of work; the caller commits what it wants kept."""
        with self.session_factory()() as session:
            yield session

    def token(self, task_id: str, retries: int = 0) -> str:
        """`claimed_by` for one try of a task: host and pid of this process, the task id and,
        for a Celery retry, its number (`worker.claims.try_suffix`).

        A later try may take over the claim of an earlier one at once (that try has ended);
        a redelivered message of the same try may not while the heartbeat is fresh.
        """
        return f"{socket.gethostname()[:HOSTNAME_MAX]}:{os.getpid()}" + try_suffix(task_id, retries)

    @property
    def heartbeat_s(self) -> float:
        """Heartbeat interval: five beats fit in the time after which a run counts as stuck."""
        return max(HEARTBEAT_MIN_S, min(HEARTBEAT_MAX_S, self.settings.stuck_run_after_s / 5))

    def dispose(self) -> None:
        if self._engine is not None and self._pid == os.getpid():
            self._engine.dispose()
        self._engine, self._factory = None, None
