"""A farm-gate price per tonne in words, the same on the pages and in the mails.

A price (EUR per tonne, transport apart) is what the receiver pays the supplier; slurry
usually costs its owner, so a negative price is the supplier paying the receiver, written
without its sign: "de leverancier betaalt € 5,00 per ton" rather than "€ -5,00 per ton".
"""

from __future__ import annotations

from flask_babel import gettext as _

from market.core.i18n import format_number


def farm_gate_price(price: float | None, missing: str) -> str:
    """ "€ 5,00 per ton" or "de leverancier betaalt € 5,00 per ton" in the current locale;
    `missing` (e.g. "to be agreed") when no price is named."""
    if price is None:
        return missing
    if price < 0:
        return _("the supplier pays %(price)s per tonne", price=_euro(-price))
    return _("%(price)s per tonne", price=_euro(price))


def _euro(amount: float) -> str:
    return format_number(amount, kind="currency", currency="EUR")
