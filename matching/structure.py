"""The model's coefficients per arc, the exact pruning of useless arcs, and the row layout.

Per arc j = l→r into farm f (all per tonne delivered): N(l) kg N into request r, value
n_value·N + outlet(l) EUR (what the N is worth plus what the supplier saves), profit = value −
transport·km EUR (with whole loads the relaxation's transport, `matching.loads`), animal N =
animal fraction·N (R1, R2), A-slope (a − a_min(f))·N (R8), P2O5 kg (phosphate room). `ub` is
the most tonnes the arc can ever carry: the lot's tonnes, the request's N, the farm's N room
and phosphate room each divided by the per-tonne use. Pruning is exact: an arc that earns
nothing (profit ≤ 0; with loads value·x − c·k ≤ profit·x, `matching.loads`) and cannot loosen
any constraint (its A-slope ≤ 0, or its farm's A-share row can never bind) is in no optimal
solution that needs it, so it is dropped before any model is built.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from matching.arcs import Arcs
from matching.loads import load_eur, transport_per_t
from matching.problem import Problem

TINY_T = 1e-9  # tonnes below which an arc cannot carry anything


@dataclass(frozen=True)
class ArcData:
    """Coefficients of a set of arcs (parallel arrays)."""

    arcs: Arcs
    farm: np.ndarray  # receiving farm
    n: np.ndarray
    profit: np.ndarray
    animal_n: np.ndarray
    a_slope: np.ndarray
    p2o5: np.ndarray
    ub: np.ndarray
    min_t: np.ndarray  # minimum delivery when used (0 = none)
    value: np.ndarray  # EUR/t before transport
    load_t: np.ndarray  # t per truck load (inf without `params.loads`)
    load_eur: np.ndarray  # EUR per load (0 without `params.loads`)

    def __len__(self) -> int:
        return len(self.arcs)

    def take(self, which: np.ndarray) -> ArcData:
        return ArcData(
            self.arcs.take(which),
            *(getattr(self, k)[which] for k in FIELDS),
        )


FIELDS = (
    "farm",
    "n",
    "profit",
    "animal_n",
    "a_slope",
    "p2o5",
    "ub",
    "min_t",
    "value",
    "load_t",
    "load_eur",
)


def _safe_div(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    out = np.full(num.shape, np.inf)
    np.divide(num, den, out=out, where=den > 0)
    return out


def arc_ub(p: Problem, lot: np.ndarray, req: np.ndarray) -> np.ndarray:
    """The most tonnes each arc lot→req can ever carry (see the module docstring)."""
    x, f = p.lots, p.farms
    farm, n = p.requests.farm[req], x.n_per_t[lot]
    return np.minimum.reduce(
        [
            x.tonnes[lot],
            _safe_div(p.requests.n_kg[req], n),
            _safe_div(f.room_left_kg[farm], x.animal[lot] * n),
            _safe_div(f.p2o5_room_kg[farm], x.p2o5_per_t[lot]),
        ]
    )


def arc_data(p: Problem, arcs: Arcs) -> ArcData:
    x, r, f, prm = p.lots, p.requests, p.farms, p.params
    farm = r.farm[arcs.req]
    n = x.n_per_t[arcs.lot]
    animal_n = x.animal[arcs.lot] * n
    p2o5 = x.p2o5_per_t[arcs.lot]
    ub = arc_ub(p, arcs.lot, arcs.req)
    min_t = (
        np.minimum(prm.min_delivery_t, x.tonnes[arcs.lot])
        if prm.min_delivery_t > 0
        else np.zeros(len(arcs))
    )
    value = prm.n_value_eur_per_kg * n + x.outlet_eur_per_t[arcs.lot]
    cap = np.full(len(arcs), np.inf) if prm.loads is None else x.load_t[arcs.lot]
    return ArcData(
        arcs,
        farm,
        n,
        value - transport_per_t(p, arcs.lot, arcs.km, ub),
        animal_n,
        (x.a[arcs.lot] - f.a_min[farm]) * n,
        p2o5,
        ub,
        min_t,
        value,
        cap,
        load_eur(p, arcs.km),
    )


def a_share_farms(data: ArcData, n_farms: int) -> np.ndarray:
    """Farms whose A-share row can bind: some arc into them lowers their A-share."""
    binds = np.zeros(n_farms, dtype=bool)
    binds[data.farm[data.a_slope < 0]] = True
    return binds


def may_matter(data: ArcData) -> np.ndarray:
    """Pruning's first pass, arc by arc: the arc can carry something, and it pays or it
    loosens its farm's A-share row."""
    usable = (data.ub > TINY_T) & (data.min_t <= data.ub * (1 + 1e-12))
    return usable & ((data.profit > 0) | (data.a_slope > 0))


