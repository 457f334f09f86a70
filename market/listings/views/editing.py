"""Posting, editing and withdrawing a listing: one flow for lots and requests alike.

Each side describes itself by a `Pages` (its form, template, services and words); `routes`
adds its `new`, `edit` and `withdraw` pages to the side's blueprint. A refused form or a
refusal of the service shows the form again with status 400; a saved listing commits and
goes to its page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import login_required
from flask_wtf import FlaskForm
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from market.core.extensions import db_session
from market.core.form_fields import attach_errors
from market.core.permissions import approved_farm, changeable
from market.core.routes import Page
from market.core.schemas import Patch, Schema
from market.core.validation import ValidationError
from market.models import Farm, Lot, Request

Listing = Lot | Request


@dataclass(frozen=True)
class Pages:
    """What tells the pages of one side from the other's.

    `id_name` is the listing's id in the paths, `row` the template's name for the listing,
    `first_day` the form field that starts on today, `read(form, schema)` the form's values
    as `schema`, `fill(form, listing)` the listing's values into the form. `words` are the
    flash messages `unapproved`, `posted`, `saved`, `not_open` and `withdrawn` (lazy texts).
    """

    model: type[Lot] | type[Request]
    id_name: str
    form: type[FlaskForm]
    template: str
    show: str
    row: str
    first_day: str
    input: type[Schema]
    patch: type[Patch]
    read: Callable[[FlaskForm, Any], Any]
    fill: Callable[[Any, Any], None]
    create: Callable[[Session, Farm, Any], Listing]
    update: Callable[[Session, Any, Any], Listing]
    withdraw: Callable[[Session, Any], Listing]
    words: dict[str, Any]


def routes(bp: Blueprint, pages: Pages) -> None:
    """Add the pages `new`, `edit` and `withdraw` of `pages` to `bp`, behind a log-in."""
    one = f"/<int:{pages.id_name}>"

    def new() -> Page:
        return new_page(pages)

    def edit(**ids: int) -> Page:
        return edit_page(pages, _changeable(pages, ids))

    def withdraw(**ids: int) -> Response:
        return withdraw_listing(pages, _changeable(pages, ids))

    bp.add_url_rule("/new", "new", login_required(new), methods=["GET", "POST"])
    bp.add_url_rule(f"{one}/edit", "edit", login_required(edit), methods=["GET", "POST"])
    bp.add_url_rule(f"{one}/withdraw", "withdraw", login_required(withdraw), methods=["POST"])


def new_page(pages: Pages) -> Page:
    """A new listing of the user's approved farm (unapproved: back to the farm's profile)."""
    farm = approved_farm()
    if farm is None:
        flash(str(pages.words["unapproved"]), "info")
        return redirect(url_for("farms.profile"))
    form = pages.form()
    if not form.is_submitted():
        form[pages.first_day].data = date.today().isoformat()
        return form_page(pages, form, None)

    def save() -> Listing:
        return pages.create(db_session(), farm, pages.read(form, pages.input))

    return _submit(pages, form, None, save)


def edit_page(pages: Pages, listing: Listing) -> Page:
    """The listing's form, filled with its values; saving raises its version."""
    form = pages.form()
    if not form.is_submitted():
        pages.fill(form, listing)
        return form_page(pages, form, listing)

    def save() -> Listing:
        return pages.update(db_session(), listing, pages.read(form, pages.patch))

    return _submit(pages, form, listing, save)


def withdraw_listing(pages: Pages, listing: Listing) -> Response:
    """Take an open listing off the market; a listing no longer open stays as it is."""
    try:
        pages.withdraw(db_session(), listing)
    except ValidationError:
        flash(str(pages.words["not_open"]), "error")
        return redirect(_show(pages, listing))
    db_session().commit()
    flash(str(pages.words["withdrawn"]), "success")
    return redirect(url_for("listings.mine"))


def form_page(
    pages: Pages,
    form: FlaskForm,
    listing: Listing | None,
    error: ValidationError | None = None,
    status: int = 200,
) -> Page:
    """The form page; a service's refusal goes beside its fields (400)."""
    loose = attach_errors(form, error.errors) if error is not None else []
    context = {"form": form, pages.row: listing, "loose_errors": loose}
    return render_template(pages.template, **context), 400 if error is not None else status


def _submit(
    pages: Pages, form: FlaskForm, listing: Listing | None, save: Callable[[], Listing]
) -> Page:
    if not form.validate():
        return form_page(pages, form, listing, status=400)
    try:
        saved = save()
    except ValidationError as error:
        return form_page(pages, form, listing, error)
    db_session().commit()
    flash(str(pages.words["saved" if listing else "posted"]), "success")
    return redirect(_show(pages, saved))


def _changeable(pages: Pages, ids: dict[str, int]) -> Listing:
    """The listing the path names, if the user's farm may change it (else 404 or 403)."""
    row = db_session().get(pages.model, ids[pages.id_name])
    return changeable(row if isinstance(row, Lot | Request) else None)


def _show(pages: Pages, listing: Listing) -> str:
    ids: dict[str, Any] = {pages.id_name: listing.id}
    return url_for(pages.show, **ids)
