"""Deliveries: book a weighed delivery of an agreed proposal, list them, fetch the papers.

Only the two farms of a delivery and the coordinators see it; anyone else gets 404. The
declaration of origin (verklaring van herkomst) is the same PDF the delivery page offers.
Bodies are read by `DeliveryInput`; answers are the `Delivery` output model (`schemas.py`).
A farm asks here for a statement of non-availability (verklaring niet-beschikbaarheid) for
one of its requests (`StatementInput` → `Statement`), and reads it back, JSON or PDF.
The transport export (`/deliveries/transport`, `.csv`, `/deliveries/{id}/transport`) gives a
year's or one delivery's data in the fields of a VDM/rVDM filing.
"""

from __future__ import annotations

from flask import abort
from flask_babel import force_locale
from flask_login import current_user
from werkzeug.wrappers import Response

from market import models
from market.core.api import bp
from market.core.api.http import answer, created, existing, json_body, page_of
from market.core.api.problems import api_language
from market.core.api.query import query_args
from market.core.api.registry import operation
from market.core.clock import today
from market.core.extensions import app_state, db_session
from market.core.permissions import may_see, my_farm, my_farm_id, party_row
from market.core.schemas import PageQuery
from market.core.validation import FieldError, ValidationError
from market.deliveries.booking import booking
from market.deliveries.downloads import declaration_pdf, statement_pdf
from market.deliveries.schemas import (
    Delivery,
    DeliveryInput,
    DeliveryPage,
    Statement,
    StatementInput,
    TransportExport,
    TransportQuery,
    TransportRecord,
)
from market.deliveries.services.deliveries import deliver, needs_declaration
from market.deliveries.services.lists import deliveries_for
from market.deliveries.services.statements import issue_statement
from market.deliveries.services.transport import transport_deliveries, transport_record
from market.deliveries.transport import transport_csv


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
    delivery = deliver(db_session(), proposal, data, booking())
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
    return declaration_pdf(delivery)


@operation(
    bp,
    "POST",
    "/statements",
    tag="deliveries",
    summary="Issue a statement of non-availability",
    scope="write",
    body=StatementInput,
    response=Statement,
    status=201,
    idempotent=True,
    finds=True,
    errors=(403,),
)
def post_statement() -> Response:
    """A numbered verklaring niet-beschikbaarheid for one of my farm's open requests: no
    organic manure of the kinds asked for within reach today (201). Refused (422 on
    `request_id`, `organic_available`) when organic manure could serve the request. Asked
    again the same day on the same findings, it answers the statement already issued with
    200 (its number and Location), not a new number; an Idempotency-Key replays the first
    answer as for any POST."""
    farm = my_farm()
    data = json_body(StatementInput)
    wanted = db_session().get(models.Request, data.request_id)
    if wanted is None or wanted.farm_id != farm.id:
        raise ValidationError({"request_id": FieldError("no_such_request")})
    settings = app_state().settings
    issued = issue_statement(
        db_session(), wanted, settings.policy, today(settings), current_user.id
    )
    shown = Statement.model_validate(issued.statement)
    answered = created if issued.new else existing
    return answered(shown, "api.get_statement", statement_id=issued.statement.id)


@operation(
    bp,
    "GET",
    "/statements/{statement_id}",
    tag="deliveries",
    summary="Read a statement of non-availability",
    response=Statement,
    errors=(404,),
)
def get_statement(statement_id: int) -> Response:
    """A statement as it was issued, with every lot considered and why it could not serve."""
    return answer(Statement.model_validate(_statement(statement_id)))


@operation(
    bp,
    "GET",
    "/statements/{statement_id}/statement.pdf",
    tag="deliveries",
    summary="Statement of non-availability (PDF)",
    media_type="application/pdf",
    errors=(404,),
)
def get_statement_pdf(statement_id: int) -> Response:
    """The statement's paper, the same PDF the statement's page offers."""
    return statement_pdf(_statement(statement_id))


def _statement(statement_id: int) -> models.Statement:
    """The statement if the caller's farm holds it (or the caller coordinates), else 404."""
    statement = db_session().get(models.Statement, statement_id)
    if statement is None or not may_see(*statement.farm_ids):
        abort(404)
    return statement


@operation(
    bp,
    "GET",
    "/deliveries/transport",
    tag="deliveries",
    summary="Transport data of a year (VDM/rVDM)",
    response=TransportExport,
    query=TransportQuery,
    errors=(400, 403),
)
def get_transport() -> Response:
    """A year's deliveries in the fields a VDM/rVDM filing needs (manure code, supplier,
    carrier, receiver with RVO relation numbers, weighed tonnes, N and P2O5, dates): my farm's
    in and out, a coordinator's all; oldest first."""
    year = _transport_year()
    return answer(TransportExport(year=year, items=_transport_records(year)))


@operation(
    bp,
    "GET",
    "/deliveries/transport.csv",
    tag="deliveries",
    summary="Transport data of a year (VDM/rVDM) as CSV",
    media_type="text/csv",
    query=TransportQuery,
    errors=(400, 403),
)
def get_transport_csv() -> Response:
    """The same records as CSV in the language of `Accept-Language` (English by default: `,`
    and a decimal point; Dutch: `;` and a decimal comma), for a spreadsheet or an
    intermediary's import."""
    year = _transport_year()
    with force_locale(api_language()):
        return transport_csv(_transport_records(year), f"mestmatch-transport-{year}")


@operation(
    bp,
    "GET",
    "/deliveries/{delivery_id}/transport",
    tag="deliveries",
    summary="Transport data of a delivery (VDM/rVDM)",
    response=TransportRecord,
    errors=(404,),
)
def get_delivery_transport(delivery_id: int) -> Response:
    """One delivery in the fields a VDM/rVDM filing needs."""
    return answer(transport_record(party_row(models.Delivery, delivery_id)))


def _transport_year() -> int:
    return query_args(TransportQuery).year or today(app_state().settings).year


def _transport_records(year: int) -> list[TransportRecord]:
    rows = transport_deliveries(db_session(), my_farm_id(), year)
    return [transport_record(delivery) for delivery in rows]
