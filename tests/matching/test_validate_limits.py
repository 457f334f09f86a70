"""Issue 14, item 4: `solve` and `check` refuse every invalid instance alike, with exit 2 and
one `item.field: reason` line per problem, never a traceback and never "ok". Each case is
a fault found by probing (check said OK; a traceback; a date compared as text)."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from matching import instance_errors, solve_instance
from matching.cli import main
from tests.matching._factories import farm, instance, lot, request

Doc = dict[str, Any]
Capture = pytest.CaptureFixture[str]


def _base() -> Doc:
    return instance([farm("F1"), farm("F2")], [lot("L1", "F1")], [request("R2", "F2", 100)])


def _intermediary(until: Any) -> Callable[[Doc], None]:
    return lambda d: d["lots"][0].update(intermediary={"skal_approved": True, "valid_until": until})


CASES: dict[str, tuple[Callable[[Doc], None], str]] = {
    "latitude 91": (lambda d: d["farms"][0].update(lat=91), "farms[0].lat: must be between -90"),
    "tonnes as a string": (
        lambda d: d["lots"][0].update(tonnes="100"),
        "lots[0].tonnes: must be a number",
    ),
    "unknown format": (lambda d: d.update(format="mestmatch/instance@9"), "format: must be"),
    "1e308 t": (
        lambda d: d["lots"][0].update(tonnes=1e308),
        "lots[0].tonnes: must be at most 1e+09",
    ),
    "1e20 t": (lambda d: d["lots"][0].update(tonnes=1e20), "lots[0].tonnes: must be at most 1e+09"),
    "integer too large for a float": (
        lambda d: d["requests"][0].update(n_kg=10**400),
        "requests[0].n_kg: must be at most 1e+09",
    ),
    "huge integer latitude": (
        lambda d: d["farms"][1].update(lat=-(10**400)),
        "farms[1].lat: must be between -90 and 90",
    ),
    "NaN": (
        lambda d: d["lots"][0].update(n_kg_per_t=float("nan")),
        "lots[0].n_kg_per_t: must be a",
    ),
    "infinity": (
        lambda d: d["farms"][0].update(area_ha=float("inf")),
        "farms[0].area_ha: must be a",
    ),
    "true as a number": (lambda d: d["lots"][0].update(tonnes=True), "lots[0].tonnes: must be a"),
    "area above the limit": (
        lambda d: d["farms"][0].update(area_ha=1e8),
        "farms[0].area_ha: must be at most 1e+07",
    ),
    "km above the limit": (
        lambda d: d["distances"][0].update(km=1e6),
        "distances[0].km: must be at most 100000",
    ),
    "P2O5 above the limit": (
        lambda d: d["lots"][0].update(p2o5_kg_per_t=1000.5),
        "lots[0].p2o5_kg_per_t: must be between 0 and 1000",
    ),
    "K2O above the limit": (
        lambda d: d["lots"][0].update(k2o_kg_per_t=5000),
        "lots[0].k2o_kg_per_t: must be between 0 and 1000",
    ),
    "road factor": (
        lambda d: d["params"].update(road_factor=1e5),
        "params.road_factor: must be at most 10",
    ),
    "list for params": (lambda d: d.update(params=[d["params"]]), "params: must be an object"),
    "list for a farm": (lambda d: d["farms"].__setitem__(0, [d["farms"][0]]), "farms[0]: must be"),
    "list for the origin": (
        lambda d: d["lots"][0].update(origin=[]),
        "lots[0].origin: must be an object or null",
    ),
    "list for the lot's farm": (
        lambda d: d["lots"][0].update(farm=["F1"]),
        "lots[0].farm: unknown farm ['F1']",
    ),
    "object for the request's farm": (
        lambda d: d["requests"][0].update(farm={"id": "F2"}),
        "requests[0].farm: unknown farm {'id': 'F2'}",
    ),
    "list for a distance's lot": (
        lambda d: d["distances"][0].update(lot=["L1"]),
        "distances[0].lot: unknown lot ['L1']",
    ),
    "object for natural land": (
        lambda d: d["farms"][0].update(natural_land={"ha": 1}),
        "farms[0].natural_land: must be a list",
    ),
    "object for lots": (lambda d: d.update(lots={"L1": d["lots"][0]}), "lots: must be a list"),
    "kind as a list": (lambda d: d["lots"][0].update(kind=["cattle_slurry"]), "lots[0].kind: must"),
    "compact date": (lambda d: d.update(date="20261122"), "date: must be a date YYYY-MM-DD"),
    "date as a number": (lambda d: d.update(date=20261122), "date: must be a date YYYY-MM-DD"),
    "no such day": (lambda d: d.update(date="2026-02-30"), "date: must be a date YYYY-MM-DD"),
    "week date": (lambda d: d.update(date="2026-W47-7"), "date: must be a date YYYY-MM-DD"),
    "compact valid_until": (
        _intermediary("20261101"),
        "lots[0].intermediary.valid_until: must be a date YYYY-MM-DD",
    ),
    "date with a time": (
        _intermediary("2026-11-01T00:00"),
        "lots[0].intermediary.valid_until: must be a date YYYY-MM-DD",
    ),
}


def _edit(change: Callable[[Doc], None]) -> Doc:
    doc = copy.deepcopy(_base())
    change(doc)
    return doc


def _write(path: Path, doc: object) -> str:
    path.write_text(json.dumps(doc), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("name", sorted(CASES))
def test_solve_and_check_refuse_alike(name: str, tmp_path: Path, capsys: Capture) -> None:
    change, message = CASES[name]
    good = _write(tmp_path / "good.json", _base())
    assert main(["solve", good, "-o", str(tmp_path / "s.json")]) == 0
    bad = _write(tmp_path / "bad.json", _edit(change))
    capsys.readouterr()
    assert main(["solve", bad, "-o", str(tmp_path / "never.json")]) == 2
    refused_by_solve = capsys.readouterr().err
    assert main(["check", bad, str(tmp_path / "s.json")]) == 2
    out = capsys.readouterr()
    assert "ok" not in out.out and out.err == refused_by_solve
    assert any(line.startswith(message) for line in out.err.splitlines()), out.err
    assert not (tmp_path / "never.json").exists()


def test_an_expired_intermediary_written_compactly_is_refused_not_placed() -> None:
    """`20261101` sorted after `2026-11-22` as text, so an expired lot was placed."""
    doc = _edit(_intermediary("2026-11-01"))
    solution = solve_instance(doc)
    assert solution["flows"] == [] and solution["lots"][0]["why_left_code"] == (
        "intermediary_expired"
    )
    assert instance_errors(_edit(_intermediary("20261101"))) == [CASES["compact valid_until"][1]]


def test_the_limits_themselves_are_valid() -> None:
    def at_limits(d: Doc) -> None:
        d["lots"][0].update(tonnes=1e9, n_kg_per_t=1000, p2o5_kg_per_t=1000, k2o_kg_per_t=1000)
        d["farms"][0].update(lat=-90, lon=180, area_ha=1e7, own_manure_n_kg=10**9)
        d["requests"][0].update(n_kg=1e9, max_distance_km=1e5)
        d["params"].update(road_factor=10, min_delivery_t=10**9)

    doc = _edit(at_limits)
    assert instance_errors(doc) == []
    assert solve_instance(doc)["status"] == "optimal"


@pytest.mark.parametrize(
    ("text", "reason"),
    [("{", "Expecting property name"), ("[" * 100_000, "recursion"), ("\xff", "codec")],
)
def test_unreadable_files_exit_2_on_both(
    text: str, reason: str, tmp_path: Path, capsys: Capture
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(text.encode("latin-1"))
    good = _write(tmp_path / "good.json", _base())
    assert main(["solve", str(bad), "-o", str(tmp_path / "s.json")]) == 2
    assert main(["check", str(bad), good]) == 2
    assert main(["check", good, str(bad)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 3 and all(line.startswith(f"cannot read {tmp_path}") for line in err)
    assert all(reason in line for line in err), err


SOLUTION_SHAPES: dict[str, tuple[Any, str]] = {
    "a list": ([], "solution: must be a JSON object"),
    "flows an object": ({"flows": {}}, "flows: must be a list"),
    "a flow a list": ({"flows": [[]]}, "flows[0]: must be an object"),
    "a list for a lot id": ({"flows": [{"lot": ["L1"], "request": "R2"}]}, "flows[0].lot: must"),
    "an object for a summary id": ({"lots": [{"id": {}}]}, "lots[0].id: must be a string id"),
}


@pytest.mark.parametrize("name", sorted(SOLUTION_SHAPES))
def test_check_refuses_a_malformed_solution(name: str, tmp_path: Path, capsys: Capture) -> None:
    """Exit 2 naming the problem, as for an invalid instance: it is input that cannot be
    checked, not a plan that breaks a rule (which is exit 1)."""
    solution, message = SOLUTION_SHAPES[name]
    args = [_write(tmp_path / "i.json", _base()), _write(tmp_path / "s.json", solution)]
    assert main(["check", *args]) == 2
    said = capsys.readouterr()
    assert said.out == "" and said.err.splitlines()[0].startswith(message)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"status": ["optimal"]}, "status ['optimal'] is not one of"),
        ({"objective": 10**400}, "objective is 1000"),
        ({"flows": [{"lot": "L1", "request": "R2", "tonnes": 10**400}]}, "flows[0] L1->R2: tonnes"),
    ],
)
def test_check_reports_values_of_the_wrong_kind(
    change: Doc, message: str, tmp_path: Path, capsys: Capture
) -> None:
    solution = solve_instance(_base()) | change
    args = [_write(tmp_path / "i.json", _base()), _write(tmp_path / "s.json", solution)]
    assert main(["check", *args]) == 1
    assert any(line.startswith(message) for line in capsys.readouterr().out.splitlines())
