"""Measured quantities as the API writes them: each to the precision of its unit.

The store keeps what was entered and computed, exactly; sums and products of floats then
carry noise in their last digits (4074.3 kg N held as 4074.2999999999997), which an answer
would hand on to every client. Computed fields take these types; a field that echoes what a
user entered does not (0.125 EUR a load-km entered reads 0.125, not 0.13: an entered number
has no noise to remove). An output model's field of one of these types is rounded when
the answer is written as JSON (`market.core.api.http.plain`), to the decimals its unit is
measured in, the ones the downloads use too (`market.core.exports.Column.decimals`): a
kilogram for tonnes, a tenth for kg N, P2O5 and km, two decimals for kg per tonne and cents
for euros. The pages show these or fewer.
"""

from __future__ import annotations

import math
from typing import Annotated

from pydantic import PlainSerializer

TONNES_DECIMALS = 3
KG_DECIMALS = 1
KG_PER_T_DECIMALS = 2
KM_DECIMALS = 1
EUR_DECIMALS = 2


def rounded(value: float, decimals: int) -> float:
    """`value` to `decimals` places; negative zero (also after rounding) as zero, and NaN or
    infinity as they are."""
    if not math.isfinite(value):
        return value
    result = round(value, decimals)
    return abs(result) if result == 0 else result


def _to(decimals: int) -> PlainSerializer:
    return PlainSerializer(lambda value: rounded(value, decimals), float, when_used="json")


#: Tonnes of product (a lot, a proposal, a weighing).
TonnesOut = Annotated[float, _to(TONNES_DECIMALS)]
#: Kilograms of N or P2O5.
KgOut = Annotated[float, _to(KG_DECIMALS)]
#: Kilograms of N, P2O5 or K2O per tonne of product.
ContentsOut = Annotated[float, _to(KG_PER_T_DECIMALS)]
#: Kilometres (by road, or a distance limit).
KmOut = Annotated[float, _to(KM_DECIMALS)]
#: Euros: a price, a cost, a run's objective.
EurOut = Annotated[float, _to(EUR_DECIMALS)]
