"""The demo data set: 40 farms across the twelve provinces, their animals, lots and requests.

The rows live in `demo.json` beside this module (data, not code; its `source` and `notes`
say where places come from and what each field means). This module reads the file once, at
import, into frozen records; pydantic checks every row, so a mistyped or unknown field
fails the import instead of quietly seeding something else. Field names are those of the
service inputs (`FarmInput`, `LivestockInput`, `NaturalLandInput`, `LotInput`,
`RequestInput`); units are in `demo.json`'s notes.
"""

from __future__ import annotations

from importlib import resources
from typing import NamedTuple

from pydantic import ConfigDict, TypeAdapter
from pydantic.dataclasses import dataclass

STRICT = ConfigDict(extra="forbid")


class Animals(NamedTuple):
    """One livestock category of a farm (a pair, so `category, head_count = animals`)."""

    category: str
    head_count: int


class DemoParcel(NamedTuple):
    """A natural-land parcel: its area in ha and its N limit in kg per ha per year."""

    name: str
    ha: float
    n_limit_kg_per_ha: float


@dataclass(frozen=True, config=STRICT)
class DemoFarm:
    name: str
    place: str
    province: str
    lat: float
    lon: float
    status: str
    area_ha: float
    livestock: tuple[Animals, ...] = ()
    natural_land: tuple[DemoParcel, ...] = ()


class Analysis(NamedTuple):
    """A lab analysis, kg per tonne, named as `LotInput`'s fields."""

    n_kg_per_t: float
    p2o5_kg_per_t: float
    k2o_kg_per_t: float


@dataclass(frozen=True, config=STRICT)
class DemoLot:
    """A lot; `contents` None means "no lab analysis: the standard table"; `manure_mix` a
    digestate's manure codes (`LotInput.manure_mix`: `{"parts": [{"code", "percent"}]}`)."""

    farm: str
    kind: str
    tonnes: float
    manure_code: str | None = None
    manure_mix: dict[str, list[dict[str, str | float]]] | None = None
    contents: Analysis | None = None
    origin: dict[str, bool | float] | None = None
    max_distance_km: float | None = None


@dataclass(frozen=True, config=STRICT)
class DemoRequest:
    """A request; `land_use` is the receiving land (`matching.rules.calendar.LAND_USES`)."""

    farm: str
    land_use: str
    n_kg: float
    kinds: tuple[str, ...] | None = None
    accept_nonorganic: bool = False
    max_distance_km: float | None = None


@dataclass(frozen=True, config=STRICT)
class Intermediated:
    """The one farm whose lots go through a Skal-approved intermediary (R11)."""

    farm: str
    intermediary: str


@dataclass(frozen=True, config=STRICT)
class DemoAccount:
    """A demo log-in; `farm` is None for the coordinator. Its password is printed on purpose."""

    email: str
    role: str
    password: str
    farm: str | None


@dataclass(frozen=True, config=STRICT)
class DemoSet:
    source: str
    notes: dict[str, str]
    farms: tuple[DemoFarm, ...]
    lots: tuple[DemoLot, ...]
    intermediated: Intermediated
    requests: tuple[DemoRequest, ...]
    accounts: tuple[DemoAccount, ...]


def load() -> DemoSet:
    """`demo.json`, checked; raises pydantic's `ValidationError` naming each bad row."""
    raw = (resources.files("market.demo") / "demo.json").read_bytes()
    return TypeAdapter(DemoSet).validate_json(raw)


_DEMO = load()
FARMS = _DEMO.farms
LOTS = _DEMO.lots
INTERMEDIATED = _DEMO.intermediated
REQUESTS = _DEMO.requests
ACCOUNTS = _DEMO.accounts
