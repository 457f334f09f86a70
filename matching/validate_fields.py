"""Field checks for the instance validation (`matching.validate`) and the limits they apply.

Every number of an instance must be a finite JSON number within a physical limit, so that
nothing downstream (N room = cap × ha, objective = value × N × t, a solver's coefficients)
can overflow or lose all precision. The limits are far above anything real (the
Netherlands spread about 4e8 kg of animal N a year on about 2e6 ha) and far below where
floats break; `docs/engine.md` ("Validation") lists them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import date
from typing import Any

MAX_TONNES = 1e9  # t: a lot's tonnes, the minimum delivery
MAX_KG = 1e9  # kg: a request's N, a farm's own and other N, its phosphate room
MAX_HA = 1e7  # ha: a farm's area, a parcel of natural land
MAX_KG_PER_HA = 1e4  # kg N per ha: the cap, a parcel's limit
#: kg per t of N, P2O5, K2O: the physical limit (a tonne holds 1,000 kg). Real inputs reach
#: about 145 (hair meal, Skal input list); what is usual per kind is a plausibility flag of the
#: web app (`matching.rules.plausibility`), never a refusal here.
MAX_KG_PER_T = 1000.0
MAX_KM = 1e5  # km: distance limits and overrides (the equator is 40,075 km)
MAX_EUR = 1e4  # EUR per kg N, per t·km, per load-km; an outlet's EUR per t
MAX_EUR_PER_LOAD = 1e6  # EUR per truck load (a real load costs a few hundred)
MAX_ROAD_FACTOR = 10.0  # road km per great-circle km

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_SHOWN = 60  # characters of a refused value quoted in a message


def is_number(value: Any) -> bool:
    """A JSON number that is finite: not a bool, not NaN or ±inf (an int of any size is)."""
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and math.isfinite(value))


def shown(value: Any) -> str:
    """`value` as quoted in a message: its repr, cut to a readable length."""
    text = repr(value)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


class FieldReport:
    """Collects problems as `path: reason`; each check returns whether the value passed."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def add(self, where: str, message: str) -> bool:
        self.errors.append(f"{where}: {message}")
        return False

    def number(
        self, where: str, value: Any, low: float, high: float, *, nullable: bool = False
    ) -> bool:
        """A finite number in [low, high] (or null when `nullable`)."""
        if value is None and nullable:
            return True
        if not is_number(value):
            return self.add(where, "must be a number")
        if not low <= value <= high:
            return self.add(where, f"must be between {low:g} and {high:g}")
        return True

    def quantity(self, where: str, value: Any, high: float, *, nullable: bool = False) -> bool:
        """A finite amount in [0, high]: none is negative, `high` is its sanity ceiling."""
        if value is None and nullable:
            return True
        if not is_number(value):
            return self.add(where, "must be a number")
        if value < 0:
            return self.add(where, "must be at least 0")
        if value > high:
            return self.add(where, f"must be at most {high:g}")
        return True

    def boolean(self, where: str, value: Any) -> bool:
        if value is None or isinstance(value, bool):
            return True
        return self.add(where, "must be true, false or null")

    def choice(self, where: str, value: Any, allowed: tuple[str, ...]) -> bool:
        if isinstance(value, str) and value in allowed:
            return True
        return self.add(where, f"must be one of {', '.join(allowed)}, not {shown(value)}")

    def iso_date(self, where: str, value: Any, *, nullable: bool = False) -> bool:
        """Exactly `YYYY-MM-DD` and a real calendar day, so that dates compare as text."""
        if value is None and nullable:
            return True
        if isinstance(value, str) and _ISO_DATE.fullmatch(value):
            try:
                date.fromisoformat(value)
                return True
            except ValueError:
                pass
        return self.add(where, "must be a date YYYY-MM-DD")

    def window(self, path: str, item: Mapping, first: str, last: str) -> bool:
        """Two optional ISO dates `first` ≤ `last` (inclusive; null = open at that end)."""
        start, end = item.get(first), item.get(last)
        ok = self.iso_date(f"{path}.{first}", start, nullable=True)
        if not (self.iso_date(f"{path}.{last}", end, nullable=True) and ok):
            return False
        if start is not None and end is not None and end < start:
            return self.add(f"{path}.{last}", f"must not be before {first} ({start})")
        return True

    def ref(self, where: str, value: Any, known: Mapping[str, Any], what: str) -> bool:
        """The id of an existing item (`what` names its kind in the message)."""
        if isinstance(value, str) and value in known:
            return True
        return self.add(where, f"unknown {what} {shown(value)}")

    def pair(
        self,
        path: str,
        item: Mapping,
        known: tuple[Mapping, Mapping],
        seen: set[tuple[Any, Any]],
        what: str,
    ) -> bool:
        """`item.lot` and `item.request` name a known lot and request (`known`) that no
        earlier item of the list named (`seen`, updated); `what` names the item in the
        message about a duplicate."""
        lot, request = item.get("lot"), item.get("request")
        known_lot = self.ref(f"{path}.lot", lot, known[0], "lot")
        if not (self.ref(f"{path}.request", request, known[1], "request") and known_lot):
            return False
        if (lot, request) in seen:
            return self.add(
                path, f"duplicate {what} for lot {shown(lot)} and request {shown(request)}"
            )
        seen.add((lot, request))
        return True

    def optional_object(self, where: str, value: Any) -> Mapping | None:
        """`value` when it is an object; None when it is null or (reported) anything else."""
        if value is None or isinstance(value, Mapping):
            return value
        self.add(where, "must be an object or null")
        return None

    def objects(self, where: str, value: Any, *, nullable: bool) -> list[tuple[str, Mapping]]:
        """(path, item) for each object of a list; reports a non-list and each non-object."""
        if value is None and nullable:
            return []
        if not isinstance(value, list):
            self.add(where, "must be a list")
            return []
        out = []
        for i, item in enumerate(value):
            if isinstance(item, Mapping):
                out.append((f"{where}[{i}]", item))
            else:
                self.add(f"{where}[{i}]", "must be an object")
        return out
