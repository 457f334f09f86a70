"""A transport document number (VDM) that another delivery already has is booked only when
confirmed: it identifies one transport, so a second delivery with it is implausible (a
typo) yet possible (one document for two loads of a trip)."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from market.models import Delivery, FarmStatus
from tests.conftest import log_in, post_form, state
from tests.factories import add_farm
from tests.web.conftest import Market
from tests.web.review_helpers import agreed_proposal

FIRST = {"delivered_on": "2026-03-12", "weighed_tonnes": "60", "transport_document_no": "VDM-123"}
#: The same number as typed again: other case, blanks around it.
AGAIN = {**FIRST, "delivered_on": "2026-03-13", "transport_document_no": " vdm-123 "}


def numbers(app: Flask) -> list[str | None]:
    with state(app).session_factory() as session:
        return list(session.scalars(select(Delivery.transport_document_no).order_by(Delivery.id)))


def test_a_used_document_number_asks_for_confirmation_then_books(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    page = f"/deliveries/new/{agreed_proposal(app)}"
    log_in(client, marketplace.arable_email)
    assert post_form(client, page, FIRST).status_code == 302
    asked = post_form(client, page, AGAIN)
    html = asked.get_data(as_text=True)
    assert asked.status_code == 400
    assert (
        "Ongebruikelijk: de levering van 12 maart 2026 heeft dit transportdocumentnummer al" in html
    )
    assert 'name="confirm_document_used"' in html
    assert numbers(app) == ["VDM-123"]
    confirmed = post_form(client, page, {**AGAIN, "confirm_document_used": "y"})
    assert confirmed.status_code == 302, confirmed.get_data(as_text=True)
    assert numbers(app) == ["VDM-123", "vdm-123"]


def test_the_confirmation_is_asked_only_for_a_used_number(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    page = f"/deliveries/new/{agreed_proposal(app)}"
    log_in(client, marketplace.arable_email)
    assert 'name="confirm_document_used"' not in client.get(page).get_data(as_text=True)
    assert post_form(client, page, FIRST).status_code == 302
    other = post_form(client, page, {**AGAIN, "transport_document_no": "VDM-124"})
    assert other.status_code == 302, other.get_data(as_text=True)


def test_another_pair_s_delivery_with_the_number_does_not_show_through(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    """Only deliveries between the same two farms count: a refusal naming another pair's
    delivery day would show a farm what it may not see."""
    page = f"/deliveries/new/{agreed_proposal(app)}"
    log_in(client, marketplace.arable_email)
    assert post_form(client, page, FIRST).status_code == 302
    with state(app).session_factory() as session:  # that delivery went to a third farm
        third = add_farm(session, "Derde Hof", "Utrecht", FarmStatus.ORGANIC)
        delivery = session.scalars(select(Delivery)).one()
        delivery.receiver_farm_id = third.id
        session.commit()
    booked = post_form(client, page, AGAIN)
    assert booked.status_code == 302, booked.get_data(as_text=True)
    assert numbers(app) == ["VDM-123", "vdm-123"]
