"""The solution document of INSTANCE.md, assembled from tonnes per legal arc.

Flows under 1e-6 t are omitted and everything reported (flow fields, per-lot, per-request
and per-farm figures, the objective) is recomputed from the emitted flows, so the document
is consistent with itself whatever the solver's rounding. That includes the solver's
feasibility tolerance: a lot placed to 1e-7 relative above its tonnes shows a left_t of
−1e-5 t rather than a figure that disagrees with its flows.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from matching.explain import MESSAGES, State, lot_reasons, request_reasons
from matching.problem import Problem

if TYPE_CHECKING:  # annotations only, so `matching.merge` loads no model code
    from matching.structure import ArcData

SOLUTION_FORMAT = "mestmatch/solution@1"
MIN_FLOW_T = 1e-6


def _flows(
    p: Problem, data: ArcData, tonnes: np.ndarray, loads: np.ndarray | None
) -> list[dict[str, Any]]:
    """One flow per arc carrying ≥ MIN_FLOW_T; with `params.loads` it carries its whole
    truck `loads` and costs loads × (eur_per_load + eur_per_load_km × km), else
    transport × km × tonnes (EUR)."""
    transport = p.params.transport_eur_per_t_km
    out = []
    for j in np.flatnonzero(tonnes >= MIN_FLOW_T).tolist():
        t, lot = float(tonnes[j]), int(data.arcs.lot[j])
        n = float(data.n[j]) * t
        km = float(data.arcs.km[j])
        flow: dict[str, Any] = {
            "lot": p.lots.ids[lot],
            "request": p.requests.ids[int(data.arcs.req[j])],
            "tonnes": t,
            "n_kg": n,
            "a_n_kg": float(p.lots.a[lot]) * n,
            "animal_n_kg": float(p.lots.animal[lot]) * n,
            "km": km,
            "cost_eur": transport * km * t,
        }
        if p.params.loads is not None and loads is not None:
            trucks = int(loads[j])
            flow |= {"loads": trucks, "cost_eur": trucks * float(data.load_eur[j])}
        out.append(flow)
    return out


def _message(code: str | None) -> str | None:
    return None if code is None else MESSAGES[code]


def _lots(p: Problem, s: State, reasons: list[str | None]) -> list[dict[str, Any]]:
    return [
        {
            "id": lot_id,
            "category": cls.category,
            "a_fraction": cls.a_fraction,
            "placed_t": float(s.placed_t[i]),
            "left_t": float(p.lots.tonnes[i] - s.placed_t[i]),
            "why_left": _message(reasons[i]),
            "why_left_code": reasons[i],
        }
        for i, (lot_id, cls) in enumerate(zip(p.lots.ids, p.lots.classes, strict=True))
    ]


def _requests(p: Problem, s: State, reasons: list[str | None]) -> list[dict[str, Any]]:
    return [
        {
            "id": rid,
            "met_n_kg": float(s.met_n_kg[j]),
            "unmet_n_kg": float(p.requests.n_kg[j] - s.met_n_kg[j]),
            "why_unmet": _message(reasons[j]),
            "why_unmet_code": reasons[j],
        }
        for j, rid in enumerate(p.requests.ids)
    ]


def _side(sent: float, received: float, s: State, g: int) -> str:
    if s.exports[g]:
        return "exports"
    if s.imports[g]:
        return "imports"
    if sent > 0 and received > 0:
        return "both"
    return "exports" if sent > 0 else ("imports" if received > 0 else "none")


def _farms(p: Problem, data: ArcData, tonnes: np.ndarray, s: State) -> list[dict[str, Any]]:
    """Clarification 12: room before own manure, own + received + imported animal N (kg; own
    is the own manure kept, less the optional `exported_animal_n_kg`; the optional
    `received_animal_n_kg` is what earlier commitments already brought in), A-share."""
    nf, f = len(p.farms.ids), p.farms
    n_in = np.bincount(data.farm, weights=data.n * tonnes, minlength=nf)
    a_in = np.bincount(data.farm, weights=p.lots.a[data.arcs.lot] * data.n * tonnes, minlength=nf)
    sent = np.bincount(p.lots.farm, weights=s.placed_t, minlength=nf)
    rows = []
    for g, (doc, fid) in enumerate(zip(p.doc["farms"], f.ids, strict=True)):
        total = f.kept_n_kg[g] + _num(doc, "other_n_kg") + n_in[g]
        a_n = f.own_a_kg[g] + _num(doc, "other_a_n_kg") + a_in[g]
        rows.append(
            {
                "id": fid,
                "n_room_kg": float(f.room_kg[g]),
                "animal_n_kg": float(
                    f.kept_n_kg[g] + _num(doc, "received_animal_n_kg") + s.animal_in[g]
                ),
                "a_share": float(a_n / total) if total > 0 else None,
                "side": _side(float(sent[g]), float(n_in[g]), s, g),
            }
        )
    return rows


@dataclass(frozen=True)
class Outcome:
    """How the solve ended: INSTANCE.md's `status`, the dual bound B (EUR), and the lots and
    requests (boolean masks by position) of components where the solver found no feasible
    point: those get no reason (`why_left`/`why_unmet` null), since nothing supports one."""

    status: str
    bound: float
    unsolved_lots: np.ndarray
    unsolved_requests: np.ndarray


def build_solution(
    p: Problem,
    data: ArcData,
    tonnes: np.ndarray,
    sides: dict[int, bool],
    outcome: Outcome,
    stats: dict[str, Any],
    *,
    loads: np.ndarray | None = None,
) -> dict[str, Any]:
    """The solution document; `data` are all legal arcs, `tonnes` their flows and `loads`
    their truck loads (with `params.loads`).

    `solution_found` (an optional field, docs/engine.md) is False when any component's
    solver stopped without a feasible point: the document is then no plan to act on."""
    tonnes = np.where(tonnes >= MIN_FLOW_T, tonnes, 0.0)
    s = State.of(p, data, tonnes, sides)
    flows = _flows(p, data, tonnes, loads)
    value = p.params.n_value_eur_per_kg
    carrying = np.flatnonzero(tonnes >= MIN_FLOW_T)  # the flows' arcs, in their order
    saved = (p.lots.outlet_eur_per_t[data.arcs.lot[carrying]] * tonnes[carrying]).tolist()
    objective = math.fsum(
        value * f["n_kg"] - f["cost_eur"] + s for f, s in zip(flows, saved, strict=True)
    )
    lot_codes = lot_reasons(p, data, s, outcome.unsolved_lots)
    request_codes = request_reasons(p, data, s, outcome.unsolved_requests)
    return {
        "format": SOLUTION_FORMAT,
        "status": outcome.status,
        "solution_found": not (outcome.unsolved_lots.any() or outcome.unsolved_requests.any()),
        "objective": objective,
        "bound": max(outcome.bound, objective),
        "flows": flows,
        "lots": _lots(p, s, lot_codes),
        "requests": _requests(p, s, request_codes),
        "farms": _farms(p, data, tonnes, s),
        "stats": stats,
    }


def _num(doc: Mapping[str, Any], name: str) -> float:
    """An optional quantity of a farm document (missing or null = 0, clarification 10)."""
    return float(doc.get(name) or 0.0)
