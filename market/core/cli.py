"""Commands for `python -m market` (and for `flask`, via `app.cli.add_command`).

`migrate` brings the database of the current settings to the newest schema (and creates
the embedded broker's folders, which kombu does not create, so /healthz and the first
enqueue work without `make run`);
`seed-demo` fills it with the demo data set and prints the demo accounts;
`create-coordinator` makes a coordinator account (farmers sign up in the app).
"""

from __future__ import annotations

import click
from sqlalchemy import inspect
from sqlalchemy.engine import make_url

from config import Settings
from market.accounts.services.users import create_user
from market.core.broker import ensure_broker_folders
from market.core.clock import today
from market.core.db import make_engine, make_session_factory, session_scope, upgrade
from market.core.validation import ValidationError
from market.demo.seed import enqueue_demo_run, seed_demo
from market.models import Role


@click.group(help="mestmatch: database and demo data commands.")
def cli() -> None:
    """The command group; each command builds its settings from the environment."""


@cli.command("migrate")
def migrate_command() -> None:
    """Apply all database migrations (Alembic upgrade to head)."""
    settings = Settings.from_env()
    upgrade(settings.database_url)
    ensure_broker_folders(settings)
    click.echo(f"Database is at the newest schema: {_safe(settings.database_url)}")


@cli.command("seed-demo")
def seed_demo_command() -> None:
    """Create the demo farms, lots, requests, accounts and a queued run (does nothing if
    present); the run waits for a worker (`make run` starts one)."""
    settings = Settings.from_env()
    engine = make_engine(settings)
    try:
        if not inspect(engine).has_table("users"):
            raise click.ClickException("The database has no tables: run `migrate` first.")
        with session_scope(make_session_factory(engine)) as session:
            report = seed_demo(session, today(settings), settings)
    finally:
        engine.dispose()
    enqueue_demo_run(settings, report)
    for line in report.lines():
        click.echo(line)


@cli.command("create-coordinator")
@click.option("--email", required=True, help="the coordinator's e-mail address")
@click.option("--name", default="", help="the name shown in the app")
@click.password_option(help="asked twice when not given; at least the minimum length")
def create_coordinator_command(email: str, name: str, password: str) -> None:
    """Create a coordinator account (farmers sign up in the app; coordinators do not)."""
    engine = make_engine(Settings.from_env())
    try:
        with session_scope(make_session_factory(engine)) as session:
            user = create_user(session, email, password, Role.COORDINATOR, name=name)
            address = user.email
    except ValidationError as error:
        raise click.ClickException(
            "; ".join(f"{k}: {v}" for k, v in error.errors.items())
        ) from None
    finally:
        engine.dispose()
    click.echo(f"Coordinator {address} created.")


def _safe(url: str) -> str:
    """The URL without its password, fit for a terminal."""
    return make_url(url).render_as_string(hide_password=True)
