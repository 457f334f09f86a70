"""An approve-all names the proposals it skipped, each with its reason, on the run page itself.

The flash only counts them and is gone on the next reload, so each skipped row says why in the
words approving it alone gives (`market.core.schemas.translate.message`), remembered for the
run in one audit entry (`market.proposals.services.skipped`): a second coordinator, or the
same one after a reload, reads the same reasons. One run of two proposals: De Hoeve's poultry
manure (50 t) fits; 300 t of its 1,250 t cattle slurry do not, as another run's approved
1,000 t of that lot leave 250 t.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from market.core.validation import FieldError, Figure
from market.models import AuditEntry, ReviewStatus, RunPhase, RunStatus
from tests.conftest import log_in, post_form, state
from tests.factories import add_proposal, add_run
from tests.web.conftest import Market
from tests.web.market_helpers import lot_ids, request_ids
from tests.web.review_helpers import proposal_row

LOT_TAKEN_NL = "Van deze partij kan nog 250 t worden goedgekeurd; dit voorstel vraagt 300 t."
LOT_TAKEN_EN = "Only 250 t of this lot is left to approve; this proposal needs 300 t."
WHEN_NL = r"\d\d-\d\d-\d{4}, \d\d:\d\d"


def run_with_one_skip(app: Flask) -> tuple[int, int, int]:
    """(run id, the proposal that fits, the proposal whose lot has too little left)."""
    slurry, poultry = lot_ids(app, "De Hoeve")[:2]
    akker, own = request_ids(app, "Akkerbouw Zeeland")[0], request_ids(app, "De Hoeve")[0]
    with state(app).session_factory() as session:
        earlier = add_run(session, status=RunStatus.SOLVED, phase=RunPhase.DONE)
        add_proposal(session, earlier, slurry, own, 1000.0, review_status=ReviewStatus.APPROVED)
        run = add_run(session, status=RunStatus.SOLVED, phase=RunPhase.DONE)
        fits = add_proposal(session, run, poultry, akker, 50.0)
        skipped = add_proposal(session, run, slurry, akker, 300.0)
        session.commit()
        return run.id, fits.id, skipped.id


@pytest.fixture
def coordinator(client: FlaskClient, marketplace: Market) -> FlaskClient:
    log_in(client, marketplace.coordinator_email)
    return client


def note(page: str, proposal_id: int) -> str | None:
    """The skip note on the row of `proposal_id`, if the page shows one."""
    found = re.search(rf'<p class="field-error" id="skipped-{proposal_id}">([^<]*)</p>', page)
    return found.group(1) if found else None


def test_the_skipped_proposal_is_named_on_its_row_with_its_reason(
    app: Flask, coordinator: FlaskClient, marketplace: Market
) -> None:
    run_id, fits, skipped = run_with_one_skip(app)
    page = f"/review/runs/{run_id}"
    answer = post_form(coordinator, page, {}, f"{page}/approve-all")
    assert answer.headers["Location"] == f"{page}?status=proposed#proposals-title"
    assert proposal_row(app, fits).review_status is ReviewStatus.APPROVED
    assert proposal_row(app, skipped).review_status is ReviewStatus.PROPOSED
    shown = coordinator.get(answer.headers["Location"]).get_data(as_text=True)
    assert (
        "1 voorstel goedgekeurd. 1 overgeslagen omdat de partij te weinig over heeft."
        " Bij elk open gebleven voorstel staat waarom."
    ) in shown
    assert f'id="p{fits}"' not in shown  # the open ones only: the skipped one
    said = note(shown, skipped)
    assert said is not None
    assert re.fullmatch(f"Overgeslagen bij het goedkeuren op {WHEN_NL}: {LOT_TAKEN_NL}", said)

    # A reload, or a coordinator taking over in another session: no flash, the same reason.
    other = app.test_client()
    log_in(other, marketplace.coordinator_email)
    reloaded = other.get(page).get_data(as_text=True)
    assert "overgeslagen omdat" not in reloaded
    assert note(reloaded, skipped) == said and note(reloaded, fits) is None
    english = other.get(f"{page}?lang=en").get_data(as_text=True)
    assert (note(english, skipped) or "").endswith(f": {LOT_TAKEN_EN}")


def test_the_row_says_what_approving_it_alone_says(app: Flask, coordinator: FlaskClient) -> None:
    """One wording: the single approval's refusal is the row's reason, word for word."""
    run_id, _fits, skipped = run_with_one_skip(app)
    page = f"/review/runs/{run_id}"
    post_form(coordinator, page, {}, f"{page}/approve-all")
    coordinator.get(page)  # the approve-all's flash is read
    post_form(coordinator, page, {}, f"/review/proposals/{skipped}/approve")
    shown = coordinator.get(page).get_data(as_text=True)
    assert LOT_TAKEN_NL in shown.replace(note(shown, skipped) or "", "")  # the flash
    assert (note(shown, skipped) or "").endswith(f": {LOT_TAKEN_NL}")


def test_a_reviewed_proposal_loses_its_note_and_one_entry_remembers_the_run(
    app: Flask, coordinator: FlaskClient
) -> None:
    run_id, _fits, skipped = run_with_one_skip(app)
    page = f"/review/runs/{run_id}"
    post_form(coordinator, page, {}, f"{page}/approve-all")
    with state(app).session_factory() as session:
        entries = session.scalars(select(AuditEntry).where(AuditEntry.action == "run.skipped"))
        [entry] = entries
    assert (entry.target_type, entry.target_id) == ("run", run_id)
    assert [item["proposal_id"] for item in entry.detail["skipped"]] == [skipped]
    log = coordinator.get("/audit").get_data(as_text=True)
    assert "voorstellen overgeslagen bij goedkeuren in één keer" in log
    assert "overgeslagen voorstellen: 1" in log
    post_form(coordinator, page, {"reason": "Te ver"}, f"/review/proposals/{skipped}/reject")
    assert note(coordinator.get(page).get_data(as_text=True), skipped) is None


def test_a_proposal_adjusted_since_loses_its_note(app: Flask, coordinator: FlaskClient) -> None:
    """The note said 300 t did not fit; once the coordinator sets it to 250 t the note would
    be false (a newcomer saw "this proposal needs 50 t" beside a row of 30 t)."""
    run_id, _fits, skipped = run_with_one_skip(app)
    page = f"/review/runs/{run_id}"
    post_form(coordinator, page, {}, f"{page}/approve-all")
    assert note(coordinator.get(page).get_data(as_text=True), skipped) is not None
    adjusted = post_form(
        coordinator, page, {"tonnes": "250"}, f"/review/proposals/{skipped}/adjust"
    )
    assert adjusted.status_code == 302 and proposal_row(app, skipped).tonnes == 250.0
    shown = coordinator.get(page).get_data(as_text=True)
    assert proposal_row(app, skipped).review_status is ReviewStatus.PROPOSED
    assert note(shown, skipped) is None


def test_approving_the_filtered_set_names_its_skips_too(
    app: Flask, coordinator: FlaskClient
) -> None:
    run_id, fits, skipped = run_with_one_skip(app)
    page = f"/review/runs/{run_id}?farm=hoeve"
    answer = post_form(coordinator, page, {}, f"/review/runs/{run_id}/approve-filtered?farm=hoeve")
    assert answer.headers["Location"].endswith("farm=hoeve&sort=n_kg#proposals-title")
    shown = coordinator.get(page).get_data(as_text=True)
    assert (note(shown, skipped) or "").endswith(f": {LOT_TAKEN_NL}")
    assert proposal_row(app, fits).review_status is ReviewStatus.APPROVED


def test_rejecting_all_skips_nothing_and_goes_back_to_the_whole_run(
    app: Flask, coordinator: FlaskClient
) -> None:
    run_id, fits, skipped = run_with_one_skip(app)
    page = f"/review/runs/{run_id}"
    answer = post_form(coordinator, page, {}, f"{page}/reject-all")
    assert answer.headers["Location"] == page
    assert {proposal_row(app, i).review_status for i in (fits, skipped)} == {ReviewStatus.REJECTED}
    assert "Bij elk open gebleven voorstel" not in coordinator.get(page).get_data(as_text=True)


def test_a_refusal_is_stored_and_restored_with_its_figures() -> None:
    refusal = FieldError(
        "lot_taken", {"left": Figure(250.0, "#,##0.#"), "needs": 300, "day": date(2027, 2, 1)}
    )
    again = FieldError.restored(refusal.stored())
    assert (again.code, again.params) == (refusal.code, refusal.params)
    assert isinstance(again.params["left"], Figure) and again.params["left"].pattern == "#,##0.#"
