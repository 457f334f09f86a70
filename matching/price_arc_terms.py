"""The checker's per-arc price terms as arrays (for `matching.price_check_arcs`).

Everything is read from the instance through `RuleBook` (the checker's own rules), the
published values through `Quotes` and the flow sums through `Totals`, and laid out by
position so a chunk of legal arcs is tested with numpy. Units: t, kg, km, EUR.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from matching.check_arcs import Arc, RuleBook
from matching.check_costs import capacity_t, whole_loads
from matching.check_totals import TOL_ABS, TOL_REL, Totals
from matching.price_quotes import Quotes


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """num / den (t), inf where den is 0 (the limit does not apply)."""
    out = np.full(num.shape, np.inf)
    np.divide(np.maximum(num, 0.0), den, out=out, where=den > 0)
    return out


def _left(limit: np.ndarray, used: np.ndarray, scale: np.ndarray | float = 0.0) -> np.ndarray:
    """limit − used, read as 0 within the checker's tolerance (1e-6 absolute plus 1e-6
    relative to the larger of them or `scale`): a solver hands back 7 to 9 digits."""
    left = limit - used
    finite = np.isfinite(limit)
    big = np.maximum(np.maximum(np.abs(np.where(finite, limit, 0.0)), np.abs(used)), scale)
    return np.where(finite & (left <= TOL_ABS + TOL_REL * big), 0.0, left)


@dataclass(frozen=True)
class LotTerms:
    """Per lot: N (kg/t), its value (EUR/t), outlet (EUR/t), animal N and P2O5 (kg/t),
    A-fraction, R5 classes, tonnes, supplier farm position, load capacity (t; inf)."""

    n: np.ndarray
    n_eur: np.ndarray
    outlet: np.ndarray
    animal_n: np.ndarray
    p2o5: np.ndarray
    a: np.ndarray
    organic: np.ndarray
    nonorganic: np.ndarray
    tonnes: np.ndarray
    farm: np.ndarray
    load_t: np.ndarray

    @classmethod
    def of(cls, book: RuleBook, farm_at: dict[str, int]) -> LotTerms:
        facts = [book.lot_facts[x] for x in book.lots]
        value = float(book.params["n_value_eur_per_kg"])
        n = np.array([f.n_per_t for f in facts])
        caps = [capacity_t(book, x) for x in book.lots]
        return cls(
            n,
            value * n,
            np.array([float(x.get("outlet_eur_per_t") or 0.0) for x in book.lots.values()]),
            np.array([f.animal_fraction for f in facts]) * n,
            np.array([f.p2o5_per_t for f in facts]),
            np.array([f.a_fraction for f in facts]),
            np.array([f.organic_manure for f in facts], dtype=bool),
            np.array([f.nonorganic_animal for f in facts], dtype=bool),
            np.array([float(x["tonnes"]) for x in book.lots.values()]),
            np.array([farm_at[x["farm"]] for x in book.lots.values()], dtype=np.int64),
            np.array([math.inf if c is None else c for c in caps]),
        )


@dataclass(frozen=True)
class Chunk:
    """Arcs by position: lot, request, receiving farm, km, A-slope (a − a_min)·N (kg/t)."""

    lot: np.ndarray
    req: np.ndarray
    farm: np.ndarray
    km: np.ndarray
    slope: np.ndarray


def _by(ids: Sequence[str], values: Mapping[str, float]) -> np.ndarray:
    return np.array([values.get(i, 0.0) for i in ids])


class Terms:
    """The arrays of one instance, solution and price certificate."""

    def __init__(self, book: RuleBook, quotes: Quotes, totals: Totals) -> None:
        self.book = book
        farms, reqs = list(book.farms), list(book.requests)
        self.farm_at = {f: g for g, f in enumerate(farms)}
        self.lot_at = {x: i for i, x in enumerate(book.lots)}
        self.req_at = {r: j for j, r in enumerate(reqs)}
        self.lot = LotTerms.of(book, self.farm_at)
        self.placed = _by(list(book.lots), totals.lot_t)
        self.rent = _by(list(book.lots), quotes.rent)
        self.req_farm = np.array([self.farm_at[book.requests[r]["farm"]] for r in reqs])
        self.n_kg = np.array([float(book.requests[r]["n_kg"]) for r in reqs])
        self.met = _by(reqs, totals.request_n)
        self.request = _by(reqs, quotes.request)
        self._farms(farms, quotes, totals)

    def _farms(self, farms: list[str], quotes: Quotes, totals: Totals) -> None:
        facts = [self.book.farm_facts[f] for f in farms]
        self.room_left = np.array([f.room_left_kg for f in facts])
        self.p2o5_room = np.array(
            [math.inf if f.p2o5_room_kg is None else f.p2o5_room_kg for f in facts]
        )
        self.d0 = np.array([f.d0 for f in facts])
        self.a_min = np.array([f.a_min for f in facts])
        self.animal_in = _by(farms, totals.farm_animal_n)
        self.p2o5_in = _by(farms, totals.farm_p2o5)
        self.a_in = _by(farms, totals.farm_a_slack)
        self.a_abs = _by(farms, totals.farm_a_abs) + np.abs(self.d0)
        self.room = _by(farms, quotes.farm["room"])
        self.a_share = _by(farms, quotes.farm["a_share"])
        self.p2o5 = _by(farms, quotes.farm["p2o5"])
        side = [quotes.side.get(f) for f in farms]
        took = _by(farms, totals.nonorganic_import_t) > TOL_ABS
        sent = _by(farms, totals.organic_export_t) > TOL_ABS
        self.imports = np.array([s == "imports" for s in side], dtype=bool) | took
        self.exports = np.array([s == "exports" for s in side], dtype=bool) | sent

    def chunk(self, arcs: list[Arc]) -> Chunk:
        lot = np.array([self.lot_at[a.lot] for a in arcs], dtype=np.int64)
        req = np.array([self.req_at[a.request] for a in arcs], dtype=np.int64)
        farm = self.req_farm[req]
        slope = (self.lot.a[lot] - self.a_min[farm]) * self.lot.n[lot]
        return Chunk(lot, req, farm, np.array([a.km for a in arcs]), slope)

    def flows(self, flows: Sequence[Mapping[str, Any]]) -> dict[tuple[int, int], tuple[float, int]]:
        """(lot, request) positions -> (tonnes, truck loads) of each flow."""
        return {
            (self.lot_at[str(f["lot"])], self.req_at[str(f["request"])]): (
                float(f["tonnes"]),
                whole_loads(f) or 0,
            )
            for f in flows
        }

    def closed_by_r5(self, c: Chunk) -> np.ndarray:
        """Organic manure of a farm on the import side, or non-organic animal manure into a
        farm on the export side (R5: the side the solution decided, or the one its flows
        take)."""
        lo = self.lot
        return (lo.organic[c.lot] & self.imports[lo.farm[c.lot]]) | (
            lo.nonorganic[c.lot] & self.exports[c.farm]
        )

    def capacity(self, c: Chunk, used: bool = False) -> np.ndarray:
        """Tonnes each arc can carry (t): within the whole limits, or, `used`, within what the
        flows left of them, the A-share slack included."""
        lo, r, f = self.lot, c.req, c.farm
        tonnes, wanted = lo.tonnes[c.lot], self.n_kg[r]
        room, p_room = self.room_left[f], self.p2o5_room[f]
        a_room = np.full(c.lot.size, np.inf)
        if used:
            tonnes, wanted = _left(tonnes, self.placed[c.lot]), _left(wanted, self.met[r])
            room, p_room = _left(room, self.animal_in[f]), _left(p_room, self.p2o5_in[f])
            d0 = self.d0[f]
            a_left = _left(
                d0 + self.a_in[f] - np.minimum(0.0, d0), np.zeros_like(d0), self.a_abs[f]
            )
            a_room = _ratio(a_left, -c.slope)
        return np.minimum.reduce(
            [
                np.maximum(tonnes, 0.0),
                _ratio(wanted, lo.n[c.lot]),
                _ratio(room, lo.animal_n[c.lot]),
                _ratio(p_room, lo.p2o5[c.lot]),
                a_room,
            ]
        )

    def deal_gain(
        self, c: Chunk, spare: np.ndarray, tonnes: np.ndarray, loads: np.ndarray
    ) -> np.ndarray:
        """The most a new deal of q ∈ [least, spare] tonnes earns the pair (EUR): q·(N value
        + outlet) less its transport; on a flow of `tonnes` in `loads` trucks only the extra
        loads cost. q is at spare or where a truck is full (the gain rises along a load and
        drops at each new one), the first or the last such point."""
        book, lo = self.book, self.lot
        minimum = float(book.params.get("min_delivery_t") or 0.0)
        least = np.maximum(1e-9, np.minimum(minimum, lo.tonnes[c.lot]) - tonnes)
        value = lo.n_eur[c.lot] + lo.outlet[c.lot]
        loads_doc = book.params.get("loads")
        if loads_doc is None:
            per_t = value - float(book.params["transport_eur_per_t_km"]) * c.km
            gain = spare * per_t
        else:
            cap = lo.load_t[c.lot]
            per_load = float(loads_doc["eur_per_load"]) + float(loads_doc["eur_per_load_km"]) * c.km
            first = cap * np.ceil((tonnes + least) / cap - 1e-9) - tonnes
            last = cap * np.floor((tonnes + spare) / cap + 1e-9) - tonnes
            gain = np.full(c.lot.size, -np.inf)
            for q in (spare, first, last):
                ok = (q >= least) & (q <= spare)
                trucks = np.maximum(0.0, np.ceil((tonnes + q) / cap - 1e-9) - loads)
                gain = np.where(ok, np.maximum(gain, q * value - per_load * trucks), gain)
        return np.where(spare >= least, np.maximum(gain, 0.0), 0.0)
