"""Measured quantities as the API writes them: without float noise, nothing truer lost.

The store keeps what was entered and computed, exactly; sums and products of floats then
carry noise in their last digits (4074.3 kg N held as 4074.2999999999997), which an answer
would hand on to every client. Computed fields take these types; a field that echoes what a
user entered does not (0.125 EUR a load-km entered reads 0.125: an entered number has no
noise to remove). An output model's field of one of these types is rounded when the answer
is written as JSON (`market.core.api.http.plain`) to `API_FINER` more decimals than the
pages and downloads show (`market.core.exports.Column.decimals`): a gram for tonnes and kg,
a metre for km. Not to the pages' own decimals: a client adding up a lot's proposals must
get the lot (1,500 t), not a kilogram more from each row rounded up (1,500.001 t), and a
request's 1.32 kg N is not 1.3. Euros go to the cent, money's own unit.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated

from pydantic import PlainSerializer

TONNES_DECIMALS = 3
KG_DECIMALS = 1
KG_PER_T_DECIMALS = 2
KM_DECIMALS = 1
EUR_DECIMALS = 2
#: Decimals the API writes beyond the pages' (see the module docstring).
API_FINER = 3
#: Tonnes as the pages and messages write a weighing and its limits: grouped, to the
#: kilogram the scale gives ("1.035 t", "500,25 t"), the Babel pattern of `format_number`.
TONNES_PATTERN = "#,##0." + "#" * TONNES_DECIMALS
#: kg N as the pages write them: whole kilograms, grouped ("451.805 kg N").
KG_PATTERN = "#,##0"
#: A proposal's tonnes and a request's kg N as the review and listing pages write them, to
#: the tenth ("1.200,5").
TENTHS_PATTERN = "#,##0.#"


#: Halves round away from zero, as Dutch papers and their readers do (rekenkundig
#: afronden: 310,5 t × 4,5 kg N/t = 1.397,25 kg N is 1.397,3), not to the even digit as
#: Python's `round` and Babel's default context do (1.397,2). A float is read as the
#: shortest decimal that is that float (its repr): 2.675 is 2.675, not 2.67499999….
ROUNDING = ROUND_HALF_UP
#: From here on a float has no decimals left to round (2^53 ≈ 9.0e15).
WHOLE_FLOAT = 2.0**53


def rounded(value: float, decimals: int) -> float:
    """`value` to `decimals` places, halves away from zero (`ROUNDING`); negative zero (also
    after rounding) as zero, and NaN or infinity as they are."""
    if not math.isfinite(value):
        return value
    if abs(value) >= WHOLE_FLOAT:
        return float(value)
    quantum = Decimal(1).scaleb(-decimals)
    result = float(Decimal(repr(float(value))).quantize(quantum, rounding=ROUNDING))
    return abs(result) if result == 0 else result


def _to(decimals: int) -> PlainSerializer:
    return PlainSerializer(lambda value: rounded(value, decimals), float, when_used="json")


#: Tonnes of product (a lot, a proposal, a weighing).
TonnesOut = Annotated[float, _to(TONNES_DECIMALS + API_FINER)]
#: Kilograms of N or P2O5.
KgOut = Annotated[float, _to(KG_DECIMALS + API_FINER)]
#: Kilograms of N, P2O5 or K2O per tonne of product.
ContentsOut = Annotated[float, _to(KG_PER_T_DECIMALS + API_FINER)]
#: Kilometres (by road, or a distance limit).
KmOut = Annotated[float, _to(KM_DECIMALS + API_FINER)]
#: Euros: a price, a cost, a run's objective.
EurOut = Annotated[float, _to(EUR_DECIMALS)]
