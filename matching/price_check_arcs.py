"""No pair on a legal arc would both gain at another price (checker part 3, arcs).

Every legal arc (`check_arcs.legal_arcs`) that can carry anything and that the R5 decision
leaves open is tried, lot l → request r at farm f, c = its transport per tonne:
- Exact duals (no minimum delivery, no truck loads): the supplier gains on a tonne at price
  q when q + o_l − c > rent_l, the receiver when n_value·N + λ·(a − a_min)·N − q > R (what
  it gives up for the room, `Quotes.receiver_rent`). Both can hold at once exactly when
      r = n_value·N + o_l − c + λ·(a − a_min)·N − rent_l − R > 0,
  which is flagged (within 1e-6).
- With a minimum delivery or truck loads a new deal is an integer decision. A pair would
  both gain when they can trade some q tonnes out of what both have left (lot tonnes,
  request N, N room, phosphate room, A-share slack), at least the minimum delivery, and the
  deal pays: q·(n_value·N + o_l) minus its transport (t·km, or each new truck load) is
  more than the solution's own gap (bound − objective): such a deal added to the plan would
  beat the bound. On an existing flow the extra tonnes first fill its trucks for free.
R5 closes the arcs on the side a farm did not take (its `side`, or what its flows do).
The arcs are read in chunks and tested as arrays (`matching.price_arc_terms`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from itertools import islice
from typing import Any

import numpy as np

from matching.check_arcs import RuleBook, legal_arcs
from matching.check_totals import TOL_ABS, TOL_REL, Totals
from matching.price_arc_terms import Chunk, Terms
from matching.price_quotes import Quotes, exact_duals

CHUNK = 100_000  # arcs tested at once
TINY_T = 1e-9  # tonnes: an arc that can carry less cannot trade


def _chunks(book: RuleBook, terms: Terms) -> Iterator[Chunk]:
    arcs = legal_arcs(book)
    while batch := list(islice(arcs, CHUNK)):
        yield terms.chunk(batch)


def linear(terms: Terms, c: Chunk) -> tuple[np.ndarray, list[str]]:
    """(flag per arc, one reason per flagged arc): the exact-duals test."""
    lo = terms.lot
    n_eur, outlet, rent = lo.n_eur[c.lot], lo.outlet[c.lot], terms.rent[c.lot]
    transport = float(terms.book.params["transport_eur_per_t_km"]) * c.km
    credit = terms.a_share[c.farm] * c.slope
    owed = (
        lo.n[c.lot] * terms.request[c.req]
        + lo.animal_n[c.lot] * terms.room[c.farm]
        + lo.p2o5[c.lot] * terms.p2o5[c.farm]
    )
    r = n_eur + outlet - transport + credit - rent - owed
    scale = n_eur + outlet + transport + np.abs(credit) + rent + owed
    bad = _open(terms, c) & (r > TOL_ABS + TOL_REL * scale)
    low, high = (rent - outlet + transport)[bad], (n_eur + credit - owed)[bad]
    return bad, [
        f"both would gain at a price between {a:.6f} and {b:.6f} EUR/t"
        for a, b in zip(low.tolist(), high.tolist(), strict=True)
    ]


def spare(
    terms: Terms, c: Chunk, had: dict[tuple[int, int], tuple[float, int]], gap: float
) -> tuple[np.ndarray, list[str]]:
    """(flag per arc, one reason per flagged arc): the integer-decisions test. A deal that
    earns `gap` (bound − objective, EUR) or less is within what the solve proved."""
    left = terms.capacity(c, used=True)
    pairs = [had.get(k, (0.0, 0)) for k in zip(c.lot.tolist(), c.req.tolist(), strict=True)]
    tonnes = np.array([t for t, _ in pairs])
    loads = np.array([k for _, k in pairs], dtype=float)
    gain = terms.deal_gain(c, left, tonnes, loads)
    value = terms.lot.n_eur[c.lot] + terms.lot.outlet[c.lot]
    bad = _open(terms, c) & (gain > gap + TOL_ABS + TOL_REL * (left * value + gap))
    return bad, [
        f"a new deal of up to {s:.6f} t out of what both have left would earn {g:.6f} EUR, "
        f"more than the solution's gap {gap:.6f} EUR"
        for s, g in zip(left[bad].tolist(), gain[bad].tolist(), strict=True)
    ]


def _open(terms: Terms, c: Chunk) -> np.ndarray:
    """Arcs the R5 decision leaves open and that can carry something."""
    return ~terms.closed_by_r5(c) & (terms.capacity(c) > TINY_T)


def stability_problems(
    book: RuleBook,
    quotes: Quotes,
    totals: Totals,
    flows: Sequence[Mapping[str, Any]],
    gap: float = 0.0,
) -> list[str]:
    """One line per legal arc whose pair would both gain (module docstring); `gap` (EUR) is
    the solution's bound − objective."""
    terms = Terms(book, quotes, totals)
    had = terms.flows(flows)
    exact = exact_duals(book)
    lots, reqs = list(book.lots), list(book.requests)
    out = []
    for c in _chunks(book, terms):
        bad, reasons = linear(terms, c) if exact else spare(terms, c, had, gap)
        where = np.flatnonzero(bad).tolist()
        out += [
            f"arc {lots[c.lot[i]]}->{reqs[c.req[i]]}: {why}"
            for i, why in zip(where, reasons, strict=True)
        ]
    return out
