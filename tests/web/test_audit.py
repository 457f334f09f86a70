"""The audit log page: coordinators only, filtered by action, actor, object and dates, paged."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from market.audit.services import PER_PAGE, record
from market.models import User
from tests.conftest import log_in, log_out, post_form, state
from tests.web.conftest import Market
from tests.web.review_helpers import add_solved_run


def add_entries(app: Flask, market: Market) -> None:
    """Two farm approvals by the coordinator in May, a proposal rejection by a farmer in June."""
    with state(app).session_factory() as session:
        ids = {email: id_ for email, id_ in session.execute(select(User.email, User.id))}
        boss, farmer = ids[market.coordinator_email], ids[market.arable_email]
        stamps = [datetime(2026, 5, 2, 9, tzinfo=UTC), datetime(2026, 5, 31, 23, tzinfo=UTC)]
        for farm_id, stamp in zip((7, 8), stamps, strict=True):
            record(
                session, boss, "farm.approve", "farm", farm_id, skal_number="SKAL-1"
            ).created_at = stamp
        rejection = record(session, farmer, "proposal.reject", "proposal", 41)
        rejection.created_at = datetime(2026, 6, 1, 8, tzinfo=UTC)
        session.commit()


def audit(client: FlaskClient, query: str = "") -> str:
    response = client.get(f"/audit{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_coordinator_reads_the_log_newest_first(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    add_entries(app, marketplace)
    log_in(client, marketplace.coordinator_email)
    page = audit(client, "?lang=en")
    assert 'href="/audit"' in page and "Entries (3)" in page
    assert page.index("proposal rejected") < page.index("farm 8") < page.index("farm 7")
    assert "Skal number: SKAL-1" in page and "farm approved" in page
    dutch = audit(client, "?lang=nl")
    assert "Auditlogboek" in dutch and "voorstel afgewezen" in dutch and "bedrijf 8" in dutch
    assert '<option value="proposal.reject">voorstel afgewezen</option>' in dutch
    assert "proposal.reject</td>" not in dutch and "Skal-nummer: SKAL-1" in dutch


def test_a_farmer_may_not_read_the_log(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    add_entries(app, marketplace)
    log_in(client, marketplace.arable_email)
    assert client.get("/audit").status_code == 403
    assert 'href="/audit"' not in client.get("/").get_data(as_text=True)
    log_out(client)
    assert client.get("/audit").status_code == 302


def test_the_filters_narrow_the_log(app: Flask, client: FlaskClient, marketplace: Market) -> None:
    add_entries(app, marketplace)
    log_in(client, marketplace.coordinator_email)
    assert "(1)" in audit(client, "?action=proposal.reject")
    with state(app).session_factory() as session:
        farmer = session.scalar(select(User.id).where(User.email == marketplace.arable_email))
    assert "(1)" in audit(client, f"?actor={farmer}")
    assert "(2)" in audit(client, "?target_type=farm")
    assert "(1)" in audit(client, "?target_type=farm&target_id=8")
    assert "(2)" in audit(client, "?since=2026-05-31")
    assert "(1)" in audit(client, "?until=2026-05-31")  # 31 May 23:00 UTC is 1 June here
    assert "(2)" in audit(client, "?since=2026-06-01&until=2026-06-01")


def test_unknown_parameters_are_ignored(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    add_entries(app, marketplace)
    log_in(client, marketplace.coordinator_email)
    assert "(2)" in audit(client, "?target_type=farm&utm_source=mail&per_page=x")


def test_a_filter_that_cannot_be_read_is_a_400(client: FlaskClient, marketplace: Market) -> None:
    log_in(client, marketplace.coordinator_email)
    response = client.get("/audit?since=31-05-2026&target_id=x")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="since-error"' in page and 'id="target_id-error"' in page


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("target_id=²", "target_id", "Vul een getal in."),
        ("actor=abc", "actor", "Vul een getal in."),
        ("target_id=0", "target_id", "Moet een geheel getal van 1 tot en met 2.147.483.647 zijn."),
        ("since=2026-02-30", "since", "Vul een datum in als JJJJ-MM-DD."),
        ("since=2026-06-01&until=2026-05-31", "until", "Mag niet voor de begindatum liggen."),
        ("page=²", "page", "Pagina: Vul een getal in."),
    ],
)
def test_each_refused_filter_is_a_400_with_its_message_and_the_whole_log(
    app: Flask, client: FlaskClient, marketplace: Market, query: str, field: str, message: str
) -> None:
    add_entries(app, marketplace)
    log_in(client, marketplace.coordinator_email)
    response = client.get(f"/audit?action=farm.approve&{query}")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f'<p class="field-error" id="{field}-error">{message}</p>' in page
    assert "(3)" in page  # refused filters show the whole log


def test_an_adjustment_on_the_review_page_is_in_the_log(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    run_id, proposal_id = add_solved_run(app, tonnes=1200.0)
    log_in(client, marketplace.coordinator_email)
    action = f"/review/proposals/{proposal_id}/adjust"
    response = post_form(client, f"/review/runs/{run_id}", {"tonnes": "900,5"}, action)
    assert response.status_code == 302
    page = audit(client, "?action=proposal.adjust")
    assert f"voorstel {proposal_id}</a></td>" in page and "tonnen aangepast" in page
    assert f"ronde: {run_id}; ton: 900,5; ton vooraf: 1.200</td>" in page


def test_the_log_comes_a_page_at_a_time(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    with state(app).session_factory() as session:
        for number in range(PER_PAGE + 1):
            record(session, None, "farm.approve", "farm", number + 1)
        session.commit()
    log_in(client, marketplace.coordinator_email)
    first = audit(client, "?lang=en&target_type=farm")
    assert first.count("<tr>") == PER_PAGE + 1  # the header row and a full page
    assert "Page 1 of 2" in first and "page=2" in first and "target_type=farm" in first
    second = audit(client, "?target_type=farm&page=2")
    assert second.count("<tr>") == 2 and ">farm 1</a></td>" in second  # the oldest
