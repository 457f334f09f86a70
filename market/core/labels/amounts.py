"""What is still open of a listing in words, the same in a thread's title, the deal form's
choice of listings and the market page's heading.

The market speaks of what is open (offered less what approved proposals and deliveries hold,
`market.proposals.services.balance`), not of what a listing once stated: "nog 40 t open van
100 t" while part of it is committed, "100 t open" while none is, and "niets meer open van
100 t" once all of it is, rather than "0 t". A withdrawn listing has nothing open either; it
says so.
"""

from __future__ import annotations

from flask_babel import gettext as _

from market.core.i18n import format_number
from market.proposals.services.balance import TOLERANCE, Balance

#: Tonnes and kg N to their tenth where they have one, as entered ("1.500,5").
PATTERN = "#,##0.#"


def open_amount(balance: Balance, unit: str) -> str:
    """The open part of `balance` in `unit` ("t" or "kg N"), with the stated amount when
    part of it is committed or all of it."""
    if balance.withdrawn:
        return _("withdrawn")
    offered = format_number(balance.offered, PATTERN)
    if balance.open <= TOLERANCE:
        return _("nothing left open of %(offered)s %(unit)s", offered=offered, unit=unit)
    shown = format_number(balance.open, PATTERN)
    if balance.offered - balance.open <= TOLERANCE:
        return _("%(open)s %(unit)s open", open=shown, unit=unit)
    return _(
        "%(open)s %(unit)s open of %(offered)s %(unit)s", open=shown, offered=offered, unit=unit
    )
