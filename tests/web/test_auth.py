"""Log-in and log-out: success, each reason for failure in both languages, CSRF."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.conftest import csrf_token, log_in, log_out
from tests.factories import PASSWORD
from tests.web.conftest import Market


def test_login_page_is_dutch_by_default(client: FlaskClient) -> None:
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="nl">' in page
    assert '<label for="email">E-mailadres</label>' in page
    assert '<label for="password">Wachtwoord</label>' in page


def test_login_success_goes_home_and_the_header_shows_own_farm(
    client: FlaskClient, marketplace: Market
) -> None:
    response = log_in(client, marketplace.livestock_email)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    page = client.get("/no-such-page").get_data(as_text=True)
    assert f"Bedrijf: <strong>{marketplace.livestock_farm}</strong>" in page


def test_wrong_password_names_the_reason_in_dutch(client: FlaskClient, marketplace: Market) -> None:
    response = log_in(client, marketplace.livestock_email, "wrong password")
    assert response.status_code == 401
    assert "Het e-mailadres of het wachtwoord is niet juist." in response.get_data(as_text=True)
    assert client.get("/listings").status_code == 302


def test_wrong_password_names_the_reason_in_english(
    client: FlaskClient, marketplace: Market
) -> None:
    client.get("/login?lang=en")
    response = log_in(client, marketplace.livestock_email, "wrong password")
    page = response.get_data(as_text=True)
    assert "The e-mail address or the password is not correct." in page
    assert '<html lang="en">' in page


def test_unknown_address_gets_the_same_answer_as_a_wrong_password(
    client: FlaskClient, marketplace: Market
) -> None:
    unknown = log_in(client, "nobody@example.nl").get_data(as_text=True)
    wrong = log_in(client, marketplace.arable_email, "nope").get_data(as_text=True)
    reason = "Het e-mailadres of het wachtwoord is niet juist."
    assert reason in unknown
    assert reason in wrong


def test_address_is_matched_without_case_or_blanks(
    client: FlaskClient, marketplace: Market
) -> None:
    response = log_in(client, f"  {marketplace.arable_email.upper()} ")
    assert response.status_code == 302


def test_empty_fields_are_named(client: FlaskClient, marketplace: Market) -> None:
    token = csrf_token(client.get("/login"))
    response = client.post("/login", data={"csrf_token": token, "email": "", "password": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Vul uw e-mailadres in." in page
    assert "Vul uw wachtwoord in." in page
    assert 'aria-invalid="true"' in page


def test_disabled_account_is_refused_with_its_reason(
    client: FlaskClient, marketplace: Market
) -> None:
    client.get("/login?lang=en")
    response = log_in(client, marketplace.disabled_email)
    assert response.status_code == 401
    assert "This account has been disabled" in response.get_data(as_text=True)
    assert client.get("/listings").status_code == 302


def test_login_returns_to_the_page_asked_for(client: FlaskClient, marketplace: Market) -> None:
    token = csrf_token(client.get("/login?next=/healthz"))
    data = {"csrf_token": token, "email": marketplace.coordinator_email, "password": PASSWORD}
    response = client.post("/login?next=/healthz", data=data)
    assert response.headers["Location"] == "/healthz"


def test_login_never_redirects_off_site(client: FlaskClient, marketplace: Market) -> None:
    token = csrf_token(client.get("/login"))
    data = {"csrf_token": token, "email": marketplace.coordinator_email, "password": PASSWORD}
    response = client.post("/login?next=https://evil.example/", data=data)
    assert response.headers["Location"] == "/"


def test_logout_ends_the_session(client: FlaskClient, marketplace: Market) -> None:
    log_in(client, marketplace.arable_email)
    response = log_out(client)
    assert response.headers["Location"] == "/login"
    assert "U bent uitgelogd." in client.get("/login").get_data(as_text=True)
    assert client.get("/listings").status_code == 302


def test_login_without_csrf_token_is_rejected(client: FlaskClient, marketplace: Market) -> None:
    data = {"email": marketplace.arable_email, "password": PASSWORD}
    response = client.post("/login", data=data)
    assert response.status_code == 400
    assert "Formulier verlopen" in response.get_data(as_text=True)
    assert client.get("/listings").status_code == 302


def test_logout_without_csrf_token_keeps_the_user_logged_in(
    client: FlaskClient, marketplace: Market
) -> None:
    log_in(client, marketplace.arable_email)
    assert client.post("/logout").status_code == 400
    assert "Uitloggen" in client.get("/no-such-page").get_data(as_text=True)


def test_session_cookie_is_http_only_and_same_site(
    client: FlaskClient, marketplace: Market
) -> None:
    cookie = log_in(client, marketplace.arable_email).headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie
