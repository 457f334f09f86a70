"""The demo data set and the `python -m market` commands."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash

from config.settings import PROJECT_ROOT
from market.accounts.services.farms import farm_own_manure_n_kg
from market.core.cli import cli
from market.demo.seed import seed_demo
from market.models import Farm, FarmStatus, Lot, Request, Role, User

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
    assert report.created and counts(db) == (report.farms, report.lots, report.requests, 3)
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
    for account in report.accounts:
        user = sqlite_session.scalar(select(User).where(User.email == account.email))
        assert user is not None and check_password_hash(user.password_hash, account.password)
        assert user.role is Role(account.role)
        assert (user.farm is None) == (user.role is Role.COORDINATOR)
        assert f"{account.email} / {account.password}" in "\n".join(report.lines())


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
