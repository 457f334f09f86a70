"""Deals are numbered among themselves: one query for many runs (`deal_numbers`, the audit
log's page) counts as `deal_number` does for one, on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from market.interest.services.deal_numbers import deal_number, deal_numbers
from market.models.runs import DEAL_SOLVER
from tests.factories import add_run


@pytest.fixture(
    params=["sqlite_session", pytest.param("pg_session", marks=pytest.mark.integration)]
)
def session(request: pytest.FixtureRequest) -> Session:
    return request.getfixturevalue(request.param)


def test_many_runs_are_numbered_as_one_is(session: Session) -> None:
    solvers = ["highs", DEAL_SOLVER, "highs", DEAL_SOLVER, DEAL_SOLVER, "cbc"]
    runs = [add_run(session, solver=solver).id for solver in solvers]
    deals = [run for run, solver in zip(runs, solvers, strict=True) if solver == DEAL_SOLVER]
    numbered = deal_numbers(session, [*runs, max(runs) + 1])  # one id of no run
    assert numbered == {run: deal_number(session, run) for run in deals}
    assert list(numbered.values()) == [1, 2, 3]
    assert deal_numbers(session, runs[:1]) == {} and deal_numbers(session, []) == {}
