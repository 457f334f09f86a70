"""Sign-up: a farmer and a farm in one form, errors next to the fields, CSRF."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from market.models import Farm, Role, User
from tests.conftest import log_in, post_form, state
from tests.web.conftest import Market
from tests.web.market_helpers import mails

CONFIRM_LINK = re.compile(r"http://localhost(/signup/confirm/\S+)")

FORM: dict[str, Any] = {
    "email": "Nieuw@Example.nl",
    "name": "Jan de Vries",
    "password": "lang genoeg wachtwoord",
    "password_again": "lang genoeg wachtwoord",
    "role": "livestock_farmer",
    "farm_name": "Hoeve Nieuw",
    "skal_number": "012 345",
    "status": "organic",
    "province": "Drenthe",
    "address": "Dorpsstraat 1, Anloo",
    "lat": "52,98",
    "lon": "6,70",
    "area_ha": "35",
}


def sign_up(client: FlaskClient, **changes: Any) -> Any:
    return post_form(client, "/signup", {**FORM, **changes})


def test_signup_page_is_dutch_with_labels(client: FlaskClient) -> None:
    page = client.get("/signup").get_data(as_text=True)
    assert "Meld uw bedrijf aan" in page
    assert '<label for="skal_number">Skal-nummer</label>' in page


def test_signup_creates_an_unapproved_farm_that_its_mailed_link_logs_in(
    app: Flask, client: FlaskClient
) -> None:
    response = sign_up(client)
    assert (response.status_code, response.headers["Location"]) == (302, "/login")
    with state(app).session_factory() as session:
        user = session.scalars(select(User).where(User.email == "nieuw@example.nl")).one()
        farm = user.farm
        assert (user.role, user.name) == (Role.LIVESTOCK_FARMER, "Jan de Vries")
        assert user.password_hash != FORM["password"] and user.email_confirmed_at is None
        assert (farm.name, farm.skal_number, farm.approved, farm.lat) == (
            "Hoeve Nieuw",
            "012345",
            False,
            52.98,
        )
    refused = log_in(client, "nieuw@example.nl", FORM["password"])
    assert refused.status_code == 401  # unconfirmed: as if the password were wrong
    assert "Het e-mailadres of het wachtwoord is niet juist." in refused.get_data(as_text=True)
    (mail,) = mails(app)
    link = CONFIRM_LINK.search(mail.get_payload(decode=True).decode())
    assert link and mail["To"] == "nieuw@example.nl"
    assert client.get(link.group(1)).headers["Location"] == "/farm"
    page = client.get("/farm").get_data(as_text=True)
    assert "Wacht op een coördinator" in page
    assert client.get(link.group(1)).headers["Location"] == "/login"  # used once


def test_signing_up_again_before_confirming_mails_the_link_again(
    app: Flask, client: FlaskClient
) -> None:
    assert sign_up(client).status_code == 302
    again = sign_up(app.test_client(), skal_number="0123456", farm_name="Hoeve Nieuw 2")
    assert again.status_code == 302
    links = [CONFIRM_LINK.search(mail.get_payload(decode=True).decode()) for mail in mails(app)]
    assert len(links) == 2 and all(links)
    with state(app).session_factory() as session:
        assert [farm.name for farm in session.scalars(select(Farm))] == ["Hoeve Nieuw"]


def test_errors_are_shown_next_to_their_fields_in_dutch(
    client: FlaskClient, marketplace: Market
) -> None:
    response = sign_up(
        client,
        email=marketplace.arable_email,
        skal_number="12-ab",
        lat="north",
        password="kort",
        password_again="kort",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="email-error"' not in page  # a taken address is never named
    assert 'id="skal_number-error">Een Skal-nummer heeft 5 tot 7 cijfers.' in page
    assert 'id="lat-error">Vul een getal in.' in page
    assert 'id="password-error">Gebruik minstens 8 tekens.' in page


def test_errors_are_english_for_english_visitors(client: FlaskClient) -> None:
    client.get("/signup?lang=en")
    page = sign_up(client, area_ha="-3", province="Atlantis").get_data(as_text=True)
    assert 'id="area_ha-error">Must be at least 0.' in page
    assert 'id="province-error">Unknown value Atlantis.' in page


def test_a_taken_skal_number_is_refused(app: Flask, client: FlaskClient) -> None:
    assert sign_up(client).status_code == 302
    other = app.test_client()
    page = sign_up(other, email="ander@example.nl").get_data(as_text=True)
    assert "Een ander bedrijf is met dit Skal-nummer geregistreerd." in page
    with state(app).session_factory() as session:
        assert len(session.scalars(select(Farm)).all()) == 1


def test_passwords_must_match(client: FlaskClient) -> None:
    page = sign_up(client, password_again="iets anders").get_data(as_text=True)
    assert 'id="password_again-error">De twee wachtwoorden verschillen.' in page


def test_nobody_signs_up_as_coordinator_or_as_conventional_farm(client: FlaskClient) -> None:
    client.get("/signup?lang=en")
    page = sign_up(client, role="coordinator", status="conventional").get_data(as_text=True)
    assert 'id="role-error">Unknown value coordinator.' in page
    assert "Only organic and conversion farms can trade on this market." in page


def test_signup_without_csrf_token_is_refused(app: Flask, client: FlaskClient) -> None:
    response = client.post("/signup", data=FORM)
    assert response.status_code == 400
    with state(app).session_factory() as session:
        assert session.scalars(select(User)).all() == []


def test_logged_in_users_are_sent_home(client: FlaskClient, marketplace: Market) -> None:
    log_in(client, marketplace.arable_email)
    assert client.get("/signup").headers["Location"] == "/"


def test_the_login_page_links_to_sign_up_and_reset(client: FlaskClient) -> None:
    page = client.get("/login").get_data(as_text=True)
    assert 'href="/signup"' in page
    assert 'href="/password/forgot"' in page
