"""The matching engine: an instance document in, the optimal set of deliveries out.

Pure Python with PuLP (HiGHS by default, CBC as fallback); see docs/architecture.md for the
public API and ../shared/domain/INSTANCE.md for the formats. The names below load on first
use, so `python -m matching check` (and `import matching.check`) never imports the model
code it is meant to check independently. The rulebook arithmetic the web app shares lives
in `matching.rules`; the engine's tooling (generator, benchmark, greedy baseline) in
`matching.tools`.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_PUBLIC = {
    "KINDS": "matching.rules",
    "LotClass": "matching.rules",
    "classify_lot": "matching.rules",
    "InvalidInstance": "matching.validate",
    "instance_errors": "matching.validate",
    "validate_instance": "matching.validate",
    "solve_instance": "matching.engine",
    "split_instance": "matching.split",
    "merge_solutions": "matching.merge",
}

__all__ = sorted(_PUBLIC)


def __getattr__(name: str) -> Any:
    if name not in _PUBLIC:
        raise AttributeError(f"module 'matching' has no attribute {name!r}")
    return getattr(import_module(_PUBLIC[name]), name)
