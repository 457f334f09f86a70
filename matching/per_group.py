"""The best item of each group, for arrays of items too long to sort.

Pricing picks the best few arcs per lot and per request among millions; the explanations pick
each lot's and request's deciding arc. Kept apart from both so the light modules the web
app imports (`matching.explain` through `matching.merge`) need none of the model code.
"""

from __future__ import annotations

import numpy as np


def best_per_group(group: np.ndarray, score: np.ndarray) -> np.ndarray:
    """Index of the highest score in each group (the first one on ties), without sorting."""
    best = np.full(int(group.max()) + 1, -np.inf)
    np.maximum.at(best, group, score)
    hits = np.flatnonzero(score == best[group])
    _, first = np.unique(group[hits], return_index=True)
    return hits[first]


def top_per_group(group: np.ndarray, score: np.ndarray, k: int) -> np.ndarray:
    """Indices (ascending) of the `k` highest scores in each group (fewer where a group
    has fewer items; the first ones on ties): `best_per_group` k times, each pick masked
    out for the next."""
    left = score.astype(float)  # a copy: picks are masked in it
    picks = []
    for _ in range(k):
        best = best_per_group(group, left)
        best = best[left[best] > -np.inf]
        if not best.size:
            break
        picks.append(best)
        left[best] = -np.inf
    return np.unique(np.concatenate(picks)) if picks else np.zeros(0, dtype=np.int64)
