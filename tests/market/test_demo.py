"""The demo data set and the `python -m market` commands."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash

from config import Settings
from config.settings import PROJECT_ROOT
from market.accounts.services.farms import farm_own_manure_n_kg
from market.core.cli import cli
from market.core.clock import today
from market.demo.seed import DemoReport, seed_demo
from market.models import Farm, FarmStatus, Lot, MatchRun, Proposal, Request, Role, RunStatus, User
from tests.conftest import log_in, post_form, state
from worker import pipeline
from worker.context import WorkerContext

SEED_DAY = date(2026, 11, 24)
PROVINCES = {
    "Friesland",
    "Groningen",
    "Drenthe",
    "Overijssel",
    "Gelderland",
    "Flevoland",
    "Noord-Brabant",
    "Limburg",
    "Zeeland",
    "Noord-Holland",
    "Zuid-Holland",
    "Utrecht",
}


def counts(session: Session) -> tuple[int, ...]:
    return tuple(
        session.scalar(select(func.count()).select_from(model)) or 0
        for model in (Farm, Lot, Request, User)
    )


def test_the_demo_covers_the_country_and_both_sides(db: Session) -> None:
    report = seed_demo(db, SEED_DAY)
    farms = db.scalars(select(Farm)).all()
    users = len(report.accounts) + len(report.farm_accounts)
    assert report.created and counts(db) == (report.farms, report.lots, report.requests, users)
    assert len(farms) >= 40 and {farm.province for farm in farms} == PROVINCES
    assert {farm.status for farm in farms} == set(FarmStatus)
    both_sides = {farm.id for farm in farms if farm.lots and farm.requests}
    assert len(both_sides) >= 2
    assert len(set(db.scalars(select(Lot.kind)))) >= 14


def test_seeding_twice_changes_nothing(sqlite_session: Session) -> None:
    seed_demo(sqlite_session, SEED_DAY)
    before = counts(sqlite_session)
    again = seed_demo(sqlite_session, SEED_DAY)
    assert not again.created
    assert counts(sqlite_session) == before
    assert "already present" in again.lines()[0]


def test_the_printed_passwords_open_the_demo_accounts(sqlite_session: Session) -> None:
    report = seed_demo(sqlite_session, SEED_DAY)
    printed = "\n".join(report.lines())
    for account in report.accounts:
        user = sqlite_session.scalar(select(User).where(User.email == account.email))
        assert user is not None and check_password_hash(user.password_hash, account.password)
        assert user.role is Role(account.role)
        assert (user.farm is None) == (user.role is Role.COORDINATOR)
        assert f"{account.email} / {account.password}" in printed
    for account in report.farm_accounts:
        user = sqlite_session.scalar(select(User).where(User.email == account.email))
        assert user is not None and user.farm is not None and user.farm.name == account.farm
        assert check_password_hash(user.password_hash, account.password)
        assert account.password in printed and account.email in printed


def test_every_demo_farm_can_log_in_with_a_password_of_its_own(sqlite_session: Session) -> None:
    """Generated passwords: distinct, long, never the documented ones, never printed again."""
    report = seed_demo(sqlite_session, SEED_DAY)
    farms = sqlite_session.scalars(select(Farm)).all()
    assert all(farm.users for farm in farms) and len(farms) == 40
    passwords = [account.password for account in report.farm_accounts]
    assert len(passwords) == 38 and len(set(passwords)) == 38
    assert all(len(password) >= 12 for password in passwords)
    assert {a.role for a in report.farm_accounts} == {"livestock_farmer", "arable_farmer"}
    again = "\n".join(seed_demo(sqlite_session, SEED_DAY).lines())
    assert not any(password in again for password in passwords)


def test_a_generated_demo_log_in_opens_the_farm_in_the_browser(app: Flask) -> None:
    with state(app).session_factory() as session:
        report = seed_demo(session, SEED_DAY)
        session.commit()
    account = next(a for a in report.farm_accounts if a.role == "livestock_farmer")
    client = app.test_client()
    assert log_in(client, account.email, account.password).status_code == 302
    page = client.get("/farm")
    assert page.status_code == 200 and account.farm is not None
    assert account.farm in page.get_data(as_text=True)


def solved_demo_run(settings: Settings, session: Session) -> tuple[DemoReport, MatchRun]:
    """The demo seeded with its run, solved by the worker's own pipeline in this process."""
    report = seed_demo(session, today(settings), settings)
    session.commit()
    assert report.run_id is not None
    ctx = WorkerContext(settings)
    try:
        plan = pipeline.claim_and_prepare(ctx, report.run_id, "demo-test")
        assert plan is not None
        for index in plan.pending:
            pipeline.solve_stored_component(ctx, report.run_id, index, plan.token)
        assert pipeline.finish_run(ctx, report.run_id, plan.token) == "solved"
    finally:
        ctx.dispose()
    session.expire_all()
    return report, session.get_one(MatchRun, report.run_id)


def test_the_demo_run_pairs_farms_that_can_log_in(
    settings: Settings, sqlite_session: Session
) -> None:
    report, run = solved_demo_run(settings, sqlite_session)
    creator = sqlite_session.get_one(User, run.created_by_id)
    assert run.status is RunStatus.SOLVED and creator.email == "coordinator@demo.mestmatch.nl"
    proposals = sqlite_session.scalars(select(Proposal).where(Proposal.run_id == run.id)).all()
    assert len(proposals) >= 5
    passwords = {a.email: a.password for a in (*report.accounts, *report.farm_accounts)}
    for proposal in proposals:
        for farm in (proposal.lot.farm, proposal.request.farm):
            assert any(user.email in passwords for user in farm.users), farm.name
    assert "Demo run" in "\n".join(report.lines())


