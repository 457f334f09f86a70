"""Every page renders whatever the database holds (issue 14, item 9).

Input ceilings stop new huge values, but rows stored before them, or written by other paths
(the worker, a script, a restore), must still render: a lot of 1e27 t once made `/listings`
answer 500 for every user. The rows here are written straight through the ORM with extreme
but storable values, and every GET rule of the app is requested as a coordinator and as each
farmer, with the ids filled in from those rows.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from market.accounts.services.api_tokens import issue_token
from market.core.i18n import format_number
from market.models import ListingStatus, MatchRun, ReviewStatus, Role, RunPhase, RunStatus
from market.models.interest import Thread, ThreadMessage
from tests.conftest import log_in, state
from tests.factories import (
    add_delivery,
    add_farm,
    add_lot,
    add_proposal,
    add_request,
    add_run,
    add_statement,
    add_user,
)

SCRIPT = "<script>alert(1)</script>"
IMAGE = "<img src=x onerror=alert(2)>"
#: A farm name at its column's 200-character limit, carrying markup.
FARM_NAME = (SCRIPT + " Hoeve ").ljust(200, "x")
#: A 10,000-character intermediary name with markup.
INTERMEDIARY = (IMAGE + " Handel ").ljust(10_000, "y")
HUGE_STATS = {"flows": 10**30, "components": 1e300, "solution_status": SCRIPT, "gap": 1e-300}
COORDINATOR, SUPPLIER, RECEIVER = "coo@example.nl", "vee@example.nl", "akker@example.nl"


def _market(app: Flask) -> dict[str, str]:
    """The extreme rows; the values each URL argument takes, and each user's API token."""
    with state(app).session_factory() as session:
        supplier = add_farm(session, FARM_NAME, "Gelderland", lat=52.1, lon=5.3)
        receiver = add_farm(session, "Akker " + IMAGE, "Zeeland", area_ha=1e300)
        users = [
            add_user(session, COORDINATOR, Role.COORDINATOR, None),
            add_user(session, SUPPLIER, Role.LIVESTOCK_FARMER, supplier),
            add_user(session, RECEIVER, Role.ARABLE_FARMER, receiver),
        ]
        tokens = {user.email: issue_token(session, user, "t", "read")[1] for user in users}
        huge = add_lot(session, supplier, tonnes=1e27, intermediary_name=INTERMEDIARY)
        add_lot(session, supplier, "poultry_manure", tonnes=1e300, n_kg_per_t=1e-300)
        wanted = add_request(session, receiver, 1e30, max_distance_km=1e300)
        run = _huge_run(session)
        proposal = add_proposal(
            session,
            run,
            huge.id,
            wanted.id,
            1e27,
            distance_km=1e300,
            review_status=ReviewStatus.APPROVED,
        )
        delivery = add_delivery(session, proposal)
        delivery.weighed_tonnes, delivery.intermediary_name = 1e20, INTERMEDIARY
        statement = add_statement(session, wanted)
        thread = Thread(lot_id=huge.id, owner_farm_id=supplier.id, farm_id=receiver.id)
        session.add(ThreadMessage(thread=thread, farm_id=receiver.id, body=SCRIPT * 100))
        session.flush()
        huge.status = ListingStatus.WITHDRAWN  # the review page must still render
        ids = {
            "statement_id": statement.id,
            "thread_id": thread.id,
            "lot_id": huge.id,
            "request_id": wanted.id,
            "run_id": run.id,
            "proposal_id": proposal.id,
            "delivery_id": delivery.id,
            "farm_id": supplier.id,
        }
        session.commit()
    values = {k: str(v) for k, v in ids.items()}
    return {**values, "year": "2026", "code": "en", "token": "x", "file_type": "csv", **tokens}


def _huge_run(session: Session) -> MatchRun:
    """A solved run whose statistics and objective are absurd."""
    started = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    return add_run(
        session,
        status=RunStatus.SOLVED,
        phase=RunPhase.DONE,
        components_total=1,
        components_done=1,
        started_at=started,
        finished_at=started.replace(second=42),
        stats=HUGE_STATS,
        objective_eur=1e300,
        bound_eur=-1e300,
    )


def _urls(app: Flask, values: dict[str, str]) -> list[str]:
    """Every GET rule of the app with its arguments taken from `values` (static files aside)."""
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" in (rule.methods or ()) and rule.endpoint != "static":
            built = rule.build({name: values[name] for name in rule.arguments})
            assert built is not None, rule.rule
            urls.append(built[1])
    return sorted(urls)


@pytest.mark.parametrize("email", [COORDINATOR, SUPPLIER, RECEIVER])
def test_every_page_renders_extreme_stored_values(app: Flask, email: str) -> None:
    values = _market(app)
    client = app.test_client()
    log_in(client, email)
    bearer = {"Authorization": f"Bearer {values[email]}"}
    failures = []
    for url in _urls(app, values):
        try:
            page = client.get(url, headers=bearer if url.startswith("/api/") else {})
        except Exception as error:  # the test lists every failing page
            failures.append((url, repr(error)))
            continue
        text = page.get_data(as_text=True) if page.mimetype == "text/html" else ""
        if page.status_code >= 500 or SCRIPT in text or IMAGE in text:
            failures.append((url, str(page.status_code)))
    assert not failures, "\n".join(f"{url}: {why}" for url, why in failures)


def test_the_pages_show_the_huge_numbers_readably(app: Flask) -> None:
    values = _market(app)
    client = app.test_client()
    log_in(client, SUPPLIER)
    page = client.get("/listings/mine?lang=en").get_data(as_text=True)
    assert "1E27" in page and "1E300" in page
    assert SCRIPT not in page and "&lt;script&gt;" in page
    assert client.get(f"/lots/{values['lot_id']}").status_code == 200


@pytest.mark.parametrize(
    ("value", "pattern", "kind", "shown"),
    [
        (1e27, "#,##0.#", "decimal", "1E27"),
        (-1.25e300, "#,##0", "decimal", "-1,25E300"),
        (10**400, "#,##0", "decimal", "1E400"),
        (1e-300, "#,##0.0#", "decimal", "0,0"),
        (-0.0, "#,##0", "decimal", "0"),
        (-0.0004, "#,##0.0", "decimal", "0,0"),
        (float("nan"), "#,##0.0", "decimal", "NaN"),
        (float("-inf"), "#,##0", "decimal", "-∞"),
        (1234.5, "#,##0.#", "decimal", "1.234,5"),
        (0.25, None, "percent", "25%"),
        (1e20, None, "percent", "1E22%"),
        (1e27, None, "currency", "€\xa01E27"),
        (12.5, None, "currency", "€\xa012,50"),
        ("n/a", None, "decimal", "n/a"),
    ],
)
def test_the_number_formatter_never_raises(
    app: Flask, value: object, pattern: str | None, kind: str, shown: str
) -> None:
    with app.test_request_context("/?lang=nl"):
        assert format_number(value, pattern, kind=kind) == shown
