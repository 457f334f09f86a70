"""`excluded_pairs`: a lot → request pair the coordinator rejected or a farm declined gets no
arc, on both solvers, in the checker and in the reasons (docs/engine.md, "Excluded pairs").

Distances are overridden, so the profit per tonne is exactly 2.0 EUR/kg × N − 0.15 EUR/t·km
× km: F1's 100 t of cattle slurry at 5 kg N/t pays 10 − 0.15 × 20 = 7 EUR/t to F2 (20 km)
and 10 − 0.15 × 40 = 4 EUR/t to F3 (40 km); each request wants 1,000 kg N (200 t).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from matching import solve_instance, split_instance
from matching.arc_rules import excluded_cells
from matching.arcs import candidate_arcs
from matching.check import check_solution
from matching.check_arcs import RuleBook, legal_arcs
from matching.merge import merge_solutions
from matching.problem import Problem
from matching.tools.generate import generate_instance
from matching.validate import instance_errors
from tests.matching._factories import by_id, farm, flows, instance, lot, request

SOLVERS = ["highs", "cbc"]


def excluded(doc: dict[str, Any], *pairs: tuple[str, str], reason: str = "declined") -> dict:
    """`doc` with the given (lot, request) pairs excluded."""
    rows = [{"lot": a, "request": b, "reason": reason} for a, b in pairs]
    return doc | {"excluded_pairs": rows}


def two_receivers() -> dict[str, Any]:
    return instance(
        [farm("F1"), farm("F2"), farm("F3")],
        [lot("L1", "F1")],
        [request("R2", "F2", 1000), request("R3", "F3", 1000)],
        km={("L1", "R2"): 20.0, ("L1", "R3"): 40.0},
    )


def solve(doc: dict[str, Any], solver: str) -> dict[str, Any]:
    solution = solve_instance(doc, solver=solver)
    assert check_solution(doc, solution) == []
    assert solution["status"] == "optimal"
    return solution


@pytest.mark.parametrize("solver", SOLVERS)
def test_without_exclusions_the_nearer_receiver_takes_it_all(solver: str) -> None:
    """100 t × 7 EUR/t = 700 EUR to F2; R3 then has nothing left to get."""
    s = solve(two_receivers(), solver)
    assert flows(s) == pytest.approx({("L1", "R2"): 100.0})
    assert s["objective"] == pytest.approx(700.0)


@pytest.mark.parametrize("solver", SOLVERS)
@pytest.mark.parametrize("reason", ["declined", "rejected"])
def test_an_excluded_pair_sends_the_lot_to_the_next_receiver(solver: str, reason: str) -> None:
    """F2 declined (or the coordinator rejected) L1 → R2: 100 t × 4 EUR/t = 400 EUR to F3,
    and R2, whose only lot is the excluded one, says so."""
    s = solve(excluded(two_receivers(), ("L1", "R2"), reason=reason), solver)
    assert flows(s) == pytest.approx({("L1", "R3"): 100.0})
    assert s["objective"] == pytest.approx(400.0)
    assert by_id(s["lots"])["L1"]["why_left_code"] == "placed"
    assert by_id(s["requests"])["R2"]["why_unmet_code"] == "supply_declined"


@pytest.mark.parametrize("solver", SOLVERS)
def test_when_every_receiver_declined_the_lot_says_so(solver: str) -> None:
    s = solve(excluded(two_receivers(), ("L1", "R2"), ("L1", "R3")), solver)
    assert flows(s) == {}
    assert s["objective"] == pytest.approx(0.0)
    left = by_id(s["lots"])["L1"]
    assert left["why_left_code"] == "pair_declined"
    assert left["why_left"] == (
        "The only receivers within reach declined it or the coordinator rejected it."
    )
    assert {r["why_unmet_code"] for r in s["requests"]} == {"supply_declined"}


def test_a_receiver_out_of_reach_does_not_hide_the_declined_one() -> None:
    """R3 is 200 km away (limit 150 km): the only receiver in reach is the excluded R2."""
    doc = two_receivers()
    doc["distances"][1]["km"] = 200.0
    s = solve(excluded(doc, ("L1", "R2")), "highs")
    assert flows(s) == {}
    assert by_id(s["lots"])["L1"]["why_left_code"] == "pair_declined"
    assert by_id(s["requests"])["R3"]["why_unmet_code"] == "no_supply_in_reach"


def test_a_receiver_kept_away_by_its_window_is_named_not_the_declined_one() -> None:
    """R3 wants its slurry only after L1 is gone: one receiver in reach is not excluded, so
    the windows, not the exclusion, are the reason."""
    doc = two_receivers()
    doc["lots"][0] |= {"available_until": "2027-03-31"}
    doc["requests"][1] |= {"wanted_from": "2027-04-01"}
    s = solve(excluded(doc, ("L1", "R2")), "cbc")
    assert flows(s) == {}
    assert by_id(s["lots"])["L1"]["why_left_code"] == "no_request_in_window"


def test_the_checker_refuses_a_flow_on_an_excluded_pair() -> None:
    doc = two_receivers()
    plan = solve(doc, "highs")  # 100 t on L1 → R2
    problems = check_solution(excluded(doc, ("L1", "R2"), reason="rejected"), plan)
    assert problems == [
        "flows[0] L1->R2: arc not allowed: the pair is in excluded_pairs (rejected)"
    ]


def test_engine_and_checker_drop_exactly_the_excluded_arcs() -> None:
    """On 300 generated farms (one override: the spatial blocks find the arcs), exclude
    every third legal arc and the first lot with the first five requests (arcs or not): the
    engine's arcs are the checker's, which are the old ones less the excluded."""
    doc = generate_instance(300, seed=5)
    before = {(a.lot, a.request) for a in legal_arcs(RuleBook(doc))}
    gone = sorted(before)[::3] + [(doc["lots"][0]["id"], r["id"]) for r in doc["requests"][:5]]
    doc = excluded(doc, *dict.fromkeys(gone))
    p = Problem.read(doc)
    arcs = candidate_arcs(p)
    engine = {(p.lots.ids[a], p.requests.ids[b]) for a, b in zip(arcs.lot, arcs.req, strict=True)}
    assert engine == {(a.lot, a.request) for a in legal_arcs(RuleBook(doc))}
    assert engine == before - set(gone) and len(before) > 100


def test_a_split_hands_each_part_only_its_own_excluded_pairs() -> None:
    """`split_instance` keeps each part a valid instance (no pair naming another part's
    listings), and the parts' merged solution is the whole one."""
    doc = generate_instance(200, seed=3)
    arcs = sorted((a.lot, a.request) for a in legal_arcs(RuleBook(doc)))
    doc = excluded(doc, *arcs[::4])
    parts = split_instance(doc)
    assert len(parts) > 1
    merged = merge_solutions(doc, [solve_instance(part) for part in parts])
    assert merged["objective"] == pytest.approx(solve_instance(doc)["objective"], rel=1e-9)
    assert check_solution(doc, merged) == []


