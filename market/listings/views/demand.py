"""Requests (vraag): post, look at, edit and withdraw a farm's demand for nitrogen.

A request names the N wanted, the kinds accepted (none ticked: any kind), whether
non-organic animal manure is acceptable, a distance limit and a period. Each edit or
withdrawal raises its version, like a lot's. The request's land use decides when each class
of kind may be spread on it (RVO's periods, `matching.rules.calendar`); its page lists them.
"""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from flask import Blueprint, render_template
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from market.core.extensions import db_session
from market.core.form_fields import fill, form_input
from market.core.permissions import may_change, visible
from market.core.schemas import parse
from market.core.schemas.translate import current_locale
from market.listings.forms import (
    CLASS_LABELS,
    LAND_USE_LABELS,
    REQUEST_FORM_FIELDS,
    RequestForm,
    SuspendForm,
    WithdrawForm,
)
from market.listings.room_check import edit_request, post_request, shortfall
from market.listings.schemas import RequestInput, RequestPatch
from market.listings.services.listings import withdraw_request
from market.listings.views.editing import Pages, routes
from market.models import ListingStatus, Request
from market.proposals.services.balance import (
    request_balance,
)
from matching.rules.calendar import legal_period, period_class
from matching.rules.kinds import KINDS
from matching.rules.plausibility import ROOM_FLAG

bp = Blueprint("demand", __name__, url_prefix="/requests")
Input = TypeVar("Input", RequestInput, RequestPatch)


@bp.get("/<int:request_id>")
@login_required
def show(request_id: int) -> str:
    request = visible(db_session().get(Request, request_id))
    return render_template(
        "demand/show.html",
        listing=request,
        withdraw_form=WithdrawForm(),
        suspend_form=SuspendForm(),
        can_change=may_change(request.farm_id) and request.status is ListingStatus.OPEN,
        balance=request_balance(db_session(), request),
        balance_unit="kg N",
        land_use_label=LAND_USE_LABELS[request.land_use],
        spreading=spreading_rows(request.land_use, request.kinds),
        periods_differ=periods_differ(request.land_use, request.kinds),
    )


def classes_of(kinds: list[str] | None) -> list[str]:
    """The calendar classes of the kinds a request accepts (None: every kind), in the
    order of `CLASS_LABELS`."""
    taken = {period_class(kind) for kind in (KINDS if kinds is None else kinds)}
    return [name for name in CLASS_LABELS if name in taken]


def periods_differ(land_use: str, kinds: list[str] | None) -> bool:
    """The kinds a request accepts may be spread on `land_use` in different periods (its
    proposals then keep to the days all of them allow, `matching.rules.calendar`)."""
    return len({legal_period(name, land_use) for name in classes_of(kinds)}) > 1


def spreading_rows(
    land_use: str, kinds: list[str] | None
) -> list[tuple[object, date | None, date | None]]:
    """Per class of the kinds the request accepts, its label and the first and last day (in
    a leap year, for the page's day and month; None: all year) it may be spread on
    `land_use`."""
    rows: list[tuple[object, date | None, date | None]] = []
    for name in classes_of(kinds):
        period = legal_period(name, land_use)
        if period.first is None:
            rows.append((CLASS_LABELS[name], None, None))
        else:
            rows.append((CLASS_LABELS[name], date(2000, *period.first), date(2000, *period.last)))
    return rows


def _fill(form: RequestForm, request: Request) -> None:
    """The request's values; no kind ticked when it accepts any kind."""
    fill(form, request, [name for name in REQUEST_FORM_FIELDS if name != "kinds"])
    form.kinds.data = request.kinds or []


def _read(form: RequestForm, model: type[Input]) -> Input:
    """No kind ticked means any kind (null), as a farmer who ticks nothing expects."""
    data = form_input(form, model)
    data["kinds"] = data["kinds"] or None
    return parse(model, data, locale=current_locale())


def _warnings(request: Request) -> list[str]:
    """The request's room flag in words, with the figures as they are now: more N than the
    farm has room left for (`market.listings.services.room`); the API answers the flag."""
    short = shortfall(db_session(), request) if ROOM_FLAG in request.flags else None
    if short is None:
        return []
    warning = _(
        "This request asks %(open)s kg N, more than the %(room)s kg N room for animal manure"
        " your farm has left after committed deliveries (approved proposals included). It is"
        " saved with a mark: add the land on My farm if it is missing, or ask less.",
        open=format_decimal(short.open_n_kg, "#,##0.#"),
        room=format_decimal(short.room_left_kg, "#,##0"),
    )
    return [warning]


PAGES = Pages(
    model=Request,
    id_name="request_id",
    form=RequestForm,
    template="demand/form.html",
    show="demand.show",
    row="listing",
    first_day="wanted_from",
    input=RequestInput,
    patch=RequestPatch,
    read=_read,
    fill=_fill,
    create=post_request,
    update=edit_request,
    withdraw=withdraw_request,
    words={
        "unapproved": _l("Your farm can post requests once a coordinator has approved it."),
        "posted": _l("Your request has been posted."),
        "saved": _l("Your request has been saved."),
        "not_open": _l("Only an open request can be withdrawn."),
        "withdrawn": _l("Your request has been withdrawn."),
        "changed": _l(
            "This request was changed after you opened this page, perhaps in another tab."
            " Nothing was saved: check the current values below and save again."
        ),
    },
    warn=_warnings,
)
routes(bp, PAGES)
