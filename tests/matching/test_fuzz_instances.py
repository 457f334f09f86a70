"""Issue 14, item 4: mutate a valid instance field by field (wrong JSON types, huge, NaN,
infinite and negative numbers, malformed dates, lists for objects, missing fields) and
require one answer from everyone: `validate` raises `InvalidInstance` or passes, and
`python -m matching solve` and `check`, run in-process, both exit 2 with the same lines, or
both exit 0 (the solution then passes the checker). Never a traceback, never "ok" on an
invalid instance."""

from __future__ import annotations

import contextlib
import copy
import io
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matching import InvalidInstance, instance_errors, validate_instance
from matching.cli import main
from tests.matching._factories import farm, instance, lot, request

Path_ = tuple[str | int, ...]


def _base() -> dict[str, Any]:
    """A valid instance that sets every field the format has, null or not."""
    farms = [
        farm("F1", natural_land=[{"ha": 2.0, "n_limit_kg_per_ha": 100}], p2o5_room_kg=500.0),
        farm("F2", "conversion", own=200.0, other_n_kg=100, other_a_n_kg=50, a_share_min=0.6),
        farm("F3", "conventional", lat=52.1, lon=5.1),
    ]
    lots = [
        lot("L1", "F1", p2o5=1.5, husbandry_ok=None, manure_share=0.5, made_from=None),
        lot("L3", "F3", "pig_solid", 50.0, 6.0, status="conventional", husbandry_ok=True),
    ]
    lots[0]["intermediary"] = {"name": "X", "skal_approved": True, "valid_until": "2027-03-31"}
    lots[1].update(lat=52.2, lon=5.2, max_distance_km=80.0)
    requests = [
        request("R1", "F1", 300.0, nonorganic=True, kinds=["pig_solid"], max_distance_km=90),
        request("R2", "F2", 900.0),
    ]
    return instance(farms, lots, requests, km={("L1", "R2"): 30.0}, min_delivery_t=5.0)


BASE = _base()


def _paths(value: Any, here: Path_ = ()) -> Iterator[Path_]:
    """Every position in a JSON value: each key of each object, each item of each list."""
    children = value.items() if isinstance(value, dict) else enumerate(value)
    for key, child in children:
        yield (*here, key)
        if isinstance(child, dict | list):
            yield from _paths(child, (*here, key))


PATHS = sorted(_paths(BASE), key=repr)
NUMBERS = st.sampled_from([1e308, -1e308, 1e20, 10**400, -(10**400), -1, -1e-300, 5e-324])
HOSTILE = st.one_of(
    st.none(),
    st.booleans(),
    NUMBERS,
    st.integers(),
    st.floats(),  # NaN and ±inf included
    st.text(max_size=4),
    st.sampled_from(["20261101", "2026-02-30", "2026-1-1", " 2026-11-22", "2026-11-22T00:00"]),
    st.sampled_from(["F1", "L1", "R2", "organic", "cattle_slurry", "A", "2026-11-22"]),
    st.lists(st.integers(0, 3), max_size=2),
    st.dictionaries(st.sampled_from(["id", "lat", "ha"]), st.integers(0, 3), max_size=2),
)
MUTATIONS = st.tuples(st.sampled_from(PATHS), st.sampled_from(["set", "delete", "wrap"]), HOSTILE)


def _mutated(path: Path_, how: str, value: Any) -> dict[str, Any]:
    doc = copy.deepcopy(BASE)
    parent: Any = doc
    for key in path[:-1]:
        parent = parent[key]
    key = path[-1]
    if how == "delete":
        del parent[key]
    else:
        parent[key] = [parent[key]] if how == "wrap" else value
    return doc


def _run(*argv: str) -> tuple[int, str, str]:
    """`python -m matching ARGV` in this process: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def _answers(doc: dict[str, Any], folder: Path) -> tuple[tuple[int, str, str], ...]:
    """(solve, check) on `doc`; check reads the solution solve wrote, or none at all."""
    (folder / "i.json").write_text(json.dumps(doc), encoding="utf-8")
    solved = _run("solve", str(folder / "i.json"), "-o", str(folder / "s.json"))
    if not (folder / "s.json").exists():
        (folder / "s.json").write_text("{}", encoding="utf-8")
    return solved, _run("check", str(folder / "i.json"), str(folder / "s.json"))


def test_the_base_instance_is_valid_and_reaches_every_field() -> None:
    assert instance_errors(BASE) == []
    assert len(PATHS) > 100


@settings(
    max_examples=400,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(mutation=MUTATIONS)
def test_solve_and_check_give_one_answer_on_any_mutation(
    mutation: tuple[Path_, str, Any],
) -> None:
    doc = _mutated(*mutation)
    errors = instance_errors(doc)
    with tempfile.TemporaryDirectory() as folder:
        solved, checked = _answers(doc, Path(folder))
    if errors:
        with pytest.raises(InvalidInstance):
            validate_instance(doc)
        assert all(": " in line for line in errors)
        assert solved == checked == (2, "", "\n".join(errors) + "\n")
    else:
        assert solved[0] == 0 and solved[2] == ""
        assert checked == (0, "ok: no violations\n", "")
