"""R11: a lot that goes through a manure intermediary (mestintermediair) is placed only
when the intermediary is Skal-approved and its declaration runs on the day of the run.

The engine leaves such a lot out (`matching.problem_lots`), and the web app tells the farmer
when the lot is saved, before any run (`market.listings.views.lots`): one check for both.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def intermediary_block(intermediary: Mapping[str, Any] | None, day: str) -> str | None:
    """Why the lot's intermediary keeps it out of a run on `day` (ISO date), or None.

    `intermediary` is INSTANCE.md's `{"skal_approved": bool, "valid_until": ISO date or
    null}` (null: no intermediary). Clarification 5: a declaration valid until `day` still
    counts; no end date: valid.
    """
    if intermediary is None:
        return None
    if not intermediary.get("skal_approved"):
        return "intermediary_not_approved"
    until = intermediary.get("valid_until")
    return "intermediary_expired" if until is not None and str(until) < day else None
