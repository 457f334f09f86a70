"""The pruned candidate arcs of an instance, held compactly: 24 bytes an arc, not ~90.

A national instance has tens of millions of legal arcs. `ArcStore.build` reads them chunk by
chunk (`matching.arcs.arc_chunks`), prunes each chunk exactly (`matching.structure.prune`'s
two passes: the A-share test needs every chunk's first pass; both run on worker threads,
`matching.parallel`) and keeps only lot, request and road km of the
survivors (and a search key). Everything else an arc has (N, profit, capacity,
…) is recomputed from those three when needed (`data`), a few million at a time.

Arcs are sorted by lot, then the request's map cell (a fixed grid of CELL_DEG degrees),
then km, then request. The arcs of a lot into one cell are therefore a contiguous run ("a
group") in increasing km, so pricing can bound each group by its cell's best request and
look at just the near end of each run (`matching.pricing`). The grid is fixed, not fitted
to the data, so the order of any part of an instance is the order of the whole (split ==
whole).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial

import numpy as np

from matching.arcs import Arcs
from matching.parallel import in_order
from matching.problem import Problem
from matching.structure import ArcData, a_share_farms, arc_data, may_matter

CHUNK_ARCS = 2_000_000  # arcs expanded to full coefficients at once (~180 MB)
CELL_DEG = 0.25  # map cell of the requests, degrees of latitude and of longitude
#: Up to this many legal arcs (~100 MB) are kept as read, so the explanations need not read
#: them again; a larger instance re-reads just the arcs they need (`matching.engine`).
KEEP_LEGAL_ARCS = 4_000_000


def request_cells(p: Problem) -> np.ndarray:
    """Map cell number of every request (numbered in the order of the cells on the map)."""
    r = p.requests.farm
    rows = np.floor(p.farms.lat[r] / CELL_DEG).astype(np.int64)
    cols = np.floor(p.farms.lon[r] / CELL_DEG).astype(np.int64)
    _, cell = np.unique(rows * 4096 + cols, return_inverse=True)
    return cell.reshape(-1).astype(np.int64)


@dataclass(frozen=True)
class ArcStore:
    """Pruned arcs of (part of) one instance: parallel arrays sorted by (lot, request cell,
    km, request); `starts[l]:starts[l+1]` are lot l's arcs, `group_starts[g]:…[g+1]` those
    of group g (one lot, one cell: `group_lot`, `group_cell`); `key` = group·span + km is
    ascending, so one `searchsorted` finds, for every group at once, its arcs below a km
    cut-off."""

    p: Problem
    lot: np.ndarray  # int32
    req: np.ndarray  # int32
    km: np.ndarray  # float64
    starts: np.ndarray  # int64, one per lot plus the end
    cell: np.ndarray  # map cell per request
    group_starts: np.ndarray  # int64, one per group plus the end
    group_lot: np.ndarray
    group_cell: np.ndarray
    key: np.ndarray  # float64
    span: float  # a power of two above every km
    legal: int  # legal arcs before pruning (a statistic)
    sample: Arcs = field(default_factory=Arcs.empty)  # a legal arc of each lot and request
    every: Arcs | None = None  # all legal arcs, when at most KEEP_LEGAL_ARCS

    def __len__(self) -> int:
        return int(self.lot.size)

    @classmethod
    def of(
        cls, p: Problem, lot: np.ndarray, req: np.ndarray, km: np.ndarray, legal: int
    ) -> ArcStore:
        """Wrap arrays already sorted by (lot, request cell, km, request)."""
        span = 2.0 ** math.ceil(math.log2(float(km.max(initial=0.0)) + 2.0))
        starts = np.zeros(len(p.lots.ids) + 1, dtype=np.int64)
        np.cumsum(np.bincount(lot, minlength=len(p.lots.ids)), out=starts[1:])
        cell = request_cells(p)
        arc_cell = cell.astype(np.int32)[req]
        new = np.ones(lot.size, dtype=bool)
        new[1:] = (lot[1:] != lot[:-1]) | (arc_cell[1:] != arc_cell[:-1])
        first = np.flatnonzero(new)
        group_starts = np.append(first, lot.size).astype(np.int64)
        key = np.cumsum(new, dtype=np.int32).astype(float)  # group number + 1, in place:
        key -= 1.0
        key *= span
        key += km
        return cls(
            p,
            lot,
            req,
            km,
            starts,
            cell,
            group_starts,
            lot[first],
            arc_cell[first],
            key,
            span,
            legal,
        )

    @classmethod
    def build(cls, p: Problem, chunks: Iterable[Arcs]) -> ArcStore:
        """Read, prune and sort every legal arc (`chunks` hold all arcs of their lots)."""
        first: list[tuple[Arcs, np.ndarray]] = []  # the first pass's arcs, and which pay
        binds = np.zeros(len(p.farms.ids), dtype=bool)
        legal = 0
        samples = _Samples(np.zeros(len(p.requests.ids), dtype=bool), [])
        every: list[Arcs] | None = []
        for arcs, small, pays, chunk_binds in in_order(partial(_first_pass, p), chunks):
            legal += len(arcs)
            samples.add(arcs)
            if every is not None and legal <= KEEP_LEGAL_ARCS:
                every.append(arcs)
            else:
                every = None
            binds |= chunk_binds
            first.append((small, pays))
        counts = np.zeros(len(p.lots.ids), dtype=np.int64)
        cell = request_cells(p)
        cells = int(cell.max(initial=0)) + 1

        def second_pass(chunk: tuple[Arcs, np.ndarray]) -> Arcs:
            arcs, pays = chunk
            arcs = arcs.take(pays | binds[p.requests.farm[arcs.req]])
            # A chunk comes sorted by (lot, request): a stable sort on (group, km) keeps
            # that order among equal km.
            group = arcs.lot.astype(np.int64) * cells + cell[arcs.req]
            return arcs.take(np.lexsort((arcs.km, group)))

        def handed_over() -> Iterator[tuple[Arcs, np.ndarray]]:
            while first:  # each chunk leaves `first` as its pass starts
                yield first.pop(0)

        kept: list[Arcs] = []
        for arcs in in_order(second_pass, handed_over()):
            kept.append(arcs)
            counts += np.bincount(arcs.lot, minlength=counts.size)
        store = cls._assemble(p, kept, counts, legal)
        kept_all = None if every is None else Arcs.concat(every)
        return replace(store, sample=Arcs.concat(samples.found), every=kept_all)

    @classmethod
    def _assemble(
        cls,
        p: Problem,
        kept: list[Arcs],
        counts: np.ndarray,
        legal: int,
    ) -> ArcStore:
        """Scatter the sorted chunks into lot order (each lot lives in one chunk)."""
        starts = np.zeros(counts.size + 1, dtype=np.int64)
        np.cumsum(counts, out=starts[1:])
        total = int(starts[-1])
        lot = np.empty(total, dtype=np.int32)
        req = np.empty(total, dtype=np.int32)
        km = np.empty(total, dtype=float)
        while kept:
            part = kept.pop()
            first = np.searchsorted(part.lot, part.lot, side="left")
            dest = starts[part.lot] + (np.arange(len(part)) - first)
            lot[dest], req[dest], km[dest] = part.lot, part.req, part.km
        return cls.of(p, lot, req, km, legal)

    def kept_legal(self) -> Arcs:
        """The legal arcs kept from `build`: a sample arc of each lot and request, and every
        legal arc when there were at most KEEP_LEGAL_ARCS."""
        return Arcs.concat([self.sample] + ([] if self.every is None else [self.every]))

    def take(self, which: np.ndarray) -> ArcStore:
        """The arcs `which` (ascending indices), still in store order."""
        if which.size == len(self):
            return self
        return ArcStore.of(self.p, self.lot[which], self.req[which], self.km[which], 0)

    def arcs(self, which: np.ndarray | slice) -> Arcs:
        return Arcs(
            self.lot[which].astype(np.int64), self.req[which].astype(np.int64), self.km[which]
        )

    def data(self, which: np.ndarray | slice | None = None) -> ArcData:
        """Full coefficients of the arcs `which` (all when None)."""
        return arc_data(self.p, self.arcs(slice(None) if which is None else which))

    def chunks(self, size: int = CHUNK_ARCS) -> Iterator[Arcs]:
        """Lot, request and km of consecutive runs of at most `size` arcs."""
        for start in range(0, len(self), size):
            yield self.arcs(slice(start, start + size))

    def farm_labels(self) -> np.ndarray:
        """Connected-component label per farm (its smallest farm index) for the links the
        arcs make between a lot's farm and a request's farm: min-label propagation with
        pointer jumping, a lot's run of arcs reduced at once (`minimum.reduceat`)."""
        p = self.p
        labels = np.arange(len(p.farms.ids))
        counts = np.diff(self.starts)
        lots = np.flatnonzero(counts)
        if not lots.size:
            return labels
        to_farm = p.requests.farm.astype(np.int32)[self.req]
        from_farm, runs = p.lots.farm[lots], self.starts[lots]
        while True:
            before = labels
            low = np.minimum(np.minimum.reduceat(labels[to_farm], runs), labels[from_farm])
            labels = labels.copy()
            np.minimum.at(labels, from_farm, low)
            np.minimum.at(labels, to_farm, np.repeat(low, counts[lots]))
            while True:
                jumped = labels[labels]
                if np.array_equal(jumped, labels):
                    break
                labels = jumped
            if np.array_equal(labels, before):
                return labels


