"""A deal's refusal in the farms' words.

The rules that refuse a deal (`deals.check_deal`) are the ones that refuse a coordinator's
approval, with the same codes and figures; their sentences (`MESSAGES`) were written for the
coordinator approving a proposal ("left to approve; this proposal needs"). A farm that
offers or agrees a deal reads what was refused (this deal) and why, in a deal's terms: the
lot's open tonnes, the request's open N, the receiving farm's room. Codes whose sentence
already fits a deal (a kind not asked for, the rules R5 to R11) keep it. The receiving farm
reads of its own room and place as its own ("Your farm …", `OWN_REASONS`), the supplier of
"the receiving farm". A listing with nothing open left is said to be taken, not to have "0 t"
open (`NONE_OPEN`). Interest refused for the distance (`reach`) is told in the same words,
by the side the interested farm would take (`INTEREST_REASONS`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial

from flask_babel import gettext as _

from market.core.schemas.translate import message
from market.core.validation import MESSAGES, N_, FieldError, ValidationError
from market.interest.services.deals import DealRefused
from market.models import Lot, Request

#: code → the reason in a deal's terms, with the parameters of the code's `MESSAGES` sentence.
DEAL_REASONS: dict[str, str] = {
    "lot_taken": N_("Only %(left)s t of the lot is still open; the deal takes %(needs)s t."),
    "request_taken": N_(
        "The request needs only %(left)s kg N more; the deal brings %(needs)s kg N."
    ),
    "n_room_exceeded": N_(
        "The receiving farm would go %(over)s kg N over its N room for this year."
    ),
    "a_share_too_low": N_(
        "The receiving farm's A-share would fall to %(share)s%%, below its minimum of %(min)s%%."
    ),
    "too_far": N_(
        "The lot lies %(km)s km by road from the receiving farm, further than the %(limit)s km"
        " allowed."
    ),
}


#: The receiving farm's own reasons, as that farm reads them.
OWN_REASONS: dict[str, str] = {
    **DEAL_REASONS,
    "n_room_exceeded": N_("Your farm would go %(over)s kg N over its N room for this year."),
    "a_share_too_low": N_(
        "Your farm's A-share would fall to %(share)s%%, below its minimum of %(min)s%%."
    ),
    "too_far": N_(
        "The lot lies %(km)s km by road from your farm, further than the %(limit)s km allowed."
    ),
}


#: A deal's reason when nothing of its listing is open any more (its `left` is nought): the
#: listing is taken, said as the market page says it, not "only 0 t open".
NONE_OPEN: dict[str, str] = {
    "lot_taken": MESSAGES["lot_fully_taken"],
    "request_taken": MESSAGES["request_fully_taken"],
}

#: Why interest in a listing too far away is refused, by the listing's side: the interested
#: farm would receive a lot (its own reason as a receiving farm) or supply a request from its
#: yard or a lot's storage site (`market.interest.services.reach`).
INTEREST_REASONS: dict[type[Lot] | type[Request], Mapping[str, str]] = {
    Lot: OWN_REASONS,
    Request: {
        "too_far": N_(
            "The request's farm lies %(km)s km by road from your farm and your lots, further"
            " than the %(limit)s km allowed."
        ),
    },
}


def deal_refusal(error: FieldError, reasons: Mapping[str, str] = DEAL_REASONS) -> str:
    """What was refused (the deal) and why, in the current language."""
    if error.code in NONE_OPEN and error.params.get("left") == 0:
        reasons = NONE_OPEN
    return _("This deal cannot go ahead. %(reason)s", reason=message(error, reasons))


def interest_refusal(error: FieldError, listing: Lot | Request) -> str:
    """Why interest in `listing` was refused, in the interested farm's words."""
    return message(error, INTEREST_REASONS[type(listing)])


def wording(error: ValidationError, *, receiving: bool = False) -> Callable[[FieldError], str]:
    """How a page words `error`'s refusals: as a deal's when the rules refused the deal, to
    the receiving farm (`receiving`) in its own words."""
    if not isinstance(error, DealRefused):
        return message
    return partial(deal_refusal, reasons=OWN_REASONS if receiving else DEAL_REASONS)
