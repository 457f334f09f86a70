"""Password reset by e-mail token: the mail lands in instance/mail/, the link works once."""

from __future__ import annotations

import logging
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import log_in, post_form, state
from tests.web.conftest import Market
from tests.web.market_helpers import mails

LINK = re.compile(r"http://localhost(/password/reset/\S+)")
NEW_PASSWORD = "een heel nieuw wachtwoord"


def ask_for_link(client: FlaskClient, email: str) -> str:
    response = post_form(client, "/password/forgot", {"email": email})
    assert response.headers["Location"] == "/login"
    return response.get_data(as_text=True)


def reset_path(app: Flask) -> str:
    (mail,) = mails(app)
    found = LINK.search(mail.get_payload(decode=True).decode())
    assert found
    return found.group(1)


def test_a_reset_mail_is_written_to_the_instance_folder(
    app: Flask, client: FlaskClient, marketplace: Market, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="market.core.mail")
    ask_for_link(client, marketplace.arable_email.upper())
    (mail,) = mails(app)
    assert mail["To"] == marketplace.arable_email
    assert mail["Subject"] == "Herstel uw mestmatch-wachtwoord"
    assert f"written to {state(app).settings.instance_dir / 'mail'}" in caplog.text
    assert "Als er een account met dit adres bestaat" in client.get("/login").get_data(as_text=True)


def test_the_link_sets_a_new_password_once(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    ask_for_link(client, marketplace.arable_email)
    path = reset_path(app)
    data = {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    assert post_form(client, path, data).headers["Location"] == "/login"
    assert log_in(client, marketplace.arable_email, NEW_PASSWORD).status_code == 302
    assert client.get(path).status_code == 400


def test_unknown_addresses_get_the_same_answer_and_no_mail(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    ask_for_link(client, "niemand@example.nl")
    ask_for_link(client, marketplace.disabled_email)
    assert mails(app) == []


def test_a_forged_token_is_refused(client: FlaskClient, marketplace: Market) -> None:
    page = client.get("/password/reset/not-a-token")
    assert page.status_code == 400
    assert "Deze link is niet (meer) geldig" in page.get_data(as_text=True)


def test_a_short_or_mismatched_password_is_refused_next_to_the_field(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    ask_for_link(client, marketplace.arable_email)
    path = reset_path(app)
    short = post_form(client, path, {"password": "kort", "password_again": "kort"})
    assert 'id="password-error">Gebruik minstens 8 tekens.' in short.get_data(as_text=True)
    differ = post_form(client, path, {"password": NEW_PASSWORD, "password_again": "x"})
    assert "De twee wachtwoorden verschillen." in differ.get_data(as_text=True)
    assert log_in(client, marketplace.arable_email).status_code == 302


def test_reset_needs_a_csrf_token(app: Flask, client: FlaskClient, marketplace: Market) -> None:
    response = client.post("/password/forgot", data={"email": marketplace.arable_email})
    assert response.status_code == 400
    assert mails(app) == []
