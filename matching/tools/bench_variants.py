"""Variants of a generated instance for the benchmark: whole truck loads, and windows.

`with_loads`: `params.loads` with a 30 t load (a slurry tanker's or a tipper trailer's
payload, the issue's figure), 40 EUR per load and 2.5 EUR per load-km. The two prices are
our estimates (a tractor with tanker or a lorry at about 100-150 EUR an hour, loading and
unloading about 20 minutes, about 60 km an hour on the road both ways), not quoted tariffs.
`with_windows`: every lot available for 60-240 days from a day in January-May 2027, every
request wanted for 14-120 days from a day between 16 February and 30 June 2027 (the legal
spreading period of slurry on grassland, RULES "Other limits"), drawn from one
`random.Random(seed)`, so a seed gives the same windows on every machine.
"""

from __future__ import annotations

import copy
import random
from datetime import date, timedelta
from typing import Any

LOADS = {"capacity_t": 30.0, "eur_per_load": 40.0, "eur_per_load_km": 2.5}
LOT_START = (date(2027, 1, 1), date(2027, 5, 31))
LOT_DAYS = (60, 240)
REQUEST_START = (date(2027, 2, 16), date(2027, 6, 30))
REQUEST_DAYS = (14, 120)


def with_loads(doc: dict[str, Any]) -> dict[str, Any]:
    """A copy of `doc` whose transport is paid per load (module docstring)."""
    out = copy.deepcopy(doc)
    out["params"]["loads"] = dict(LOADS)
    return out


def _window(rng: random.Random, start: tuple[date, date], days: tuple[int, int]) -> tuple[str, str]:
    first = start[0] + timedelta(days=rng.randint(0, (start[1] - start[0]).days))
    last = first + timedelta(days=rng.randint(*days) - 1)
    return first.isoformat(), last.isoformat()


def with_windows(doc: dict[str, Any], seed: int) -> dict[str, Any]:
    """A copy of `doc` with availability and wanted windows (module docstring)."""
    rng = random.Random(seed)
    out = copy.deepcopy(doc)
    for lot in out["lots"]:
        lot["available_from"], lot["available_until"] = _window(rng, LOT_START, LOT_DAYS)
    for request in out["requests"]:
        request["wanted_from"], request["wanted_until"] = _window(rng, REQUEST_START, REQUEST_DAYS)
    return out


VARIANTS = {"loads": lambda doc, seed: with_loads(doc), "windows": with_windows}
