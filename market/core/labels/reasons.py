"""Why a lot stayed (partly) unplaced: the engine's reason codes as sentences.

`RunExplanation.code` carries the engine's message id (`why_left_code`, see
docs/engine.md); the coordinator reads it here in Dutch or English. An unknown
code falls back to the engine's English sentence rather than being hidden.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

REASONS: dict[str, LazyString] = {
    "placed": _l("Fully placed."),
    "met": _l("Fully met."),
    "category_c": _l("Category C fertiliser may not be used on organic farms."),
    "intermediary_not_approved": _l("The intermediary is not approved by Skal."),
    "intermediary_expired": _l("The intermediary's Skal declaration has expired."),
    "r5_imported_nonorganic": _l(
        "The farm imported non-organic manure this year, so it may not export organic manure (R5)."
    ),
    "no_request_for_kind": _l("No other farm's request accepts this kind of fertiliser."),
    "nonorganic_refused": _l(
        "The requests that take this kind do not accept non-organic manure, or their farms"
        " may not take it (R5, R6, R9)."
    ),
    "no_receiver_in_reach": _l("No request that accepts it is within the distance limits."),
    "accepts_no_kind": _l("The request accepts no kind of fertiliser."),
    "no_supply_in_reach": _l("No lot of an accepted kind is on offer within the distance limits."),
    "r5_farm_imports": _l(
        "The farm imports non-organic manure instead, so it may not export organic manure (R5)."
    ),
    "r5_farm_exports": _l(
        "The farm exports organic manure, so it may not import non-organic manure (R5)."
    ),
    "not_worth_transport": _l("Transport would cost more than the nitrogen is worth."),
    "requests_met": _l("The requests within reach are already met."),
    "n_room_full": _l(
        "The nitrogen room for animal manure (170 kg N/ha, less on natural land) is full at the"
        " receiving farm."
    ),
    "p2o5_room_full": _l("The phosphate room is full at the receiving farm."),
    "a_share": _l("More of it would push the receiving farm below the required A-share (R8)."),
    "supply_exhausted": _l("The lots within reach are fully placed."),
    "min_delivery": _l("What is left is below the minimum delivery."),
    "better_used_elsewhere": _l("Other matches make better use of the nitrogen and transport."),
    "no_request_in_window": _l("No receiver within reach wants it while it is available."),
    "no_supply_in_window": _l("No lot within reach is available while the request wants it."),
    "supply_nonorganic_refused": _l(
        "The lots within reach are non-organic manure, which this request does not accept or"
        " its farm may not take (R5, R6, R9)."
    ),
    "not_worth_transport_with_outlet": _l(
        "Transport would cost more than the nitrogen is worth plus what the supplier saves on"
        " its other outlet."
    ),
    "pair_declined": _l(
        "The only receivers within reach declined it or the coordinator rejected it."
    ),
    "supply_declined": _l(
        "The only lots within reach were declined or the coordinator rejected them."
    ),
}


def reason_text(code: str, fallback: str) -> str:
    """The reason in the reader's language; the engine's sentence for an unknown code."""
    label = REASONS.get(code)
    return str(label) if label is not None else fallback
