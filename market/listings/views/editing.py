"""Posting, editing and withdrawing a listing: one flow for lots and requests alike.

Each side describes itself by a `Pages` (its form, template, services and words); `routes`
adds its `new`, `edit` and `withdraw` pages to the side's blueprint, and a coordinator's
`suspend` and `lift` (a suspended listing is not offered to runs). A refused form or a
refusal of the service shows the form again with status 400; a saved listing commits and
goes to its page. When a figure is refused only as unusual (`unusual_figure`), or the
listing already carries flags, the form shows the checkbox that confirms the figures.
The edit form carries the state it was filled from, as the API's `If-Match` does; a save
from a page older than the listing is refused (`stale_page`), so no change is lost unseen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response
from wtforms import HiddenField, StringField

from market.audit import services as audit
from market.core.api.http import tag_matches
from market.core.clock import today
from market.core.confirm import confirm_page
from market.core.extensions import app_state, db_session
from market.core.form_fields import attach_errors, read
from market.core.locks import lock_listing
from market.core.permissions import approved_farm, changeable, coordinator_required, found
from market.core.routes import Page
from market.core.schemas import Patch, Schema, parse
from market.core.schemas.translate import message
from market.core.validation import ValidationError
from market.listings.api import listing_tag
from market.listings.forms import LiftForm, SuspendForm
from market.listings.schemas import SuspensionInput, WithdrawInput
from market.listings.services.suspension import lift_suspension, suspend
from market.models import Farm, Lot, Request
from market.proposals.notices import tell_cancelled

Listing = Lot | Request


@dataclass(frozen=True)
class Pages:
    """What tells the pages of one side from the other's.

    `id_name` is the listing's id in the paths, `row` the template's name for the listing,
    `first_day` the form field that starts on today, `read(form, schema)` the form's values
    as `schema`, `fill(form, listing)` the listing's values into the form. `words` are the
    flash messages `unapproved`, `posted`, `saved`, `not_open` and `withdrawn`, and `changed`,
    the note of a refused stale save (lazy texts).
    `warn(listing)`, if given, says what the farmer should put right in the listing as saved
    (warnings beside "saved": why no run will place it, what looks implausible), so it is
    put right now rather than learnt after a run.
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
    withdraw: Callable[[Session, Any, str | None], Listing]
    words: dict[str, Any]
    warn: Callable[[Any], list[str]] | None = None


def routes(bp: Blueprint, pages: Pages) -> None:
    """Add the pages `new`, `edit` and `withdraw` of `pages` to `bp`, behind a log-in."""
    one = f"/<int:{pages.id_name}>"

    def new() -> Page:
        return new_page(pages)

    def edit(**ids: int) -> Page:
        return edit_page(pages, _changeable(pages, ids))

    def withdraw(**ids: int) -> Page:
        listing = _changeable(pages, ids)
        if request.method == "GET":
            return confirm_withdrawal(pages, listing)
        return withdraw_listing(pages, listing)

    def suspended(**ids: int) -> Response:
        return suspend_listing(pages, found(pages.model, ids[pages.id_name]))

    def lifted(**ids: int) -> Response:
        return lift_listing(pages, found(pages.model, ids[pages.id_name]))

    bp.add_url_rule("/new", "new", login_required(new), methods=["GET", "POST"])
    bp.add_url_rule(f"{one}/edit", "edit", login_required(edit), methods=["GET", "POST"])
    bp.add_url_rule(
        f"{one}/withdraw", "withdraw", login_required(withdraw), methods=["GET", "POST"]
    )
    bp.add_url_rule(f"{one}/suspend", "suspend", coordinator_required(suspended), methods=["POST"])
    bp.add_url_rule(f"{one}/lift", "lift", coordinator_required(lifted), methods=["POST"])


def new_page(pages: Pages) -> Page:
    """A new listing of the user's approved farm (unapproved: back to the farm's profile)."""
    farm = approved_farm()
    if farm is None:
        flash(str(pages.words["unapproved"]), "info")
        return redirect(url_for("farms.profile"))
    form = pages.form()
    if not form.is_submitted():
        form[pages.first_day].data = today(app_state().settings).isoformat()
        return form_page(pages, form, None)

    def save() -> Listing:
        return pages.create(db_session(), farm, pages.read(form, pages.input))

    return _submit(pages, form, None, save)


def edit_page(pages: Pages, listing: Listing) -> Page:
    """The listing's form, filled with its values; saving raises its version. A form filled
    before the listing last changed (in another tab, by someone else of the farm) is refused
    by the API's rule (`listing_tag`, `tag_matches`): saving it would undo that change."""
    form = pages.form()
    if not form.is_submitted():
        _fill(pages, form, listing)
        return form_page(pages, form, listing)
    lock_listing(db_session(), listing)  # the check and the write are one (reloads it)
    if not tag_matches(listing_tag(listing), form.version.data or ""):
        return stale_page(pages, form, listing)

    def save() -> Listing:
        return pages.update(db_session(), listing, pages.read(form, pages.patch))

    return _submit(pages, form, listing, save)


