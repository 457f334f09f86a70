"""Approve, reject (one or all) and adjust tonnes with the rules rechecked; farms are mailed."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from market.models import Lot, Proposal, ReviewStatus
from tests.conftest import log_in, post_form, state
from tests.web.conftest import Market
from tests.web.market_helpers import lot_ids, mails
from tests.web.review_helpers import add_solved_run, proposal_row


@pytest.fixture
def coordinator(client: FlaskClient, marketplace: Market) -> FlaskClient:
    log_in(client, marketplace.coordinator_email)
    return client


def test_approving_one_proposal_mails_both_farms(
    app: Flask, coordinator: FlaskClient, marketplace: Market
) -> None:
    run_id, proposal_id = add_solved_run(app)
    page = f"/review/runs/{run_id}"
    response = post_form(coordinator, page, {}, f"/review/proposals/{proposal_id}/approve")
    assert response.headers["Location"] == f"{page}#p{proposal_id}"
    row = proposal_row(app, proposal_id)
    assert row.review_status is ReviewStatus.APPROVED and row.reviewed_by_id is not None
    assert {mail["To"] for mail in mails(app)} == {
        marketplace.livestock_email,
        marketplace.arable_email,
    }
    again = post_form(coordinator, page, {}, f"/review/proposals/{proposal_id}/reject")
    assert again.status_code == 302
    assert proposal_row(app, proposal_id).review_status is ReviewStatus.APPROVED
    refused = "Dit voorstel is goedgekeurd nadat u deze pagina opende"  # a verdict: stale
    assert refused in coordinator.get(page).get_data(as_text=True)


def test_rejecting_all_mails_nobody(app: Flask, coordinator: FlaskClient) -> None:
    run_id, proposal_id = add_solved_run(app)
    page = f"/review/runs/{run_id}"
    post_form(coordinator, page, {}, f"/review/runs/{run_id}/reject-all")
    assert proposal_row(app, proposal_id).review_status is ReviewStatus.REJECTED
    assert mails(app) == []


def test_approve_all_skips_a_proposal_whose_lot_changed(
    app: Flask, coordinator: FlaskClient
) -> None:
    run_id, proposal_id = add_solved_run(app)
    with state(app).session_factory() as session:
        session.get_one(Lot, lot_ids(app, "De Hoeve")[0]).version = 2
        session.commit()
    page = f"/review/runs/{run_id}"
    post_form(coordinator, page, {}, f"/review/runs/{run_id}/approve-all")
    assert proposal_row(app, proposal_id).review_status is ReviewStatus.PROPOSED
    shown = coordinator.get(page).get_data(as_text=True)
    assert "0 voorstellen goedgekeurd. 1 overgeslagen omdat de partij of vraag" in shown


def test_adjusting_tonnes_recomputes_n_and_cost(app: Flask, coordinator: FlaskClient) -> None:
    run_id, proposal_id = add_solved_run(app)
    action = f"/review/proposals/{proposal_id}/adjust"
    response = post_form(coordinator, f"/review/runs/{run_id}", {"tonnes": "100,5"}, action)
    assert response.status_code == 302
    row = proposal_row(app, proposal_id)
    assert row.tonnes == 100.5
    assert row.n_kg == pytest.approx(442.2) and row.a_n_kg == pytest.approx(442.2)
    assert row.cost_eur == pytest.approx(5.58 * 100.5)


@pytest.mark.parametrize(
    ("tonnes", "message"),
    [
        (
            "2000",
            "Van deze partij kan nog 1.250 t worden goedgekeurd; dit voorstel vraagt 2.000 t.",
        ),
        (
            "1.300",
            "Van deze partij kan nog 1.250 t worden goedgekeurd; dit voorstel vraagt 1.300 t.",
        ),
        ("1300.5", "Schrijf het getal zoals in 1234,5."),
        (
            "1000",
            "Van deze vraag kan nog 4.000 kg N worden goedgekeurd; dit voorstel vraagt 4.400 kg N.",
        ),
        ("0", "Moet meer dan 0 zijn."),
        ("veel", "Vul een getal in."),
    ],
)
def test_an_adjustment_that_breaks_a_rule_is_refused_at_the_field(
    app: Flask, coordinator: FlaskClient, tonnes: str, message: str
) -> None:
    run_id, proposal_id = add_solved_run(app)
    action = f"/review/proposals/{proposal_id}/adjust"
    response = post_form(coordinator, f"/review/runs/{run_id}", {"tonnes": tonnes}, action)
    assert response.status_code == 400
    assert f'<p class="field-error" id="tonnes-error">{message}</p>' in response.get_data(
        as_text=True
    )
    assert proposal_row(app, proposal_id).tonnes == 120.0


def test_an_adjustment_over_the_farms_n_room_is_refused(
    app: Flask, coordinator: FlaskClient
) -> None:
    """Akkerbouw Zeeland: 40 ha × 170 = 6,800 kg N room; lot and request are made large."""
    run_id, proposal_id = add_solved_run(app)
    with state(app).session_factory() as session:
        proposal = session.get_one(Proposal, proposal_id)
        proposal.lot.tonnes = 5000.0
        proposal.request.n_kg = 90000.0
        session.commit()
    action = f"/review/proposals/{proposal_id}/adjust"
    response = post_form(coordinator, f"/review/runs/{run_id}", {"tonnes": "2000"}, action)
    assert response.status_code == 400
    assert "De N-ruimte van het ontvangende bedrijf zou met 2.000 kg N worden overschreden." in (
        response.get_data(as_text=True)
    )


def test_the_live_check_answers_without_changing_anything(
    app: Flask, coordinator: FlaskClient
) -> None:
    _, proposal_id = add_solved_run(app)
    url = f"/review/proposals/{proposal_id}/check"
    assert coordinator.get(f"{url}?tonnes=100,5").get_json() == {
        "ok": True,
        "message": "442 kg N, waarvan 442 kg uit A.",
    }
    assert coordinator.get(f"{url}?tonnes=2000").get_json() == {
        "ok": False,
        "message": "Van deze partij kan nog 1.250 t worden goedgekeurd;"
        " dit voorstel vraagt 2.000 t.",
    }
    assert proposal_row(app, proposal_id).tonnes == 120.0


def test_approving_more_than_the_lot_has_left_is_refused_in_dutch(
    app: Flask, coordinator: FlaskClient
) -> None:
    """De Hoeve's lot holds 1250 t; another run's 1000 t are approved, so 300 t do not fit."""
    add_solved_run(app, tonnes=1000.0, review_status=ReviewStatus.APPROVED)
    run_id, proposal_id = add_solved_run(app, tonnes=300.0)
    page = f"/review/runs/{run_id}"
    response = post_form(coordinator, page, {}, f"/review/proposals/{proposal_id}/approve")
    assert response.headers["Location"] == page
    assert proposal_row(app, proposal_id).review_status is ReviewStatus.PROPOSED
    shown = coordinator.get(page).get_data(as_text=True)
    assert "Van deze partij kan nog 250 t worden goedgekeurd; dit voorstel vraagt 300 t." in shown


def test_the_prefilled_tonnes_are_written_as_the_coordinator_reads_them(
    app: Flask, coordinator: FlaskClient
) -> None:
    """A Dutch page shows "120" as the column does; sent back unchanged, it is read as 120 t
    (not refused)."""
    run_id, proposal_id = add_solved_run(app)
    page = f"/review/runs/{run_id}"
    assert 'name="tonnes" inputmode="decimal" autocomplete="off" value="120"' in (
        coordinator.get(page).get_data(as_text=True)
    )
    action = f"/review/proposals/{proposal_id}/adjust"
    assert post_form(coordinator, page, {"tonnes": "120"}, action).status_code == 302
    assert proposal_row(app, proposal_id).tonnes == 120.0


def test_reject_asks_first_and_keeps_the_reason(app: Flask, coordinator: FlaskClient) -> None:
    """The run page's Reject is a link to a question with room for a reason; only the
    confirmation's POST rejects, and the reason stays with the proposal."""
    run_id, proposal_id = add_solved_run(app)
    run_page = coordinator.get(f"/review/runs/{run_id}").get_data(as_text=True)
    question = f"/review/proposals/{proposal_id}/reject"
    assert f'href="{question}"' in run_page
    asked = coordinator.get(question)
    assert asked.status_code == 200 and "Dit voorstel afwijzen?" in asked.get_data(as_text=True)
    assert proposal_row(app, proposal_id).review_status is ReviewStatus.PROPOSED
    post_form(coordinator, question, {"reason": "Te ver voor deze tijd van het jaar"})
    row = proposal_row(app, proposal_id)
    assert row.review_status is ReviewStatus.REJECTED
    assert row.review_reason == "Te ver voor deze tijd van het jaar"


def test_reject_all_asks_first(app: Flask, coordinator: FlaskClient) -> None:
    run_id, proposal_id = add_solved_run(app)
    question = f"/review/runs/{run_id}/reject-all"
    assert f'href="{question}"' in coordinator.get(f"/review/runs/{run_id}").get_data(as_text=True)
    assert "Alle open voorstellen" in coordinator.get(question).get_data(as_text=True)
    post_form(coordinator, question, {"reason": "x" * 1001})  # too long: nothing happens
    assert proposal_row(app, proposal_id).review_status is ReviewStatus.PROPOSED
    post_form(coordinator, question, {"reason": "Nieuwe ronde volgt"})
    row = proposal_row(app, proposal_id)
    assert (row.review_status, row.review_reason) == (ReviewStatus.REJECTED, "Nieuwe ronde volgt")
