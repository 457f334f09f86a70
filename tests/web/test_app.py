"""The factory: settings from the environment, production guards, one session per request."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from config import SettingsError
from market.core.app import create_app
from market.core.extensions import db_session
from market.models import Role, User
from tests.conftest import log_in, settings_for, state
from tests.web.conftest import Market


def test_settings_come_from_the_environment_when_not_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MESTMATCH_INSTANCE", str(tmp_path / "from-env"))
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    app = create_app()
    assert state(app).settings.instance_dir == tmp_path / "from-env"
    assert app.secret_key == "from-the-environment"


def test_production_refuses_to_start_without_secret_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MESTMATCH_ENV", "production")
    monkeypatch.setenv("DATABASE_URL", "postgresql://db.invalid/mestmatch")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(SettingsError, match="SECRET_KEY"):
        create_app()


def test_production_cookies_are_secure(tmp_path: Path) -> None:
    settings = settings_for(
        tmp_path,
        MESTMATCH_ENV="production",
        SECRET_KEY="s3cret",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        REDIS_URL="redis://127.0.0.1:1/0",
    )
    config = create_app(settings).config
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["REMEMBER_COOKIE_SECURE"] is True
    assert config["SESSION_COOKIE_HTTPONLY"] is True
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_a_failed_request_rolls_back_and_closes_its_session(
    app: Flask, marketplace: Market
) -> None:
    seen = []

    @app.get("/boom")
    def boom() -> str:
        session = db_session()
        session.add(User(email="ghost@example.nl", role=Role.COORDINATOR, password_hash="x"))
        session.flush()
        seen.append(session)
        raise RuntimeError("the view failed after writing")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert "Er ging iets mis" in response.get_data(as_text=True)
    assert not seen[0].in_transaction()
    with state(app).session_factory() as session:
        assert session.scalar(select(User).where(User.email == "ghost@example.nl")) is None


def test_each_request_gets_its_own_session(app: Flask) -> None:
    seen = []

    @app.get("/twice")
    def twice() -> str:
        seen.append(db_session())
        assert db_session() is seen[-1]
        return "ok"

    client = app.test_client()
    client.get("/twice")
    client.get("/twice")
    assert seen[0] is not seen[1]


def test_unknown_page_is_a_friendly_404(client: FlaskClient, marketplace: Market) -> None:
    log_in(client, marketplace.arable_email)
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.get_data(as_text=True)


def test_pages_forbid_framing_and_foreign_content(client: FlaskClient) -> None:
    headers = client.get("/login").headers
    assert headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
