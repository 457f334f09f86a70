"""The farmer's own farm: profile, animals, natural land and the N-room/A-share calculator.

The calculator is a GET form: without JavaScript it reloads the page with the result; with
`static/js/calculator.js` it asks `/farm/calculator` for the result fragment as the farmer
types (a visit there without the script's header goes to the page). Both render the same
template from the same service (`market.accounts.services.calculator`),
"now" being the farm with this year's deliveries in and out (`year_deliveries`), as the
yearly overview counts them, and "committed" with its approved proposals not yet delivered
too, as an approval counts them (`farm_accounts.committed_balance`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TypeVar

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from pydantic import BaseModel
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from market.accounts.forms.farm import (
    FARM_FIELDS,
    CalculatorForm,
    FarmForm,
    LivestockForm,
    ParcelForm,
    RemoveForm,
)
from market.accounts.schemas import (
    CalculatorInput,
    FarmProfileInput,
    LivestockInput,
    NaturalLandInput,
)
from market.accounts.services.calculator import Calculation, calculate, lot_from_input
from market.accounts.services.farm_profile import remove_parcel, set_livestock, update_farm
from market.accounts.services.farms import add_natural_land, farm_own_manure_n_kg
from market.core.clock import today
from market.core.extensions import app_state, db_session
from market.core.form_fields import attach_errors, fill, options, read, saved
from market.core.labels.animals import animal_label, unsourced_categories
from market.core.permissions import my_farm
from market.core.reference import excretion_n_kg_per_head
from market.core.routes import Page
from market.core.schemas.numbers import write_number
from market.core.schemas.translate import current_locale
from market.core.validation import ValidationError
from market.deliveries.services.papers import year_deliveries
from market.models import Farm
from market.proposals.services.farm_accounts import committed_balance

bp = Blueprint("farms", __name__, url_prefix="/farm")
M = TypeVar("M", bound=BaseModel)
#: The header (and its value) calculator.js sends when it asks for the result alone.
LIVE_HEADER, LIVE_VALUE = "X-Requested-With", "fetch"


@bp.get("")
@login_required
def profile() -> Page:
    return render_profile(my_farm())


@bp.get("/calculator")
@login_required
def calculator() -> Page:
    """The calculator's result alone, for calculator.js's live update (same template as the
    page). Opened directly (a bookmark, a reload, a shared link) it would be an unstyled scrap
    of a page: such a visit goes to the farm page with the calculator filled in."""
    farm = my_farm()
    if request.headers.get(LIVE_HEADER) != LIVE_VALUE:
        query = request.query_string.decode()
        return redirect(url_for("farms.profile") + (f"?{query}" if query else "") + "#calculator")
    form, calculation = _calculation(farm)
    page = render_template("farms/_calculator_result.html", form=form, calc=calculation)
    return page, 400 if form.errors else 200


@bp.route("/edit", methods=["GET", "POST"])
@login_required
def edit() -> Page:
    farm = my_farm()
    form = FarmForm()
    if not form.is_submitted():
        _fill(form, farm)
        return _edit_page(form, farm, [], 200)
    if not form.validate():
        return _edit_page(form, farm, [], 400)
    was_approved = farm.approved
    try:
        update_farm(db_session(), farm, read(form, FarmProfileInput).patch(), current_user.id)
    except ValidationError as error:
        return _edit_page(form, farm, attach_errors(form, error.errors), 400)
    db_session().commit()
    _say_saved(farm)
    if was_approved and not farm.approved:
        flash(
            _(
                "The farm name, Skal number or certification changed: a coordinator approves"
                " the farm again."
            ),
            "info",
        )
    return redirect(url_for("farms.profile"))


def _say_saved(farm: Farm) -> None:
    """Say the farm is saved, and warn when its land or animals now leave it over its N room
    for animal manure after committed deliveries: the profile is a fact and is kept, but the
    farmer should know before a coordinator refuses more manure into it."""
    settings = app_state().settings
    on = today(settings)
    over = committed_balance(db_session(), farm, settings.policy, on).over_room_kg
    if not over:
        flash(_("Your farm has been saved."), "success")
        return
    warning = _(
        "Your farm has been saved. It is now over its N room for animal manure for %(year)s"
        " by %(over)s kg N after committed deliveries.",
        year=on.year,
        over=format_decimal(over),
    )
    flash(warning, "warning")


def _edit_page(form: FarmForm, farm: Farm, loose: list[str], status: int) -> tuple[str, int]:
    page = render_template("farms/edit.html", form=form, farm=farm, loose_errors=loose)
    return page, status


@bp.post("/livestock")
@login_required
def livestock() -> Page:
    done = _("The animals have been saved.")
    return _change(_livestock_form(), LivestockInput, set_livestock, done, "livestock")


@bp.post("/parcels")
@login_required
def parcels() -> Page:
    done = _("The parcel has been added.")
    return _change(ParcelForm(), NaturalLandInput, add_natural_land, done, "parcels")


@bp.post("/parcels/<int:parcel_id>/remove")
@login_required
def remove(parcel_id: int) -> Page:
    farm = my_farm()
    if not remove_parcel(db_session(), farm, parcel_id):
        abort(404)
    return _saved(_("The parcel has been removed."), "parcels")


def _change(
    form: FlaskForm,
    model: type[M],
    change: Callable[[Session, Farm, M], object],
    done: str,
    section: str,
) -> Page:
    """The posted `form` read by `model` and handed to `change(session, farm, data)` for the
    visitor's farm: saved, it says `done` at the profile's `section`; refused, the profile
    shows `form` with its errors (400)."""
    farm = my_farm()
    if saved(form, model, partial(change, db_session(), farm)):
        return _saved(done, section)
    return render_profile(farm, form, 400)


def _saved(done: str, section: str) -> Response:
    """Commit the change, say `done` and show the profile at its `section`."""
    db_session().commit()
    flash(done, "success")
    return redirect(url_for("farms.profile") + f"#{section}")


def render_profile(
    farm: Farm, posted: FlaskForm | None = None, status: int = 200
) -> tuple[str, int]:
    """The profile page; `posted` (a refused livestock or parcel form) replaces its blank one."""
    livestock_form = posted if isinstance(posted, LivestockForm) else LivestockForm()
    parcel_form = posted if isinstance(posted, ParcelForm) else ParcelForm()
    calc_form, calculation = _calculation(farm)
    _add_categories(livestock_form)
    page = render_template(
        "farms/profile.html",
        farm=farm,
        livestock_form=livestock_form,
        parcel_form=parcel_form,
        remove_form=RemoveForm(),
        form=calc_form,
        calc=calculation,
        own_manure_n_kg=farm_own_manure_n_kg(farm),
        norms=excretion_n_kg_per_head(),
        estimates=unsourced_categories(),
    )
    return page, status


def _calculation(farm: Farm) -> tuple[CalculatorForm, Calculation]:
    """The farm now and with the lot in the query string; a bad field marks the form."""
    form = CalculatorForm(request.args)
    settings = app_state().settings
    try:
        lot = lot_from_input(read(form, CalculatorInput), farm)
    except ValidationError as error:
        attach_errors(form, error.errors)
        lot = None
    on = today(settings)
    moved = year_deliveries(db_session(), farm, on.year)
    committed = committed_balance(db_session(), farm, settings.policy, on)
    return form, calculate(farm, settings.policy, on, lot, moved, committed)


def _fill(form: FarmForm, farm: Farm) -> None:
    """The farm's values; the exemption in percent, as the form asks for it."""
    fill(form, farm, FARM_FIELDS)
    share = farm.a_share_min_exemption
    percent = None if share is None else float(f"{share * 100:.10g}")
    form.a_share_min_exemption.data = (
        "" if percent is None else write_number(percent, current_locale())
    )


def _livestock_form() -> LivestockForm:
    form = LivestockForm()
    _add_categories(form)
    return form


def _add_categories(form: LivestockForm) -> None:
    norms, estimates = excretion_n_kg_per_head(), unsourced_categories()
    form.category.choices = options(
        (name, f"{animal_label(name)} ({format_decimal(norm)} kg N{' *' * (name in estimates)})")
        for name, norm in norms.items()
    )