def _first_pass(p: Problem, arcs: Arcs) -> tuple[Arcs, Arcs, np.ndarray, np.ndarray]:
    """Pruning's first pass over one chunk (`may_matter`), on a worker thread: (the chunk,
    its arcs that may matter, which of those pay, the farms whose A-share row they show can
    bind)."""
    data = arc_data(p, arcs)
    keep, pays = may_matter(data), data.profit > 0
    binds = a_share_farms(data.take(keep & pays), len(p.farms.ids))
    small = Arcs(arcs.lot[keep].astype(np.int32), arcs.req[keep].astype(np.int32), arcs.km[keep])
    return arcs, small, pays[keep], binds


@dataclass
class _Samples:
    """One legal arc of every lot and of every request seen so far (the explanations need
    to know that one exists even where the solution is silent)."""

    req_seen: np.ndarray
    found: list[Arcs]

    def add(self, arcs: Arcs) -> None:
        """Take the chunk's first arc of each lot (a lot lives in one chunk) and of each
        request not seen before."""
        _, per_lot = np.unique(arcs.lot, return_index=True)
        fresh = np.flatnonzero(~self.req_seen[arcs.req])
        _, per_req = np.unique(arcs.req[fresh], return_index=True)
        self.req_seen[arcs.req] = True
        self.found.append(arcs.take(np.union1d(per_lot, fresh[per_req])))
