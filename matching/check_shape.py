"""The solution's shape, checked before any of its numbers (checker part 0).

The checker reads a solution written by anyone, so it first makes sure every list is a list
of objects and every id a string: the later parts may then look ids up and sum rows without
meeting a value of the wrong JSON type. Numbers of the wrong type are reported where they
are compared (`check_totals.finite`).

A solution of the wrong shape is malformed input, like an invalid instance: `check` exits 2
naming each problem (`MalformedSolution`), not 1 as for a rule that a plan breaks.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: The solution's lists and the id fields of their rows.
ID_FIELDS = {"flows": ("lot", "request"), "lots": ("id",), "requests": ("id",), "farms": ("id",)}


class MalformedSolution(ValueError):
    """The solution cannot be checked at all; `errors` lists every problem, one line each."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("malformed solution:\n" + "\n".join(errors))
        self.errors = errors


def _row_problems(key: str, rows: list[Any]) -> list[str]:
    out = []
    for i, row in enumerate(rows):
        if not isinstance(row, Mapping):
            out.append(f"{key}[{i}]: must be an object")
            continue
        for name in ID_FIELDS[key]:
            if not isinstance(row.get(name), str):
                out.append(f"{key}[{i}].{name}: must be a string id, not {row.get(name)!r}")
    return out


def check_shape(solution: Any) -> None:
    """Raise `MalformedSolution` when `solution` cannot be checked at all."""
    problems = shape_problems(solution)
    if problems:
        raise MalformedSolution(problems)


def shape_problems(solution: Any) -> list[str]:
    """What keeps `solution` from being checked at all, one line each; [] when it can be."""
    if not isinstance(solution, Mapping):
        return ["solution: must be a JSON object"]
    out = []
    for key in ID_FIELDS:
        rows = solution.get(key)
        if rows is None:
            continue
        if isinstance(rows, list):
            out += _row_problems(key, rows)
        else:
            out.append(f"{key}: must be a list")
    return out
