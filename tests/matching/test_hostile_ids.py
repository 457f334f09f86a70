"""Issue 14, item 5: ids are the users' text and never reach a solver. Model names are built
from positions (`matching.model`), so ids of punctuation, unicode, 500 characters, or ids
that collide once a solver's name rules rewrite them solve on HiGHS and CBC alike, pass the
independent checker, and give the same optimum as plain ids."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import matching.component
from matching import solve_instance
from matching.check import check_solution
from matching.model import Model, build_model
from tests.matching._factories import farm, instance, lot, request

GAP = 1e-4
#: Ids that differ only where PuLP, LP/MPS files or solvers rewrite or split names.
COLLIDING = ["a-b", "a_b", "a b", "a.b", "a/b", "a[b]", "a+b", "a>b", "a:b", "a\tb", "a__0"]
HOSTILE_TEXT = st.text(
    alphabet=st.one_of(st.sampled_from("-+[]>/ _.:*<=\\\"'#;,\n\t$%&()"), st.characters()),
    min_size=1,
    max_size=12,
)
#: Short ids of letters and separators collide often once separators are rewritten.
NEAR = st.text(alphabet="ab_- .", min_size=1, max_size=4)
IDS = st.one_of(
    HOSTILE_TEXT, NEAR, st.sampled_from([*COLLIDING, "x" * 500, "日本-€", "e1", "0", "R"])
)


def _doc(farm_ids: list[str], lot_ids: list[str], request_ids: list[str]) -> dict[str, Any]:
    """Two or more farms that each offer organic and non-organic-origin manure and request
    N: arcs both ways, R5 either-or binaries, minimum-delivery binaries."""
    farms = [farm(f, lat=52.0 + 0.05 * i) for i, f in enumerate(farm_ids)]
    lots = []
    for i, lot_id in enumerate(lot_ids):
        home = farm_ids[i % len(farm_ids)]
        if i % 2:
            lots.append(lot(lot_id, home, "cattle_solid", 40.0 + i, 6.0, status="conventional"))
            lots[-1]["origin"]["husbandry_ok"] = True
        else:
            lots.append(lot(lot_id, home, tonnes=60.0 + i, n=5.0))
    requests = [
        request(r, farm_ids[(i + 1) % len(farm_ids)], 250.0 + 10 * i, nonorganic=True)
        for i, r in enumerate(request_ids)
    ]
    km = {
        (x, r): 10.0 + 3 * (i + j) for i, x in enumerate(lot_ids) for j, r in enumerate(request_ids)
    }
    return instance(farms, lots, requests, km=km, min_delivery_t=20.0)


def _plain(farms: int, lots: int, requests: int) -> dict[str, Any]:
    return _doc(
        [f"F{i}" for i in range(farms)],
        [f"L{i}" for i in range(lots)],
        [f"R{i}" for i in range(requests)],
    )


def _solves_everywhere(doc: dict[str, Any], reference: float) -> None:
    for solver in ("highs", "cbc"):
        solution = solve_instance(doc, solver=solver)
        assert solution["status"] == "optimal", solver
        assert check_solution(doc, solution) == [], solver
        assert solution["objective"] == pytest.approx(reference, abs=GAP * max(1.0, reference))


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    farm_ids=st.lists(IDS, min_size=2, max_size=3, unique=True),
    lot_ids=st.lists(IDS, min_size=2, max_size=6, unique=True),
    request_ids=st.lists(IDS, min_size=1, max_size=5, unique=True),
)
def test_hostile_ids_solve_on_both_solvers(
    farm_ids: list[str], lot_ids: list[str], request_ids: list[str]
) -> None:
    plain = solve_instance(_plain(len(farm_ids), len(lot_ids), len(request_ids)))
    _solves_everywhere(_doc(farm_ids, lot_ids, request_ids), plain["objective"])


@pytest.mark.parametrize("k", range(12))
def test_ids_that_collided_once_rewritten_solve_on_cbc(k: int) -> None:
    """`a` + `b_c` and `a_b` + `c` both spelled `x_a_b_c`; the old fix-up suffix `__N` could
    then meet the id pair (`a_b_c`, `_N`): CBC exited 1 with no solution file (k = 7)."""
    lots = [lot(x, "F1") for x in ("a_b_c", "a", "a_b")]
    requests = [request(r, "F2", 300) for r in ("b_c", "c", f"_{k}")]
    doc = instance([farm("F1"), farm("F2")], lots, requests)
    plain = instance(
        [farm("F1"), farm("F2")],
        [lot(f"L{i}", "F1") for i in range(3)],
        [request(f"R{i}", "F2", 300) for i in range(3)],
    )
    _solves_everywhere(doc, solve_instance(plain)["objective"])


def test_model_names_are_positions_never_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[Model] = []

    def recording(*args: Any) -> Model:
        built.append(build_model(*args))
        return built[-1]

    monkeypatch.setattr(matching.component, "build_model", recording)
    doc = _doc(["F-1", "F_1"], [*COLLIDING[:6], "x" * 500], ["日本", "a b", "a-b", "a_b"])
    solve_instance(doc)
    names = [v.name for m in built for v in m.prob.variables()]
    names += [c.name for m in built for c in m.prob.constraints()]
    assert built and names
    assert all(re.fullmatch(r"[a-z0-9_]+", name) for name in names), names
    assert all(len(name) <= 40 for name in names)
    assert any(m.binaries for m in built)
