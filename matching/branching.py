"""Branch-and-price over the R5 either-or binaries: an exact optimum without the full MIP.

The LP relaxation of the either-or is weak: a farm half exporting, half importing can look
0.3 % better than any real choice, more than the 1e-4 gap allows. So we branch on the
binaries ourselves, and at every node price arcs in until the node's LP over *all* arcs is
solved (`Pricer.run`): its value is a valid bound of every solution below the node. A node
whose binaries come out integral is a feasible solution (without minimum delivery the rest
is continuous). Best-first search stops when no open node can beat the incumbent by more
than the gap; the largest open bound is then the proven bound.
"""

from __future__ import annotations

import heapq
import itertools
import time
from dataclasses import dataclass, field

import numpy as np

from matching.pricing import Pricer

INTEGRAL_TOL = 1e-6


@dataclass(frozen=True)
class Branched:
    """The best binaries found (1: exports), their LP value, the proven bound, nodes used."""

    sides: np.ndarray
    value: float
    bound: float
    nodes: int
    finished: bool


def _beats(bound: float, incumbent: float, gap: float) -> bool:
    return bound - incumbent > gap * max(1.0, abs(bound))


def _node(pricer: Pricer, lower: np.ndarray, upper: np.ndarray) -> tuple[float, float, np.ndarray]:
    """(achieved LP value, valid bound, binaries' LP values) of the node."""
    pricer.set_sides(lower, upper)
    priced = pricer.run()
    return priced.lp_value, priced.bound, priced.y


@dataclass
class _Search:
    """Best-first search state: incumbent, open nodes (max-heap on bound), pruned bound."""

    incumbent: float
    best: np.ndarray
    gap: float
    heap: list = field(default_factory=list)
    pruned: float = -np.inf
    nodes: int = 1
    tie: itertools.count = field(default_factory=itertools.count)

    def offer(
        self, value: float, bound: float, y: np.ndarray, lower: np.ndarray, upper: np.ndarray
    ) -> None:
        """File a solved node: new incumbent, open node, or pruned (its bound remembered)."""
        self.nodes += 1
        if not (np.abs(y - np.round(y)) > INTEGRAL_TOL).any():
            if value > self.incumbent:
                self.incumbent, self.best = value, np.round(y)
            self.pruned = max(self.pruned, bound)
        elif _beats(bound, self.incumbent, self.gap):
            heapq.heappush(self.heap, (-bound, next(self.tie), lower, upper, y))
        else:
            self.pruned = max(self.pruned, bound)

    def bound(self) -> float:
        top = -self.heap[0][0] if self.heap else -np.inf
        return max(self.incumbent, top, self.pruned)


def branch_and_price(
    pricer: Pricer, root_bound: float, root_y: np.ndarray, gap: float, deadline: float | None
) -> Branched:
    """Best-first branch-and-price from the solved root (see the module docstring)."""
    sides = (root_y >= 0.5).astype(float)
    value, _, _ = _node(pricer, sides, sides)
    search = _Search(value, sides, gap)
    n = root_y.size
    heapq.heappush(search.heap, (-root_bound, next(search.tie), np.zeros(n), np.ones(n), root_y))
    while search.heap and _beats(-search.heap[0][0], search.incumbent, gap):
        if deadline is not None and time.monotonic() > deadline:
            return Branched(search.best, search.incumbent, search.bound(), search.nodes, False)
        _, _, lower, upper, y = heapq.heappop(search.heap)
        k = int(np.argmax(np.minimum(y, 1.0 - y) * (upper > lower)))
        for side in (0.0, 1.0):
            lo, up = lower.copy(), upper.copy()
            lo[k] = up[k] = side
            search.offer(*_node(pricer, lo, up), lo, up)
    return Branched(search.best, search.incumbent, search.bound(), search.nodes, True)
