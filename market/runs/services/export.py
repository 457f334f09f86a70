"""A run's instance and solution as the documents of INSTANCE.md, for download.

The instance is the run's frozen `input_snapshot` without the listing versions the worker
keeps beside it (the engine never sees those). The solution is rebuilt from the components'
stored solutions: one component is the whole answer; several are merged by the engine's own
`merge_solutions`, the same call the worker made, so the export equals what was written.
"""

from __future__ import annotations

from typing import Any

from market.models import ComponentStatus, MatchRun

#: The key under which the worker stores listing versions next to the instance (docs/worker.md).
VERSIONS_KEY = "listing_versions"


def run_instance(run: MatchRun) -> dict[str, Any] | None:
    """The instance document the run solved, or None before the worker froze it."""
    if run.input_snapshot is None:
        return None
    return {key: value for key, value in run.input_snapshot.items() if key != VERSIONS_KEY}


def run_solution(run: MatchRun) -> dict[str, Any] | None:
    """The solution document, or None while a component is unsolved (or none exists)."""
    parts = [part for part in run.components]
    if not parts or any(part.status is not ComponentStatus.SOLVED for part in parts):
        return None
    solutions = [part.solution or {} for part in parts]
    if len(solutions) == 1:
        return solutions[0]
    from matching.merge import merge_solutions

    instance = run_instance(run)
    return merge_solutions(instance, solutions) if instance is not None else None