def test_excluded_cells_reads_unsorted_blocks() -> None:
    """Any order of lots and requests in a block: the cells are the excluded pairs."""
    doc = generate_instance(40, seed=2)
    n_lots, n_req = len(doc["lots"]), len(doc["requests"])
    rng = np.random.default_rng(0)
    picks = {
        (int(a), int(b))
        for a, b in zip(rng.integers(n_lots, size=30), rng.integers(n_req, size=30), strict=True)
    }
    pairs = [(doc["lots"][a]["id"], doc["requests"][b]["id"]) for a, b in picks]
    p = Problem.read(excluded(doc, *pairs))
    lots, reqs = rng.permutation(n_lots)[: n_lots // 2], rng.permutation(n_req)[: n_req // 2]
    cells = excluded_cells(p, lots, reqs)
    want = np.array([[(int(a), int(b)) in picks for b in reqs] for a in lots], dtype=bool)
    assert cells.any() and np.array_equal(cells, want)


def test_bad_excluded_pairs_are_named_item_and_field() -> None:
    doc = excluded(two_receivers(), ("L1", "R2"), ("LX", "R2"), ("L1", "RX"), ("L1", "R2"))
    doc["excluded_pairs"].append({"lot": "L1", "request": "R3", "reason": "maybe"})
    assert instance_errors(doc) == [
        "excluded_pairs[1].lot: unknown lot 'LX'",
        "excluded_pairs[2].request: unknown request 'RX'",
        "excluded_pairs[3]: duplicate excluded pair for lot 'L1' and request 'R2'",
        "excluded_pairs[4].reason: must be one of rejected, declined, not 'maybe'",
    ]


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("L1>R2", "excluded_pairs: must be a list"),
        (["L1"], "excluded_pairs[0]: must be an object"),
        ([{"lot": "L1", "request": "R2"}], "excluded_pairs[0].reason: must be one of"),
    ],
)
def test_excluded_pairs_must_be_a_list_of_objects(value: Any, error: str) -> None:
    errors = instance_errors(two_receivers() | {"excluded_pairs": value})
    assert len(errors) == 1 and errors[0].startswith(error)


@pytest.mark.parametrize("value", [None, []])
def test_absent_null_or_empty_excludes_nothing(value: Any) -> None:
    doc = two_receivers() | {"excluded_pairs": value}
    assert instance_errors(doc) == []
    assert len(candidate_arcs(Problem.read(doc))) == 2


def test_the_command_line_exits_2_naming_the_pair(tmp_path: Path) -> None:
    path = tmp_path / "i.json"
    path.write_text(json.dumps(excluded(two_receivers(), ("L1", "R9"))), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "matching", "solve", str(path), "-o", str(tmp_path / "s.json")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "excluded_pairs[0].request: unknown request 'R9'" in done.stderr
