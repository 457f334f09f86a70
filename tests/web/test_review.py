"""Coordinator review: start a run, the run page and its progress, exports, permissions."""

from __future__ import annotations

import io

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import select

from config import tasks
from market.core.labels.reasons import REASONS
from market.models import MatchRun, RunPhase, RunStatus
from matching.explain import MESSAGES
from tests.conftest import log_in, post_form, state
from tests.factories import add_run
from tests.web.conftest import Market
from tests.web.review_helpers import add_run_without_solution, add_solved_run
from tests.web.test_broker import received_task


def test_starting_a_run_commits_it_queued_and_enqueues_its_id(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    log_in(client, marketplace.coordinator_email)
    data = {"region": "Zeeland", "start": "2026-03-01", "until": "2026-06-30"}
    response = post_form(client, "/review", data, "/review/runs")
    with state(app).session_factory() as session:
        run = session.scalars(select(MatchRun)).one()
        assert run.status is RunStatus.QUEUED
        assert run.scope == {"region": "Zeeland", "from": "2026-03-01", "until": "2026-06-30"}
        assert run.params["n_cap_kg_per_ha"] == 170.0
    assert response.headers["Location"] == f"/review/runs/{run.id}"
    assert received_task(state(app).settings) == (tasks.RUN_MATCHING, [run.id])


def test_a_bad_scope_is_refused_next_to_its_field(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    log_in(client, marketplace.coordinator_email)
    data = {"region": "Atlantis", "start": "2026-06-01", "until": "2026-03-01"}
    response = post_form(client, "/review", data, "/review/runs")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Onbekende waarde Atlantis." in page
    assert "Mag niet voor de begindatum liggen." in page
    with state(app).session_factory() as session:
        assert session.scalars(select(MatchRun)).all() == []


def test_the_run_page_shows_progress_totals_flows_and_reasons(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    run_id, proposal_id = add_solved_run(app)
    log_in(client, marketplace.coordinator_email)
    page = client.get(f"/review/runs/{run_id}").get_data(as_text=True)
    assert 'value="100"' in page
    assert "528</strong> kg N geplaatst" in page
    assert "4.464</strong> tonkilometer" in page
    assert "Meststof van categorie C mag niet" in page  # the reason, translated by code
    assert "&#34;tonnes&#34;: 120.0" in page  # the map's flow, as a data attribute
    assert f'action="/review/proposals/{proposal_id}/approve"' in page
    assert "<script>" not in page
    state_json = client.get(f"/review/runs/{run_id}/progress.json").get_json()
    assert state_json == {
        "status": "solved",
        "phase": "done",
        "percent": 100,
        "elapsed_s": 42,
        "finished": True,
        "status_label": "opgelost",
        "phase_label": "klaar",
    }


def test_progress_of_a_queued_run(app: Flask, client: FlaskClient, marketplace: Market) -> None:
    with state(app).session_factory() as session:
        run = MatchRun(scope={}, params={}, solver="highs", gap=1e-4)
        session.add(run)
        session.commit()
        run_id = run.id
    log_in(client, marketplace.coordinator_email)
    got = client.get(f"/review/runs/{run_id}/progress.json").get_json()
    assert (got["status"], got["percent"], got["finished"]) == ("queued", 0, False)
    page = client.get(f"/review/runs/{run_id}").get_data(as_text=True)
    assert "Totalen" not in page
    assert '<span data-field="phase" hidden>' in page  # "in de wachtrij" said once, not twice


def test_exports_as_csv_and_xlsx(app: Flask, client: FlaskClient, marketplace: Market) -> None:
    run_id, _ = add_solved_run(app)
    log_in(client, marketplace.coordinator_email)
    csv = client.get(f"/review/runs/{run_id}/proposals.csv")
    lines = csv.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Voorstel;Leverancier;Partij;Soort;Categorie;Ontvanger")
    assert ";De Hoeve;1;Rundveedrijfmest;A;" in lines[1]
    assert lines[1].endswith(";120;528;528;37,2;669,6;;;;;;voorgesteld")  # no terms: empty cells
    xlsx = client.get(f"/review/runs/{run_id}/proposals.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][1] == "De Hoeve" and rows[1][7] == 120.0
    assert "attachment" in xlsx.headers["Content-Disposition"]


def test_only_coordinators_review(app: Flask, client: FlaskClient, marketplace: Market) -> None:
    run_id, proposal_id = add_solved_run(app)
    log_in(client, marketplace.livestock_email)
    for url in (
        "/review",
        f"/review/runs/{run_id}",
        f"/review/runs/{run_id}/progress.json",
        f"/review/runs/{run_id}/proposals.csv",
        f"/review/runs/{run_id}/proposals.xlsx",
    ):
        assert client.get(url).status_code == 403, url
    for action in (
        f"/review/proposals/{proposal_id}/approve",
        f"/review/runs/{run_id}/approve-all",
        f"/review/proposals/{proposal_id}/adjust",
        "/review/runs",
    ):
        assert post_form(client, "/listings", {"tonnes": "1"}, action).status_code == 403, action
    anonymous = app.test_client()
    assert anonymous.get(f"/review/runs/{run_id}").status_code == 302


def test_unknown_run_is_404(client: FlaskClient, marketplace: Market) -> None:
    log_in(client, marketplace.coordinator_email)
    assert client.get("/review/runs/999").status_code == 404


def test_every_reason_the_engine_gives_has_a_translation() -> None:
    assert set(REASONS) == set(MESSAGES)


def test_a_run_without_a_solution_says_so_and_retries_with_twice_the_limit(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    run_id = add_run_without_solution(app, time_limit_s=60.0)
    log_in(client, marketplace.coordinator_email)
    page = client.get(f"/review/runs/{run_id}").get_data(as_text=True)
    assert "geen oplossing binnen de tijdslimiet" in page
    assert "geen haalbaar plan" in page and "Opnieuw proberen met een tijdslimiet van 120 s" in page
    response = post_form(client, f"/review/runs/{run_id}", {}, f"/review/runs/{run_id}/retry")
    with state(app).session_factory() as session:
        again = session.scalars(select(MatchRun).where(MatchRun.id != run_id)).one()
        assert (again.status, again.time_limit_s) == (RunStatus.QUEUED, 120.0)
        assert again.scope == {"region": "Zeeland", "from": "2026-03-01", "until": None}
    assert response.headers["Location"] == f"/review/runs/{again.id}"
    assert received_task(state(app).settings) == (tasks.RUN_MATCHING, [again.id])
    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Er is een nieuwe ronde gestart met een tijdslimiet van 120 s." in shown


def test_no_retry_beyond_the_worker_s_limit_nor_for_a_solved_run(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    longest = add_run_without_solution(app, time_limit_s=None)  # had the worker's own limit
    solved, _ = add_solved_run(app)
    log_in(client, marketplace.coordinator_email)
    page = client.get(f"/review/runs/{longest}").get_data(as_text=True)
    assert "MESTMATCH_SOLVER_TIME_LIMIT_S" in page and "Opnieuw proberen" not in page
    for run_id in (longest, solved):
        response = post_form(client, f"/review/runs/{run_id}", {}, f"/review/runs/{run_id}/retry")
        assert response.status_code == 409


@pytest.mark.parametrize(
    ("status", "sentence"),
    [
        (RunStatus.FAILED, "Deze ronde is mislukt en doet daarom geen voorstellen."),
        (RunStatus.INFEASIBLE, "Geen enkel plan houdt zich voor deze selectie aan alle regels"),
    ],
)
def test_a_failed_run_says_so_and_shows_its_technical_message_labelled(
    app: Flask, client: FlaskClient, marketplace: Market, status: RunStatus, sentence: str
) -> None:
    error = "invalid instance: lot 7: tonnes must be positive"
    with state(app).session_factory() as session:
        run = add_run(session, status=status, phase=RunPhase.DONE, error_text=error)
        session.commit()
        run_id = run.id
    log_in(client, marketplace.coordinator_email)
    page = client.get(f"/review/runs/{run_id}").get_data(as_text=True)
    assert sentence in page and "Start een nieuwe ronde" in page
    assert f"Technische melding: <code>{error}</code>" in page
    for misleading in ("Al het overschot", "Ontvangende bedrijven", "Niet geplaatst", "Totalen"):
        assert misleading not in page, misleading


def test_the_totals_write_tonnes_as_the_proposals_do(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    """A run's total tonnes kept their tenth like every other tonnes on the page ("14.985
    ton" once stood beside "14.985,3")."""
    run_id, _ = add_solved_run(app, tonnes=14_985.3)
    log_in(client, marketplace.coordinator_email)
    page = client.get(f"/review/runs/{run_id}").get_data(as_text=True)
    assert "14.985,3</strong> ton</div>" in page
    assert "14.985</strong>" not in page


def test_the_totals_count_one_proposal_in_the_singular(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    run_id, _ = add_solved_run(app)
    log_in(client, marketplace.coordinator_email)
    dutch = client.get(f"/review/runs/{run_id}").get_data(as_text=True)
    assert "<strong>1</strong> voorstel</div>" in dutch
    english = client.get(f"/review/runs/{run_id}?lang=en").get_data(as_text=True)
    assert "<strong>1</strong> proposal</div>" in english
