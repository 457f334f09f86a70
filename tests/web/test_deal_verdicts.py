"""The farms of a deal learn the coordinator's verdict and each other's answer.

De Terp and Akkerbouw Dronten agree 20 t in their thread (`tests.web.deal_helpers`). A
coordinator who rejects the deal gives a reason: both farms get a mail with it, and the
thread says the deal was rejected and why, in Dutch and English, instead of "akkoord, a
coordinator confirms". An approved deal's thread says it was approved; a farm that declines
the approved deal is named in the thread and the other farm is mailed.
"""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import log_in, post_form
from tests.web.deal_helpers import COORDINATOR, RECEIVER, SUPPLIER, agreed_deal
from tests.web.market_helpers import approve_all, mails

WAITING = "Een coördinator bevestigt de afspraak"


def _body(mail: object) -> str:
    return mail.get_payload(decode=True).decode()  # type: ignore[attr-defined]


def test_a_rejected_deal_is_mailed_to_both_farms_and_shown_in_the_thread(
    app: Flask, client: FlaskClient
) -> None:
    deal = agreed_deal(app, approved=False)
    log_in(client, COORDINATOR)
    url = f"/review/proposals/{deal.proposal_id}/reject"
    rejected = post_form(client, url, {"reason": "Te laat in het seizoen"})
    assert rejected.status_code == 302
    sent = {mail["To"]: mail for mail in mails(app)}
    assert set(sent) == {SUPPLIER, RECEIVER}
    for mail in sent.values():
        assert mail["Subject"] == "Uw afspraak is afgewezen"
        body = _body(mail)
        assert "Een coördinator heeft uw afspraak afgewezen: 20 t" in body
        assert "Reden van de coördinator: Te laat in het seizoen" in body
        assert f"/threads/{deal.thread_id}" in body
    farmer = app.test_client()
    log_in(farmer, RECEIVER)
    page = farmer.get(f"/threads/{deal.thread_id}").get_data(as_text=True)
    assert "Een coördinator heeft de afspraak afgewezen. Reden: Te laat in het seizoen" in page
    assert WAITING not in page and ">akkoord<" not in page
    farmer.get("/login?lang=en")
    english = farmer.get(f"/threads/{deal.thread_id}").get_data(as_text=True)
    assert "A coordinator rejected the deal. Reason: Te laat in het seizoen" in english


def test_an_approved_deal_says_so_in_the_thread(app: Flask, client: FlaskClient) -> None:
    deal = agreed_deal(app, approved=True)
    log_in(client, SUPPLIER)
    page = client.get(f"/threads/{deal.thread_id}").get_data(as_text=True)
    assert "Een coördinator heeft de afspraak goedgekeurd" in page
    assert WAITING not in page and ">akkoord<" not in page


def test_a_declined_deal_is_mailed_to_the_other_farm_and_shown_in_the_thread(
    app: Flask, client: FlaskClient
) -> None:
    deal = agreed_deal(app, approved=True)
    approve_all(app)
    log_in(client, RECEIVER)
    url = f"/proposals/{deal.proposal_id}/decline"
    declined = post_form(client, url, {"reason": "Land is te nat"})
    assert declined.status_code == 302
    (mail,) = mails(app)
    assert mail["To"] == SUPPLIER
    assert "Akkerbouw Dronten" in _body(mail) and "Land is te nat" in _body(mail)
    supplier = app.test_client()
    log_in(supplier, SUPPLIER)
    page = supplier.get(f"/threads/{deal.thread_id}").get_data(as_text=True)
    assert "Akkerbouw Dronten heeft de afspraak geweigerd. Reden: Land is te nat" in page
    assert WAITING not in page
