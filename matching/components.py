"""Independent components: farms linked by candidate arcs (R5 couples a farm's lots and
requests through the farm itself, so linking farms covers it).

Solving each component on its own and merging is the same as solving the whole: no row
and no arc spans two components. This is also the unit the worker fans out over machines.
"""

from __future__ import annotations

import numpy as np


def farm_labels(n_farms: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Connected-component label per farm (the smallest farm index in it) for edges a–b:
    min-label propagation with pointer jumping, all in numpy."""
    labels = np.arange(n_farms)
    while True:
        low = np.minimum(labels[a], labels[b])
        new = labels.copy()
        np.minimum.at(new, a, low)
        np.minimum.at(new, b, low)
        new = new[new]
        while True:
            jumped = new[new]
            if np.array_equal(jumped, new):
                break
            new = jumped
        if np.array_equal(new, labels):
            return labels
        labels = new


def groups(labels: np.ndarray, keys: np.ndarray) -> list[np.ndarray]:
    """Indices of `keys` (farm indices of some items) per component, biggest first."""
    comp = labels[keys]
    order = np.argsort(comp, kind="stable")
    cuts = np.flatnonzero(np.diff(comp[order])) + 1
    parts = np.split(order, cuts) if order.size else []
    return sorted(parts, key=lambda g: -g.size)
