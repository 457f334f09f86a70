"""Two writes based on the same read, sent at the same moment: the tag they carry (the API's
`If-Match`, the pages' hidden `version`) is checked under the row's lock in the transaction
that writes (`market.core.locks`), so exactly one passes and the other is refused as stale;
without the lock both read the old row, both pass the check and the second silently undoes
the first. Each race is run `TRIES` times on fresh rows (the harness is in `conftest.py`,
SQLite and PostgreSQL):
- a lot's PATCH twice with one ETag (412 for the second);
- a proposal's adjustment twice with one ETag (412 for the second);
- the review page's adjust form twice with one version (409 for the second).
"""

from __future__ import annotations

from functools import partial
from typing import Any

import pytest
from sqlalchemy.orm import Session

from market.models import Lot, ReviewStatus
from tests.api.races.conftest import TRIES, Market, posted
from tests.conftest import hidden_fields, log_in


def tagged(market: Market, role: str, method: str, path: str, tag: str, **kwargs: Any) -> int:
    """An API call carrying `tag` as `If-Match`: its status code."""
    headers = {"Authorization": f"Bearer {market.world.tokens[role]}", "If-Match": tag}
    response = market.app.test_client().open(
        f"/api/v1{path}", method=method, headers=headers, **kwargs
    )
    return response.status_code


def read_tag(market: Market, role: str, path: str) -> str:
    headers = {"Authorization": f"Bearer {market.world.tokens[role]}"}
    response = market.app.test_client().get(f"/api/v1{path}", headers=headers)
    assert response.status_code == 200
    return response.headers["ETag"]


def lot_tonnes(market: Market, lot_id: int) -> float:
    with Session(market.engine) as session:
        return session.get_one(Lot, lot_id).tonnes


def test_a_lot_patched_twice_with_one_etag_takes_one_change(market: Market) -> None:
    for _ in range(TRIES):
        lot, _ask = market.fresh(500.0)
        tag = read_tag(market, "livestock", f"/lots/{lot}")
        statuses = market.race(
            lot,
            *(
                partial(tagged, market, "livestock", "PATCH", f"/lots/{lot}", tag, json=body)
                for body in ({"tonnes": 400.0}, {"tonnes": 450.0})
            ),
        )
        assert statuses == [200, 412]
        assert lot_tonnes(market, lot) in (pytest.approx(400.0), pytest.approx(450.0))


def test_a_proposal_adjusted_twice_with_one_etag_takes_one_change(market: Market) -> None:
    for _ in range(TRIES):
        lot, ask = market.fresh(500.0)
        _, proposed = market.proposed(lot, ask, 200.0, ReviewStatus.PROPOSED)
        path = f"/proposals/{proposed}"
        tag = read_tag(market, "coordinator", path)
        statuses = market.race(
            lot,
            *(
                partial(tagged, market, "coordinator", "PATCH", path, tag, json={"tonnes": t})
                for t in (150.0, 250.0)
            ),
        )
        assert statuses == [200, 412]
        assert market.proposal(proposed).tonnes in (pytest.approx(150.0), pytest.approx(250.0))


def test_one_adjust_form_sent_twice_at_once_changes_the_tonnes_once(market: Market) -> None:
    coordinators = [market.app.test_client() for _ in range(2)]
    for client in coordinators:
        log_in(client, "coordinator@example.nl")
    for _ in range(TRIES):
        lot, ask = market.fresh(500.0)
        run_id, proposed = market.proposed(lot, ask, 200.0, ReviewStatus.PROPOSED)
        action = f"/review/proposals/{proposed}/adjust"
        forms = [
            hidden_fields(client.get(f"/review/runs/{run_id}"), action) for client in coordinators
        ]
        assert forms[0]["version"] == forms[1]["version"]  # both pages show the same state
        statuses = market.race(
            lot,
            *(
                partial(posted, client, action, {**form, "tonnes": tonnes})
                for client, form, tonnes in zip(coordinators, forms, ("150", "250"), strict=True)
            ),
        )
        assert statuses == [302, 409]
        assert market.proposal(proposed).tonnes in (pytest.approx(150.0), pytest.approx(250.0))
