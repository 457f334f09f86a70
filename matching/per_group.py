"""The best item of each group, for arrays of items too long to sort.

Pricing picks the best arc per lot and per request among millions; the explanations pick
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
