"""`/healthz`: can this web process reach what it needs? For load balancers and `make run`.

200 with {"database": "ok", "broker": "ok"} when both answer; 503 naming the part that
does not, so an operator sees at once whether PostgreSQL or Redis is the problem.
The reasons go to the log, not to the (public) response.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from market.core.broker import broker_problem
from market.core.extensions import app_state, db_session

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> tuple[Response, int]:
    checks = {"database": _database_problem(), "broker": broker_problem(app_state().settings)}
    for part, problem in checks.items():
        if problem is not None:
            current_app.logger.warning("health check: %s unreachable: %s", part, problem)
    body = {part: "ok" if problem is None else "unreachable" for part, problem in checks.items()}
    healthy = all(problem is None for problem in checks.values())
    return jsonify(body), 200 if healthy else 503


def _database_problem() -> str | None:
    """None when the database answers `SELECT 1`."""
    session = db_session()
    try:
        session.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        session.rollback()
        return f"{type(exc).__name__}: {exc}"
    return None
