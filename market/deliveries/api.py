"""Deliveries: book a weighed delivery of an agreed proposal, list them, fetch the papers.

Only the two farms of a delivery and the coordinators see it; anyone else gets 404. The
declaration of origin (verklaring van herkomst) is the same PDF the delivery page offers.
Bodies are read by `DeliveryInput`; answers are the `Delivery` output model (`schemas.py`).
"""

from __future__ import annotations

from flask import abort
from werkzeug.wrappers import Response

from market import models
from market.core.api import bp
from market.core.api.http import answer, created, json_body, page_of
from market.core.api.registry import operation
from market.core.extensions import db_session
from market.core.pdf import render_pdf
from market.core.permissions import may_see, my_farm_id, party_row
from market.core.schemas import PageQuery
from market.core.validation import FieldError, ValidationError
from market.deliveries.schemas import Delivery, DeliveryInput, DeliveryPage
from market.deliveries.services.deliveries import deliver, deliveries_for, needs_declaration


@operation(
    bp,
    "GET",
    "/deliveries",
    tag="deliveries",
    summary="List deliveries",
    response=DeliveryPage,
    query=PageQuery,
    errors=(400, 403),
)
def list_deliveries() -> Response:
    """My farm's deliveries in and out (a coordinator: all), newest first."""
    return page_of(deliveries_for(db_session(), my_farm_id()), Delivery.model_validate)


@operation(
    bp,
    "POST",
    "/deliveries",
    tag="deliveries",
    summary="Record a delivery",
    scope="write",
    body=DeliveryInput,
    response=Delivery,
    status=201,
    idempotent=True,
    errors=(403,),
)
def post_delivery() -> Response:
    """Book what was weighed for a proposal both farms accepted (either farm or a coordinator)."""
    my_farm_id()
    data = json_body(DeliveryInput)
    proposal = db_session().get(models.Proposal, data.proposal_id)
    if proposal is None or not may_see(*proposal.farm_ids):
        raise ValidationError({"proposal_id": FieldError("no_such_proposal")})
    delivery = deliver(db_session(), proposal, data)
    body = Delivery.model_validate(delivery)
    return created(body, "api.get_delivery", delivery_id=delivery.id)


@operation(
    bp,
    "GET",
    "/deliveries/{delivery_id}",
    tag="deliveries",
    summary="Read a delivery",
    response=Delivery,
    errors=(404,),
)
def get_delivery(delivery_id: int) -> Response:
    """One delivery with its papers' numbers."""
    return answer(Delivery.model_validate(party_row(models.Delivery, delivery_id)))


@operation(
    bp,
    "GET",
    "/deliveries/{delivery_id}/declaration.pdf",
    tag="deliveries",
    summary="Declaration of origin (PDF)",
    media_type="application/pdf",
    errors=(404,),
)
def get_declaration(delivery_id: int) -> Response:
    """The verklaring van herkomst of a delivery of animal manure; 404 for other deliveries."""
    delivery = party_row(models.Delivery, delivery_id)
    if not needs_declaration(delivery):
        abort(404)
    return render_pdf(
        "papers/declaration.html", f"{delivery.declaration_of_origin_no}.pdf", delivery=delivery
    )
