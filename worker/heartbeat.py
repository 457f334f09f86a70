"""A background heartbeat on the run row while the solver works with no session open.

The sweeper and a redelivered message decide "abandoned" from `heartbeat_at`; a live worker
in a long solve must therefore keep beating. Each beat is its own short transaction, and a
failed beat (database restarting) is only logged: the next one may succeed, and losing the
claim is caught by the conditional write at the end anyway.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import SQLAlchemyError

from worker import claims
from worker.context import WorkerContext

log = logging.getLogger(__name__)


@contextmanager
def heartbeat(ctx: WorkerContext, run_id: int, token: str | None = None) -> Iterator[None]:
    """Beat every `ctx.heartbeat_s` seconds until the block ends."""
    stop = threading.Event()
    thread = threading.Thread(
        target=_beat_until,
        args=(ctx, run_id, token, stop),
        name=f"heartbeat-run-{run_id}",
        daemon=True,
    )
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def _beat_until(ctx: WorkerContext, run_id: int, token: str | None, stop: threading.Event) -> None:
    while not stop.wait(ctx.heartbeat_s):
        try:
            with ctx.session() as session:
                claims.beat(session, run_id, token)
                session.commit()
        except SQLAlchemyError as exc:
            log.warning("heartbeat for run %d failed: %s", run_id, exc)
