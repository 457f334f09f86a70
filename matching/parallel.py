"""Work on a machine's second core while the first reads: an ordered map on a few threads.

Pricing scans and reading the arcs are NumPy indexing and arithmetic on large arrays, which
let go of the GIL, so a thread pool runs them side by side with the thread that consumes
the results (the next chunk is computed while this one is used).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import islice
from typing import TypeVar

THREADS = 2  # the machine the goals are measured on has 2 cores (`docs/engine.md`)

T = TypeVar("T")
R = TypeVar("R")


def in_order(work: Callable[[T], R], items: Iterable[T], ahead: int = 2) -> Iterator[R]:
    """`work` of each item, in the items' order, on THREADS threads that run at most
    `ahead` items each ahead of the reader (so at most THREADS·ahead results are held);
    `items` is read lazily, on the reader's thread."""
    items = iter(items)
    with ThreadPoolExecutor(THREADS) as pool:
        pending: deque[Future[R]] = deque(
            pool.submit(work, item) for item in islice(items, THREADS * ahead)
        )
        while pending:
            done = pending.popleft().result()
            for item in islice(items, 1):
                pending.append(pool.submit(work, item))
            yield done