def stale_page(pages: Pages, form: FlaskForm, listing: Listing) -> Page:
    """The form again, nothing written (409), with the values stored now and their state, so
    the next save is based on them. Each entry typed that differs from the value stored now
    is named at its field, to be typed again where it still applies."""
    typed = {field.name: _typed(field) for field in form if _typed(field) is not None}
    _fill(pages, form, listing)
    for name, value in typed.items():
        if value and value != _typed(form[name]):  # a cleared field: the stored value shows
            form[name].errors = [
                _("You entered %(value)s; the field shows the value saved now.", value=value)
            ]
    return form_page(pages, form, listing, status=409, notes=[str(pages.words["changed"])])


def _fill(pages: Pages, form: FlaskForm, listing: Listing) -> None:
    pages.fill(form, listing)
    form.version.data = listing_tag(listing)


def _typed(field: Any) -> str | None:
    """A text field's entry as shown ("" when empty); None for other fields (choices, boxes,
    the hidden ones), whose values the farmer sees at a glance."""
    if not isinstance(field, StringField) or isinstance(field, HiddenField):
        return None
    return (field.data or "").strip()


def confirm_withdrawal(pages: Pages, listing: Listing) -> str:
    """Asking first: withdrawing cancels the listing's proposals, and cannot be undone."""
    return confirm_page(
        heading=_("Withdraw this listing?"),
        question=_(
            "It leaves the market, and its proposals that are not delivered yet are cancelled;"
            " the other farms are told, with your reason if you give one."
        ),
        action=_address(pages, "withdraw", listing),
        back=_show(pages, listing),
        button=_("Withdraw"),
        schema=WithdrawInput,
    )


def withdraw_listing(pages: Pages, listing: Listing) -> Response:
    """Take an open listing off the market with the farmer's reason, cancel its proposals and
    tell their other farms; a listing no longer open stays as it is."""
    try:
        reason = parse(WithdrawInput, {"reason": request.form.get("reason")}).reason
        pages.withdraw(db_session(), listing, reason)
    except ValidationError as error:
        db_session().rollback()
        not_open = "status" in error.errors
        flash(str(pages.words["not_open"]) if not_open else _first(error), "error")
        return redirect(_show(pages, listing))
    tell_cancelled(listing)
    db_session().commit()
    flash(str(pages.words["withdrawn"]), "success")
    return redirect(url_for("listings.mine"))


def suspend_listing(pages: Pages, listing: Listing) -> Response:
    """A coordinator suspends the listing with a reason (audited); refused: a flash says why."""
    form = SuspendForm()
    try:
        if not form.validate_on_submit():
            raise ValidationError({})
        suspend(db_session(), listing, read(form, SuspensionInput))
    except ValidationError as error:
        flash(_refusal(error), "error")
        return redirect(_show(pages, listing))
    _audit("listing.suspend", listing, reason=listing.suspended_reason)
    db_session().commit()
    flash(_("The listing is suspended: no run will be offered it."), "success")
    return redirect(_show(pages, listing))


def lift_listing(pages: Pages, listing: Listing) -> Response:
    """A coordinator lifts the suspension (audited)."""
    if LiftForm().validate_on_submit() and listing.suspended_at is not None:
        lift_suspension(db_session(), listing)
        _audit("listing.lift", listing)
        db_session().commit()
        flash(_("The suspension is lifted: runs are offered the listing again."), "success")
    return redirect(_show(pages, listing))


def _audit(action: str, listing: Listing, **detail: Any) -> None:
    kind = "lot" if isinstance(listing, Lot) else "request"
    audit.record(db_session(), current_user.id, action, kind, listing.id, **detail)


def _refusal(error: ValidationError) -> str:
    """The first refusal in the reader's language; a bare form check says the reason is needed."""
    first = next(iter(error.errors.values()), None)
    return message(first) if first is not None else _("Give a reason for the suspension.")


def form_page(
    pages: Pages,
    form: FlaskForm,
    listing: Listing | None,
    error: ValidationError | None = None,
    status: int = 200,
    notes: Sequence[str] = (),
) -> Page:
    """The form page; a service's refusal goes beside its fields (400), `notes` above them."""
    loose = [*notes, *(attach_errors(form, error.errors) if error is not None else [])]
    unusual = error is not None and any(
        refused.code == "unusual_figure" for refused in error.errors.values()
    )
    context = {
        "form": form,
        pages.row: listing,
        "loose_errors": loose,
        "ask_confirmation": unusual or bool(listing is not None and listing.confirm_unusual),
    }
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
    for warning in pages.warn(saved) if pages.warn else []:
        flash(warning, "warning")
    return redirect(_show(pages, saved))


def _changeable(pages: Pages, ids: dict[str, int]) -> Listing:
    """The listing the path names, if the user's farm may change it (else 404 or 403)."""
    row = db_session().get(pages.model, ids[pages.id_name])
    return changeable(row if isinstance(row, Lot | Request) else None)


def _show(pages: Pages, listing: Listing) -> str:
    return _address(pages, "show", listing)


def _address(pages: Pages, page: str, listing: Listing) -> str:
    """The address of the side's `page` (show, withdraw) for `listing`."""
    ids: dict[str, Any] = {pages.id_name: listing.id}
    return url_for(f"{pages.show.split('.')[0]}.{page}", **ids)


def _first(error: ValidationError) -> str:
    """The first refusal, in the visitor's language."""
    return message(next(iter(error.errors.values())))
