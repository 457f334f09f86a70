"""Suggested prices (richtprijzen): what each receiver pays its supplier per tonne, from the
duals of the LP with the integer decisions fixed. The derivation, the rules for degenerate
duals, the A-share and truck loads, and a hand-computed 2×2 market are in docs/prices.md.

Per flow j = lot l → request r at farm f (EUR per tonne delivered; the supplier pays the
transport c_j = cost_eur / tonnes and saves its outlet o_l):
    supplier's gain  s_j = price_j + o_l − c_j
    receiver's gain  b_j = n_value·N_l − price_j + λ_f·(a_l − a_min(f))·N_l
where λ_f (EUR per kg of A-slack) is what the farm's A-share room is worth: an A-manure
tonne earns the farm A-share room, a B-manure tonne uses it (R8). With the shadow values of
the fixed LP (α_l per t of lot l, β_r per kg N of request r, μ_f per kg animal N of N room,
π_f per kg P2O5 of phosphate room) the flow's own surplus S_j = s_j + b_j splits as
    S_j = α_l + R_j + e_j,   R_j = N_l·β_r + animal_l·N_l·μ_f + P2O5_l·π_f
with e_j = 0 when nothing integer touches the flow (reduced profit 0). The supplier gets
s_j = α_l + e_j / 2, the receiver the rest, each at least 0 when S_j ≥ 0: without minimum
delivery or truck loads that is exactly α_l for every flow of lot l (`lots[].rent_eur_per_t`)
and R_j for the receiver. A degenerate LP's duals are taken halfway between the
supplier-optimal and the receiver-optimal ones (`matching.price_lp`): a fair split. With
integer decisions a receiving farm is priced on the whole (`_farm_cover`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from matching.bounds import RowSystem
from matching.component import Result
from matching.price_lp import Columns, FixedLP
from matching.problem import Problem
from matching.solution import MIN_FLOW_T
from matching.store import ArcStore
from matching.structure import ArcData


@dataclass(frozen=True)
class Shadow:
    """Shadow values ≥ 0 of one component's fixed LP, by lot, request and farm position (0
    where a row does not exist): EUR per t, per kg N, per kg animal N, per kg A-slack, per kg
    P2O5."""

    lot: np.ndarray
    request: np.ndarray
    room: np.ndarray
    a_share: np.ndarray
    p2o5: np.ndarray


@dataclass(frozen=True)
class FlowPrices:
    """Per flow (lot, request positions, tonnes): price and the supplier's gain, EUR/t."""

    lot: np.ndarray
    req: np.ndarray
    tonnes: np.ndarray
    price: np.ndarray
    supplier: np.ndarray


def _sides(system: RowSystem, result: Result) -> np.ndarray:
    """1.0 where an R5 farm of the system exports, 0.0 where it imports."""
    return np.array([float(result.exports.get(int(g), False)) for g in system.eo.farm])


def _columns(
    p: Problem, flows: np.ndarray, data: ArcData, tonnes: np.ndarray, loads: np.ndarray
) -> Columns:
    """The flows as the fixed LP's first columns: with a minimum delivery or truck loads
    they are its only columns (x ≥ its minimum, x ≤ load_t·loads; with loads the transport
    is sunk, so the profit is the value), else the start of column generation."""
    lower = np.minimum(data.min_t, tonnes)
    upper = np.full(tonnes.size, np.inf) if p.params.loads is None else data.load_t * loads
    profit = data.profit if p.params.loads is None else data.value
    return Columns(flows, lower, upper, profit)


def _shadow(p: Problem, system: RowSystem, sides: np.ndarray, y: np.ndarray) -> Shadow:
    """Shadow values by position from the row duals y. A request of a farm that imports
    (R5) carries its import row's value too: that row binds only when the request is met by
    non-organic N alone, so no other flow goes into it."""
    rows = system.rows

    def per(row_map: np.ndarray, sign: float = 1.0) -> np.ndarray:
        out = np.zeros(row_map.size)
        has = row_map >= 0
        out[has] = np.maximum(0.0, sign * y[row_map[has]])
        return out

    imports = np.zeros(len(p.farms.ids), dtype=bool)
    imports[system.eo.farm[sides < 0.5]] = True
    request = per(rows.request) + per(rows.r5_import) * imports[p.requests.farm]
    return Shadow(per(rows.lot), request, per(rows.n_room), per(rows.a_share, -1.0), per(rows.p2o5))


def _split(data: ArcData, sh: Shadow, transport: np.ndarray) -> np.ndarray:
    """The supplier's gain s_j (EUR/t) per flow: α_l plus half the flow's own residual
    e_j, kept within [0, max(0, S_j)] (module docstring)."""
    lot, req, farm = data.arcs.lot, data.arcs.req, data.farm
    surplus = data.value + sh.a_share[farm] * data.a_slope - transport
    rent = data.n * sh.request[req] + data.animal_n * sh.room[farm] + data.p2o5 * sh.p2o5[farm]
    gain = sh.lot[lot] + (surplus - sh.lot[lot] - rent) / 2.0
    return np.clip(gain, 0.0, np.maximum(surplus, 0.0))


