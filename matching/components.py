"""Independent components: farms linked by candidate arcs (R5 couples a farm's lots and
requests through the farm itself, so linking farms covers it).

Solving each component on its own and merging is the same as solving the whole: no row
and no arc spans two components. This is also the unit the worker fans out over machines.
The labels per farm come from the arcs themselves (`matching.store.ArcStore.farm_labels`).
"""

from __future__ import annotations

import numpy as np


def groups(labels: np.ndarray, keys: np.ndarray) -> list[np.ndarray]:
    """Indices of `keys` (farm indices of some items) per component, biggest first."""
    comp = labels[keys]
    order = np.argsort(comp, kind="stable")
    cuts = np.flatnonzero(np.diff(comp[order])) + 1
    parts = np.split(order, cuts) if order.size else []
    return sorted(parts, key=lambda g: -g.size)
