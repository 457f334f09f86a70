"""The benchmark's Markdown table: one section per instance size.

Rows: the engine per solver, the engine (HiGHS) on the variants of the same instance
(`matching.tools.bench_variants`: whole truck loads, windows) — each engine row's status
with its proven gap —, the raw HiGHS solve of the full model, the greedy baseline.
Below each table: the engine's overhead (engine total s / raw `run()` s) and how the
greedy baseline compares with the optimum (N placed and tonne-km, in percent).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

HEADER = (
    "| run | status | arcs | variables | PuLP build s | PuLP solve s | total s "
    "| JSON→JSON s | peak MB | objective EUR | N placed kg | tonne-km | check |"
)
RULE = "|" + "---|" * (HEADER.count("|") - 1)
ARC_KEYS = (("arcs_candidate", "arcs_model"), ("candidate_arcs", "arcs"))


def _num(value: Any, digits: int = 1) -> str:
    """A figure with thousands separators; "–" for none (or no solution: ±inf)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return "–"
    return f"{value:,.{digits}f}"


def _int(value: Any) -> str:
    return _num(value, 0)


def _engine_arcs(stats: Mapping[str, Any]) -> str:
    """Candidate arcs before and after pruning/pricing, when the engine reports them."""
    for before, after in ARC_KEYS:
        if before in stats:
            tail = f" → {_int(stats[after])}" if after in stats else ""
            return _int(stats[before]) + tail
    return "–"


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _outcome(run: Mapping[str, Any], *, placed: bool = True) -> list[str]:
    """The last five columns: peak MB, objective, N placed, tonne-km, check (the last three
    only when the run reports its flows, `placed`)."""
    found = [_int(run.get("peak_mb")), _num(run.get("objective"))]
    if not placed:
        return [*found, "–", "–", "–"]
    return [*found, _int(run.get("n_placed_kg")), _int(run.get("tonne_km")), _violations(run)]


def engine_row(label: str, run: Mapping[str, Any]) -> str:
    """An engine row: the status with its proven gap (when the run reports a bound)."""
    stats = run.get("stats") or {}
    status = str(run.get("status"))
    return _row(
        [
            label,
            status if run.get("bound") is None else f"{status}, gap {gap(run)}",
            _engine_arcs(stats),
            _int(stats.get("variables")),
            _num(stats.get("build_s"), 2),
            _num(stats.get("solve_s"), 2),
            _num(stats.get("total_s", run.get("wall_s")), 2),
            _num(run.get("json_s"), 2),
            *_outcome(run),
        ]
    )


def gap(run: Mapping[str, Any]) -> str:
    """The proven relative gap (bound − objective) / max(1, |bound|), in percent."""
    objective, bound = run.get("objective"), run.get("bound")
    if not isinstance(objective, int | float) or not isinstance(bound, int | float):
        return "–"
    if not math.isfinite(bound):
        return "none proven"
    relative = (bound - objective) / max(1.0, abs(bound))
    # Below 1e-9 it is the floating point of the sums, not a gap (bound and objective are
    # the same plan's value added up in two orders).
    return "0 %" if abs(relative) < 1e-9 else f"{100.0 * relative:.3g} %"


def raw_row(run: Mapping[str, Any]) -> str:
    columns = (run.get("arcs") or 0) + (run.get("binaries") or 0)
    return _row(
        [
            "raw highspy, full model",
            str(run.get("status")),
            _int(run.get("arcs")),
            _int(columns) if run.get("arcs") is not None else "–",
            _num(run.get("build_s"), 2),
            _num(run.get("solve_s"), 2),
            "–",
            "–",
            *_outcome(run, placed=False),
        ]
    )


def greedy_row(run: Mapping[str, Any]) -> str:
    wall = _num(run.get("wall_s"), 2)
    head = ["greedy nearest-first", str(run.get("status")), "–", "–", "–", wall, wall, "–"]
    return _row([*head, *_outcome(run)])


def skipped_row(label: str, why: str) -> str:
    return _row([label, f"skipped: {why}"] + ["–"] * 11)


def _violations(run: Mapping[str, Any]) -> str:
    count = run.get("violations")
    if count is None:
        return "–"
    return "clean" if count == 0 else f"{count} violations"


def _percent(part: Any, whole: Any) -> str:
    if not isinstance(part, int | float) or not isinstance(whole, int | float) or not whole:
        return "–"
    return f"{100.0 * part / whole:.1f} %"


def _pulp_share(run: Mapping[str, Any]) -> str:
    stats = run.get("stats") or {}
    pulp, total = stats.get("pulp_s"), stats.get("total_s")
    if not isinstance(pulp, int | float) or not total:
        return "–"
    return f"{pulp:.2f} s of {total:.2f} s ({100.0 * pulp / total:.0f} %)"


def notes(
    optimum: Mapping[str, Any] | None, raw: Mapping[str, Any], greedy: Mapping[str, Any]
) -> list[str]:
    """The overhead ratio and the greedy baseline against the optimum."""
    lines = []
    if optimum:
        total = (optimum.get("stats") or {}).get("total_s", optimum.get("wall_s"))
        solve = raw.get("solve_s")
        ratio = f"{total / solve:.2f}×" if isinstance(total, int | float) and solve else "–"
        lines.append(f"- Engine HiGHS total / raw HiGHS `run()` on the full model: {ratio}")
        lines.append(
            f"- PuLP's share of the engine's total (building the model, handing it "
            f"to the solver, reading values back): {_pulp_share(optimum)}"
        )
        lines.append(
            "- Greedy versus the engine's optimum: N placed "
            f"{_percent(greedy.get('n_placed_kg'), optimum.get('n_placed_kg'))}, "
            f"tonne-km {_percent(greedy.get('tonne_km'), optimum.get('tonne_km'))}, "
            f"objective {_percent(greedy.get('objective'), optimum.get('objective'))}"
        )
    return lines


def section(title: str, rows: Sequence[str], extra: Sequence[str]) -> str:
    """One size: heading, table, notes."""
    return "\n".join([f"### {title}", "", HEADER, RULE, *rows, "", *extra, ""])