def _farm_cover(
    p: Problem, data: ArcData, gain: np.ndarray, tonnes: np.ndarray, transport: np.ndarray
) -> np.ndarray:
    """Suppliers' gains s_j scaled down, on a farm whose deliveries would together cost it
    money, until they do not: its gain Σ (n_value·N − price)·x = Σ (value − c − s)·x must be
    ≥ 0 (EUR). With integer decisions a whole truck or a minimum delivery of A manure can
    bring the farm more A-share room than it uses at the margin, so no λ pays each flow on
    its own; the farm gains on the whole (docs/prices.md). Where the deliveries lose at any
    price (Σ (value − c)·x < 0: a MIP stopped at its time limit or gap may keep a load whose
    tonnes do not pay for it) the gains go to 0 and the farm loses that and no more, within the
    solution's gap as the checker verifies."""
    n_farms = len(p.farms.ids)
    own = np.bincount(data.farm, (data.value - transport - gain) * tonnes, minlength=n_farms)
    paid = np.bincount(data.farm, gain * tonnes, minlength=n_farms)
    short = np.maximum(0.0, -own)
    keep = np.clip(1.0 - short / np.maximum(paid, 1e-300), 0.0, 1.0)
    return gain * keep[data.farm]


def suggest_prices(p: Problem, store: ArcStore, result: Result) -> tuple[Shadow, FlowPrices]:
    """Shadow values and flow prices of one component: `store` its arcs, `result` its
    solve (flows on `result.chosen`, R5 sides, loads). Raises RuntimeError if HiGHS cannot
    solve the fixed LP (it is feasible: the flows are a solution)."""
    carry = result.tonnes >= MIN_FLOW_T
    flows, tonnes, loads = result.chosen[carry], result.tonnes[carry], result.loads[carry]
    system = result.system if result.system is not None else RowSystem.of(p, store)
    sides = _sides(system, result)
    data = store.data(flows)
    integral = p.params.min_delivery_t > 0 or p.params.loads is not None
    lp = FixedLP(system, store, sides, _columns(p, flows, data, tonnes, loads), not integral)
    supplier_best, receiver_best = lp.extremes(tonnes)
    sh = _shadow(p, system, sides, (supplier_best + receiver_best) / 2.0)
    if p.params.loads is None:
        transport = p.params.transport_eur_per_t_km * data.arcs.km
    else:
        transport = loads * data.load_eur / tonnes
    gain = _split(data, sh, transport)
    if integral:
        gain = _farm_cover(p, data, gain, tonnes, transport)
    price = gain - p.lots.outlet_eur_per_t[data.arcs.lot] + transport
    return sh, FlowPrices(data.arcs.lot, data.arcs.req, tonnes, price, gain)


class PriceBook:
    """The prices of a whole instance, filled component by component (`add`) and written
    into its solution document (`attach`). Components do not share rows, so each lot,
    request and farm gets its values from its own component (0 where no row exists)."""

    def __init__(self, p: Problem) -> None:
        self.p = p
        n_lots, n_farms = len(p.lots.ids), len(p.farms.ids)
        self.request = np.zeros(len(p.requests.ids))
        self.room, self.a_share, self.p2o5 = (np.zeros(n_farms) for _ in range(3))
        self.earned, self.placed = np.zeros(n_lots), np.zeros(n_lots)
        self.price: dict[tuple[int, int], float] = {}
        self.complete = True

    def add(self, store: ArcStore, result: Result) -> None:
        """Price one solved component (`store` its arcs, `result` its solve). A component
        whose solver found no plan, whose fixed LP HiGHS could not solve, or whose flows the
        time limit left short of the LP optimum at their R5 sides (`Result.lp_optimal`: the
        fixed LP would first have to finish that pricing, seconds at 10,000 farms) leaves
        the whole document without prices: they are optional, the plan and its limit not."""
        if not (result.found and result.lp_optimal):
            self.complete = False
        if not self.complete or len(store) == 0:
            return
        try:
            sh, fp = suggest_prices(self.p, store, result)
        except RuntimeError:
            self.complete = False
            return
        self.request += sh.request
        self.room += sh.room
        self.a_share += sh.a_share
        self.p2o5 += sh.p2o5
        np.add.at(self.earned, fp.lot, fp.supplier * fp.tonnes)
        np.add.at(self.placed, fp.lot, fp.tonnes)
        pairs = zip(fp.lot.tolist(), fp.req.tolist(), fp.price.tolist(), strict=True)
        self.price |= {(lot, req): price for lot, req, price in pairs}

    def attach(self, solution: dict[str, Any]) -> dict[str, Any]:
        """Write the optional price fields (docs/prices.md) into `solution`, in place."""
        if not self.complete:
            return solution
        p = self.p
        rent = np.divide(
            self.earned, self.placed, out=np.zeros_like(self.earned), where=self.placed > 0
        )
        lot_at = {x: i for i, x in enumerate(p.lots.ids)}
        req_at = {r: j for j, r in enumerate(p.requests.ids)}
        farm_at = {f: g for g, f in enumerate(p.farms.ids)}
        for flow in solution.get("flows") or []:
            key = (lot_at[flow["lot"]], req_at[flow["request"]])
            flow["price_eur_per_t"] = self.price.get(key)
        for row in solution.get("lots") or []:
            row["rent_eur_per_t"] = float(rent[lot_at[row["id"]]])
        for row in solution.get("requests") or []:
            row["shadow_eur_per_kg_n"] = float(self.request[req_at[row["id"]]])
        for row in solution.get("farms") or []:
            g = farm_at[row["id"]]
            row["room_shadow_eur_per_kg_n"] = float(self.room[g])
            row["a_share_shadow_eur_per_kg_n"] = float(self.a_share[g])
            row["p2o5_shadow_eur_per_kg"] = float(self.p2o5[g])
        return solution
