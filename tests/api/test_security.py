"""Hardening of the whole site: headers, cookies, no inline script anywhere."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
import redis
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from market.core.app import create_app
from tests.api.conftest import World
from tests.conftest import csrf_token, log_in, settings_for
from tests.factories import PASSWORD

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=|\bstyle\s*=|javascript:", re.I)


def test_pages_and_api_carry_the_security_headers(api_client: FlaskClient) -> None:
    for path in ("/login", "/api/v1/lots", "/api/v1/docs"):
        headers = api_client.get(path).headers
        csp = headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert "Strict-Transport-Security" not in headers


def test_hsts_only_over_tls(api_client: FlaskClient) -> None:
    response = api_client.get("/login", base_url="https://mestmatch.example")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_no_template_needs_inline_script_or_style() -> None:
    offenders = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        if "papers" not in path.parts
        for match in INLINE.finditer(path.read_text())
    ]
    assert offenders == []


def test_the_session_cookie_is_httponly_and_samesite(api_client: FlaskClient) -> None:
    response = log_in(api_client, "livestock@example.nl")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # the embedded default runs on http://localhost


@pytest.mark.integration
def test_production_cookies_are_secure_and_log_ins_are_limited_in_redis(
    tmp_path: Path, world: World
) -> None:
    """Three app objects stand for three web processes: the count is shared through Redis."""
    redis_url = os.environ["TEST_REDIS_URL"]
    redis.Redis.from_url(redis_url).flushdb()
    shutil.copyfile(world.template, tmp_path / "db.sqlite3")
    settings = settings_for(
        tmp_path / "instance",
        MESTMATCH_ENV="production",
        SECRET_KEY="s" * 32,
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        REDIS_URL=redis_url,
    )
    client = create_app(settings).test_client()
    statuses = [
        tls_log_in(client, "livestock@example.nl", "wrong password").status_code for _ in range(6)
    ]
    assert statuses == [401] * 5 + [429]
    other_process = create_app(settings).test_client()
    assert tls_log_in(other_process, "livestock@example.nl").status_code == 429
    fresh = create_app(settings).test_client()
    cookie = tls_log_in(fresh, "arable@example.nl").headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def tls_log_in(client: FlaskClient, email: str, password: str = PASSWORD) -> TestResponse:
    """Log in over https, as production runs: Secure cookies, a Referer for strict CSRF."""
    site = "https://mestmatch.example"
    token = csrf_token(client.get("/login", base_url=site))
    return client.post(
        "/login",
        base_url=site,
        headers={"Referer": f"{site}/login"},
        data={"csrf_token": token, "email": email, "password": password},
    )


def test_behind_a_trusted_proxy_https_is_recognised(tmp_path: Path, world: World) -> None:
    shutil.copyfile(world.template, tmp_path / "db.sqlite3")
    settings = settings_for(
        tmp_path / "instance",
        MESTMATCH_TRUSTED_PROXIES="1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    client = create_app(settings).test_client()
    forwarded = client.get("/login", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" in forwarded.headers
    assert "Strict-Transport-Security" not in client.get("/login").headers