def test_a_newcomer_walks_a_demo_proposal_to_its_delivery_and_declaration(
    app: Flask,
) -> None:
    """With nothing but the printed log-ins: the coordinator approves a proposal of the demo
    run, both farms accept it, the receiver records the delivery and gets its declaration."""
    settings = state(app).settings
    with state(app).session_factory() as session:
        report, run = solved_demo_run(settings, session)
        proposal = session.scalars(select(Proposal).where(Proposal.run_id == run.id)).first()
        assert proposal is not None
        pid, tonnes, n_per_t = proposal.id, proposal.tonnes, proposal.n_kg / proposal.tonnes
        parties = [proposal.lot.farm.name, proposal.request.farm.name]
        window = (proposal.delivery_from, proposal.delivery_until)
    passwords = {a.farm: (a.email, a.password) for a in (*report.accounts, *report.farm_accounts)}
    coordinator = app.test_client()
    log_in(coordinator, "coordinator@demo.mestmatch.nl", "coordinator-demo")
    approved = post_form(
        coordinator, f"/review/runs/{run.id}", {}, f"/review/proposals/{pid}/approve"
    )
    assert approved.status_code == 302
    farmers = []
    for farm in parties:
        farmer = app.test_client()
        assert log_in(farmer, *passwords[farm]).status_code == 302
        assert post_form(farmer, "/proposals", {}, f"/proposals/{pid}/accept").status_code == 302
        farmers.append(farmer)
    receiver = farmers[1]
    delivery = {
        "delivered_on": today(settings).isoformat(),
        "weighed_tonnes": f"{tonnes:.1f}".replace(".", ","),
        "n_kg_per_t": f"{n_per_t:.2f}".replace(".", ","),
        "p2o5_kg_per_t": "",
        "k2o_kg_per_t": "",
        "sample_analysis_ref": "",
        "transport_document_no": "VDM-DEMO-1",
        "intermediary_name": "",
    }
    day = today(settings)
    if (window[0] is not None and day < window[0]) or (window[1] is not None and day > window[1]):
        # Weighed today, outside the spreading period the proposal was made for: booked only
        # once the receiver confirms the manure is stored until then.
        refused = post_form(receiver, f"/deliveries/new/{pid}", delivery)
        assert refused.status_code == 400
        assert "buiten de leverperiode" in refused.get_data(as_text=True)
        delivery["confirm_outside_window"] = "y"
    booked = post_form(receiver, f"/deliveries/new/{pid}", delivery)
    assert booked.status_code == 302, booked.get_data(as_text=True)[:2000]
    shown = receiver.get(booked.headers["Location"])
    assert "Verklaring van herkomst (pdf)" in shown.get_data(as_text=True)
    # A delivery booked outside the window keeps that the receiver stores the manure.
    stored = "slaat de mest op tot uitrijden mag (leverperiode "
    assert (stored in shown.get_data(as_text=True)) is ("confirm_outside_window" in delivery)
    pdf = receiver.get(f"{booked.headers['Location']}/declaration.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")


def test_demo_lots_use_lab_analyses_standard_contents_and_an_intermediary(
    sqlite_session: Session,
) -> None:
    seed_demo(sqlite_session, SEED_DAY)
    lots = sqlite_session.scalars(select(Lot)).all()
    assert {lot.analysis_source.value for lot in lots} == {"measured", "standard"}
    brokered = [lot for lot in lots if lot.intermediary_name]
    assert len(brokered) == 1 and brokered[0].intermediary_skal_approved
    assert all(lot.available_from == SEED_DAY for lot in lots)


def test_every_demo_farm_has_a_computable_own_production(sqlite_session: Session) -> None:
    seed_demo(sqlite_session, SEED_DAY)
    farms = sqlite_session.scalars(select(Farm)).all()
    produced = {farm.name: farm_own_manure_n_kg(farm) for farm in farms}
    assert produced["Akkerbouw Dronten"] == 0
    assert produced["Melkveebedrijf De Terp"] > 170 * 62


def test_the_commands_migrate_and_seed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MESTMATCH_INSTANCE", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    runner = CliRunner()
    assert runner.invoke(cli, ["migrate"]).exit_code == 0
    assert (tmp_path / "broker" / "queue").is_dir() and (tmp_path / "broker" / "control").is_dir()
    first, second = (runner.invoke(cli, ["seed-demo"]) for _ in range(2))
    assert first.exit_code == 0 and "Demo data created: 40 farms" in first.output
    assert "coordinator@demo.mestmatch.nl / coordinator-demo" in first.output
    assert "already present" in second.output


def test_seeding_an_empty_database_asks_for_the_migration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MESTMATCH_INSTANCE", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    result = CliRunner().invoke(cli, ["seed-demo"])
    assert result.exit_code == 1
    assert "run `migrate` first" in result.output


def test_python_dash_m_market_runs_the_cli() -> None:
    env = {**os.environ, "MESTMATCH_INSTANCE": "/nonexistent-not-used"}
    done = subprocess.run(
        [sys.executable, "-m", "market", "--help"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "migrate" in done.stdout and "seed-demo" in done.stdout


def test_create_coordinator_makes_one_account_and_refuses_a_second(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MESTMATCH_INSTANCE", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    runner = CliRunner()
    assert runner.invoke(cli, ["migrate"]).exit_code == 0
    args = ["create-coordinator", "--email", "Coo@Example.nl", "--password", "a long password x"]
    first, second = runner.invoke(cli, args), runner.invoke(cli, args)
    assert first.exit_code == 0 and "Coordinator coo@example.nl created." in first.output
    assert second.exit_code == 1 and "email:" in second.output
    short = runner.invoke(
        cli, ["create-coordinator", "--email", "b@example.nl", "--password", "short"]
    )
    assert short.exit_code == 1 and "password:" in short.output
