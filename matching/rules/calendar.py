"""The spreading calendar (RULES.md "Other limits"): when may a lot of a kind be spread on a
receiving farm's land, and how the web app narrows the windows it writes into an instance.

Periods come from `matching/data/spreading_periods.json` (RVO's table, year and source in the
file) per *class* of kind (slurry, solid manure, other organic fertilisers, N fertiliser) and
per *land use* (`LAND_USES`: grassland or arable land, on sand/loess or clay/peat). A period is
an inclusive day range within a calendar year, or all year; none wraps round the new year.

**Which arcs the instance opens.** The engine opens an arc when the lot's window
[available_from, available_until] overlaps the request's [wanted_from, wanted_until]
(INSTANCE.md). The legal period, though, belongs to the *pair* (lot class, request land use),
and no choice of one window per lot and one per request expresses every pair exactly: a
slurry lot and a solid-manure lot both available 20 Feb-10 Mar, and one arable sand request
that takes both, need the request's window to meet the second lot's and miss the first's.
Splitting the request per class would let it take its kg N once per class. So
`request_window` writes, for request r with land use u, accepted classes C_r (the classes of
its kinds that some lot of the instance offers) and run date d:

    P_r = ∩_{c ∈ C_r} P(c, u)     (an interval of the year, all year, or empty)
    N_r = the first stretch of [max(wanted_from, d), wanted_until] that lies in P_r

and each lot's own window unchanged. An arc l→r is then open exactly when the lot's window
meets N_r. When every class in C_r has the same period under u (one class; or slurry and
solid manure where their periods coincide), that is exactly "the pair's legal period overlaps
both windows" in the request's next legal stretch; when they differ, P_r is the strictest, so
the instance never opens an arc outside the law and may close one that a wider class would
have had (solid manure on arable clay in the winter, for a request that also takes slurry).
A farmer who wants both gets both by listing one request per kind class.

"First stretch": a run plans the coming season. A request open for longer than one season is
matched within its next legal period; the next run (runs recur) takes the season after. A
request with no legal day in its window gets `closed_window`, a day before every lot's window.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from matching.rules.kinds import KINDS
from matching.rules.market_data import spreading_periods

#: A window as INSTANCE.md writes it: first and last day, inclusive; None = open end.
Window = tuple[date, date | None]
#: The receiving land uses the calendar knows, as the request's `land_use` stores them.
LAND_USES: tuple[str, ...] = tuple(spreading_periods()["land_uses"])


@dataclass(frozen=True)
class Period:
    """A legal period within each year: (month, day) of its first and last day, inclusive;
    `first` None is all year."""

    first: tuple[int, int] | None = None
    last: tuple[int, int] = (12, 31)

    def meet(self, other: Period) -> Period | None:
        """The days both periods allow (None: no day)."""
        if self.first is None:
            return other
        if other.first is None:
            return self
        first, last = max(self.first, other.first), min(self.last, other.last)
        return Period(first, last) if first <= last else None


ALL_YEAR = Period()


@cache
def _class_of_kind() -> dict[str, str]:
    classes = spreading_periods()["classes"]
    return {kind: name for name, row in classes.items() for kind in row["kinds"]}


def period_class(kind: str) -> str:
    """The calendar class of a kind ("slurry", "solid", "organic_other", "mineral")."""
    return _class_of_kind()[kind]


def form_of(kind: str) -> str:
    """ "liquid" or "solid": how a lot of `kind` travels (tanker or trailer)."""
    return str(spreading_periods()["classes"][period_class(kind)]["form"])


def _month_day(text: str) -> tuple[int, int]:
    month, day = text.split("-")
    return int(month), int(day)


def legal_period(period_class_name: str, land_use: str) -> Period:
    """The period in which a class may be spread on `land_use`. Raises KeyError for an
    unknown class or land use."""
    row = spreading_periods()["classes"][period_class_name]["periods"][land_use]
    if row is None:
        return ALL_YEAR
    return Period(_month_day(row["from"]), _month_day(row["until"]))


def common_period(classes: Iterable[str], land_use: str) -> Period | None:
    """The days every class in `classes` may be spread on `land_use` (no class: all year;
    None: no common day)."""
    period: Period | None = ALL_YEAR
    for name in sorted(set(classes)):
        if period is None:
            return None
        period = period.meet(legal_period(name, land_use))
    return period


def first_stretch(period: Period, start: date, end: date | None) -> Window | None:
    """The first run of legal days of `period` within [start, end] (end None: open);
    None when the window holds no legal day."""
    if period.first is None:
        return start, end
    year = start.year if date(start.year, *period.last) >= start else start.year + 1
    first = max(start, date(year, *period.first))
    last = date(year, *period.last)
    if end is not None and first > end:
        return None
    return first, last if end is None else min(last, end)


def accepted_classes(kinds: Iterable[str] | None, offered: Iterable[str]) -> set[str]:
    """The classes of the kinds a request takes (None: every kind) that some lot offers."""
    taken = KINDS if kinds is None else kinds
    return {period_class(kind) for kind in taken} & set(offered)


def request_window(
    classes: Iterable[str], land_use: str, wanted: Window, on: date
) -> Window | None:
    """N_r of the module docstring: the request's window `wanted` from the run date `on`,
    narrowed to the first stretch every class in `classes` may be spread on `land_use`;
    None when there is no such day."""
    start, end = max(wanted[0], on), wanted[1]
    if end is not None and end < start:
        return None
    period = common_period(classes, land_use)
    return None if period is None else first_stretch(period, start, end)


def delivery_window(
    kind: str, land_use: str, lot: Window, wanted: Window, on: date
) -> Window | None:
    """When a lot of `kind` may go to a request on `land_use`: the first legal stretch, from
    `on`, of the lot's and the request's windows together (None: no legal day)."""
    start = max(lot[0], wanted[0], on)
    ends = [end for end in (lot[1], wanted[1]) if end is not None]
    end = min(ends) if ends else None
    if end is not None and end < start:
        return None
    return first_stretch(legal_period(period_class(kind), land_use), start, end)


def closed_window(earliest: date) -> Window:
    """A one-day window before `earliest` (the first day of every lot's window): no arc."""
    day = earliest - timedelta(days=1)
    return day, day
