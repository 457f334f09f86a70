"""A farm-gate price per tonne in words, the same on the pages and in the mails.

A price (EUR per tonne, transport apart) is what the receiver pays the supplier; slurry
usually costs its owner, so a negative price is the supplier paying the receiver, written
without its sign: "de leverancier betaalt € 5,00 per ton" rather than "€ -5,00 per ton". A
price never goes without who pays it, a positive one neither ("de ontvanger betaalt € 2,00
per ton"): a bare amount leaves a farmer guessing which way the money goes.
"""

from __future__ import annotations

from flask_babel import gettext as _

from market.core.i18n import format_number


def farm_gate_price(price: float | None, missing: str) -> str:
    """ "de ontvanger betaalt € 5,00 per ton" or "de leverancier betaalt € 5,00 per ton" in
    the current locale, "gratis" for 0; `missing` (e.g. "to be agreed") when no price is
    named."""
    if price is None:
        return missing
    price = round(price, 2)  # a suggested price has more digits than the cents shown
    if price == 0:
        return _("free of charge")
    if price < 0:
        return _("the supplier pays %(price)s per tonne", price=_euro(-price))
    return _("the receiver pays %(price)s per tonne", price=_euro(price))


def _euro(amount: float) -> str:
    return format_number(amount, kind="currency", currency="EUR")
