"""Fields of the instance's items as numpy columns: numbers and ISO days.

`matching.problem` and the modules that read farms, lots and requests share these two
readers, so a missing number or an open window end means the same everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import numpy as np


def column(docs: Sequence[Mapping[str, Any]], name: str, missing: float) -> np.ndarray:
    """The number `name` of each item as floats; `missing` where it is absent or null."""
    return np.array([missing if x.get(name) is None else float(x[name]) for x in docs], dtype=float)


def days(docs: Sequence[Mapping[str, Any]], name: str, open_end: float) -> np.ndarray:
    """Day ordinals (`date.toordinal`, as floats) of the ISO date `name` of each item; an open
    end (absent or null) is `open_end`: -inf for a window's first day, +inf for its last."""
    ordinal = [
        None if x.get(name) is None else date.fromisoformat(x[name]).toordinal() for x in docs
    ]
    return np.array([open_end if o is None else o for o in ordinal], dtype=float)