def prune(data: ArcData, n_farms: int) -> ArcData:
    """Drop arcs that cannot carry anything and arcs that can never pay (exact, see module):
    an arc that does not pay stays only if its farm's A-share row can bind, i.e. some arc
    that survives the first pass and pays lowers that farm's A-share. `matching.store`
    applies the same two passes to a national instance chunk by chunk."""
    data = data.take(may_matter(data))
    binds = a_share_farms(data.take(data.profit > 0), n_farms)
    return data.take((data.profit > 0) | binds[data.farm])


@dataclass(frozen=True)
class Rows:
    """Which constraint rows exist, as maps from lot/request/farm index to a row number (−1:
    none). Row numbers are global over all families, in the order of `FAMILIES`."""

    lot: np.ndarray
    request: np.ndarray
    n_room: np.ndarray
    a_share: np.ndarray
    p2o5: np.ndarray
    r5_import: np.ndarray  # per request of an R5 farm
    r5: np.ndarray  # farms with the either-or binary
    count: int

    FAMILIES = ("lot", "request", "n_room", "a_share", "p2o5", "r5_import")


def _presence(p: Problem, arcs: Arcs) -> dict[str, np.ndarray]:
    """What a set of arcs touches: lots, requests, farms per row family, and the two sides
    of R5 (farms exporting organic manure, farms and requests importing non-organic). Read
    off the lots' and farms' figures (the same products as `arc_data`'s), so a national
    component's arcs need not be expanded to their coefficients for it."""
    n_farms, n_req = len(p.farms.ids), len(p.requests.ids)
    x, lot, req = p.lots, arcs.lot, arcs.req
    farm = p.requests.farm[req]
    nonorg = x.nonorganic_animal[lot]
    a_slope = (x.a[lot] - p.farms.a_min[farm]) * x.n_per_t[lot]
    return {
        "lot": np.bincount(lot, minlength=len(x.ids)) > 0,
        "request": np.bincount(req, minlength=n_req) > 0,
        "n_room": np.bincount(farm[(x.animal * x.n_per_t > 0)[lot]], minlength=n_farms) > 0,
        "a_share": np.bincount(farm[a_slope < 0], minlength=n_farms) > 0,
        "p2o5": np.bincount(farm[(x.p2o5_per_t > 0)[lot]], minlength=n_farms) > 0,
        "exports": np.bincount(x.farm[lot[x.organic_manure[lot]]], minlength=n_farms) > 0,
        "imports": np.bincount(farm[nonorg], minlength=n_farms) > 0,
        "nonorg_request": np.bincount(req[nonorg], minlength=n_req) > 0,
    }


def layout_rows(p: Problem, parts: Iterable[Arcs]) -> Rows:
    """Rows for everything the component's arcs touch; a family's row only where it can bind.
    The arcs come in chunks (a national component is never expanded at once). R5's
    either-or binary (clarification 2) goes to farms with an export arc of organic manure
    and an import arc of non-organic animal manure."""
    has: dict[str, np.ndarray] = {}
    for part in parts:
        for name, seen in _presence(p, part).items():
            has[name] = has[name] | seen if name in has else seen
    if not has:
        has = _presence(p, Arcs.empty())
    has["p2o5"] &= np.isfinite(p.farms.p2o5_room_kg)
    both = has["exports"] & has["imports"]
    has["r5_import"] = has["nonorg_request"] & both[p.requests.farm]
    maps, start = {}, 0
    for name in Rows.FAMILIES:
        row = np.full(has[name].size, -1, dtype=np.int64)
        idx = np.flatnonzero(has[name])
        row[idx] = start + np.arange(idx.size)
        maps[name], start = row, start + idx.size
    return Rows(**maps, r5=both, count=start)


@dataclass(frozen=True)
class Entries:
    """A family's nonzeros for a set of arcs: row per arc (−1: none) and value per arc."""

    row: np.ndarray
    value: np.ndarray


def column_entries(p: Problem, rows: Rows, data: ArcData) -> list[Entries]:
    """The nonzeros of each arc's column, family by family (R5: the import row of the
    request, in kg N, for non-organic animal manure)."""
    lot, farm, req = data.arcs.lot, data.farm, data.arcs.req
    import_row = np.where(p.lots.nonorganic_animal[lot], rows.r5_import[req], -1)
    return [
        Entries(rows.lot[lot], np.ones(len(data))),
        Entries(rows.request[req], data.n),
        Entries(np.where(data.animal_n > 0, rows.n_room[farm], -1), data.animal_n),
        Entries(np.where(data.a_slope != 0, rows.a_share[farm], -1), data.a_slope),
        Entries(np.where(data.p2o5 > 0, rows.p2o5[farm], -1), data.p2o5),
        Entries(import_row, data.n),
    ]
