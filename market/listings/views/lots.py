"""Lots (aanbod): post, look at, edit and withdraw the manure a farm offers.

The category is never typed: the page shows what `classify_lot` derives from the kind and
origin, with the sentence of the rule that decided (R7-R10). Each edit or withdrawal raises
the lot's version, so proposals made from the old version are recognised as stale.
"""

from __future__ import annotations

from typing import TypeVar

from flask import Blueprint, render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from market.core.clock import today
from market.core.extensions import app_state, db_session
from market.core.form_fields import fill, form_input
from market.core.i18n import kind_label
from market.core.labels import status_label
from market.core.labels.reasons import reason_text
from market.core.permissions import may_change, visible
from market.core.schemas import Schema, parse
from market.core.schemas.numbers import write_number
from market.core.schemas.translate import current_locale
from market.listings.forms import (
    LOT_FORM_FIELDS,
    LotForm,
    SuspendForm,
    WithdrawForm,
    manure_mix_input,
)
from market.listings.schemas import LotInput, LotPatch
from market.listings.services.listings import (
    create_lot,
    lot_intermediary,
    lot_origin,
    old_analysis,
    update_lot,
    withdraw_lot,
)
from market.listings.views.editing import Pages, routes
from market.models import ListingStatus, Lot
from market.proposals.services.balance import (
    lot_balance,
)
from matching.rules.intermediary import intermediary_block
from matching.rules.outlets import default_outlet_eur_per_t
from matching.rules.plausibility import KIND_FLAG, ORIGIN_FLAG

bp = Blueprint("lots", __name__, url_prefix="/lots")
S = TypeVar("S", bound=Schema)


@bp.get("/<int:lot_id>")
@login_required
def show(lot_id: int) -> str:
    from matching.rules import classify_lot

    lot = visible(db_session().get(Lot, lot_id))
    return render_template(
        "lots/show.html",
        lot=lot,
        lot_class=classify_lot(lot.kind, lot_origin(lot)),
        can_change=may_change(lot.farm_id) and lot.status is ListingStatus.OPEN,
        withdraw_form=WithdrawForm(),
        suspend_form=SuspendForm(),
        old_analysis=old_analysis(lot, today(app_state().settings)),
        outlet_default=default_outlet_eur_per_t(lot.kind),
        balance=lot_balance(db_session(), lot),
        balance_unit="t",
    )


def _read(form: LotForm, model: type[S]) -> S:
    """The form through `model` (`LotInput` or `LotPatch`), its mix rows as `manure_mix`."""
    data = form_input(form, model)
    data["manure_mix"] = manure_mix_input(form)
    return parse(model, data, locale=current_locale())


def _fill(form: LotForm, lot: Lot) -> None:
    """The lot's values; contents stay empty while they follow the standard table."""
    fill(form, lot, LOT_FORM_FIELDS)
    for name in lot.standard_fields:
        form[name].data = ""
    mix = lot.manure_mix or {}
    for (code, percent), part in zip(form.mix_rows(), mix.get("parts") or [], strict=False):
        code.data = part["code"]
        percent.data = write_number(part["percent"], current_locale())
    form.coproduct_code.data = mix.get("coproduct_code") or ""


def _warnings(lot: Lot) -> list[str]:
    """What the farmer should put right in the lot as saved (see `_left_out`, `_no_animals`,
    `_beyond_certification`)."""
    found = (_left_out(lot), _no_animals(lot), _beyond_certification(lot))
    return [warning for warning in found if warning]


def _left_out(lot: Lot) -> str | None:
    """Why no run will place the lot as saved: its intermediary, by the engine's own check
    (R11, `intermediary_block`) on today; a run would leave it out for the same reason."""
    intermediary = lot_intermediary(lot)
    code = intermediary_block(intermediary, today(app_state().settings).isoformat())
    if code is None:
        return None
    return _(
        "No run will place this lot as it stands: %(reason)s Correct the intermediary's Skal"
        " declaration, or leave the intermediary out if none handles the lot.",
        reason=reason_text(code, code),
    )


def _no_animals(lot: Lot) -> str | None:
    """The lot's `kind` flag in words: manure of animals the farm's livestock lacks, saved
    with a mark (`market.listings.services.animals`); the API answers the flag itself."""
    if KIND_FLAG not in lot.flags:
        return None
    return _(
        "%(kind)s comes from animals that are not in your farm's livestock. The lot is saved"
        " with a mark the coordinator sees too: check the kind, or add the animals under"
        " Livestock on My farm.",
        kind=kind_label(lot.kind),
    )


def _beyond_certification(lot: Lot) -> str | None:
    """The lot's origin flag in words: stated more organic than the farm's certification,
    saved with a mark (`market.listings.services.origin`); the API answers the flag itself."""
    if ORIGIN_FLAG not in lot.flags:
        return None
    return _(
        "This lot's origin (%(origin)s) is more organic than your farm's certification"
        " (%(farm)s). It is saved with a mark the coordinator sees too: an inspector will ask"
        " for proof of origin, such as the certificate of the farm that supplied the manure."
        " If an intermediary passes the lot on, name it with its Skal declaration; otherwise"
        " correct the origin.",
        origin=status_label(lot.origin_status.value),
        farm=status_label(lot.farm.status.value),
    )


PAGES = Pages(
    model=Lot,
    id_name="lot_id",
    form=LotForm,
    template="lots/form.html",
    show="lots.show",
    row="lot",
    first_day="available_from",
    input=LotInput,
    patch=LotPatch,
    read=_read,
    fill=_fill,
    create=create_lot,
    update=update_lot,
    withdraw=withdraw_lot,
    words={
        "unapproved": _l("Your farm can post offers once a coordinator has approved it."),
        "posted": _l("Your lot has been posted."),
        "saved": _l("Your lot has been saved."),
        "not_open": _l("Only an open lot can be withdrawn."),
        "withdrawn": _l("Your lot has been withdrawn."),
        "changed": _l(
            "This lot was changed after you opened this page, perhaps in another tab."
            " Nothing was saved: check the current values below and save again."
        ),
    },
    warn=_warnings,
)
routes(bp, PAGES)
