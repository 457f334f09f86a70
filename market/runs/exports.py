"""A run's proposals as a table for the CSV and XLSX downloads of the review page.

Only the columns are declared here (`market.core.exports` writes the files); the words come
in the reader's language: the kind's name, the review's verdict, the headers. The run's terms
(INSTANCE.md, 2026-11-30) follow the transport: truck loads, the suggested price (richtprijs,
EUR per tonne the receiver pays, negative when the supplier pays; docs/prices.md) and the
first and last day delivery is allowed (ISO dates). Their cells are empty where the run gave
none (a run without loads, a deal, a run from before). A deal's agreed price (EUR per tonne,
signed like the suggested one) follows the suggested price; a solver's proposals have none.
"""

from __future__ import annotations

from typing import NamedTuple

from flask_babel import lazy_gettext as _l

from market.core.exports import CellType, Column
from market.core.i18n import kind_label
from market.core.labels import run_status_label
from market.models import Proposal


class ProposalLine(NamedTuple):
    """One row: a proposal and its lot's category (R7: "A", "A/B", "B")."""

    proposal: Proposal
    category: str


PROPOSAL_COLUMNS: tuple[Column[ProposalLine], ...] = (
    Column(_l("Proposal"), lambda line: line.proposal.id, CellType.NUMBER),
    Column(_l("Supplier"), lambda line: line.proposal.lot.farm.name, CellType.TEXT),
    Column(_l("Lot"), lambda line: line.proposal.lot_id, CellType.NUMBER),
    Column(_l("Kind"), lambda line: kind_label(line.proposal.lot.kind), CellType.TEXT),
    Column(_l("Category"), lambda line: line.category, CellType.TEXT),
    Column(_l("Receiver"), lambda line: line.proposal.request.farm.name, CellType.TEXT),
    Column(_l("Request"), lambda line: line.proposal.request_id, CellType.NUMBER),
    Column(_l("Tonnes"), lambda line: line.proposal.tonnes, CellType.NUMBER, decimals=3),
    Column(_l("kg N"), lambda line: line.proposal.n_kg, CellType.NUMBER, decimals=1),
    Column(_l("kg N from A"), lambda line: line.proposal.a_n_kg, CellType.NUMBER, decimals=1),
    Column(
        _l("Distance (km)"), lambda line: line.proposal.distance_km, CellType.NUMBER, decimals=1
    ),
    Column(_l("Transport (EUR)"), lambda line: line.proposal.cost_eur, CellType.NUMBER, decimals=2),
    Column(_l("Truck loads"), lambda line: line.proposal.loads, CellType.NUMBER),
    Column(
        _l("Suggested price (EUR/t)"),
        lambda line: line.proposal.suggested_price_eur_per_t,
        CellType.NUMBER,
        decimals=2,
    ),
    Column(
        _l("Agreed price (EUR/t)"),
        lambda line: line.proposal.price_eur_per_t,
        CellType.NUMBER,
        decimals=2,
    ),
    Column(_l("Deliver from"), lambda line: line.proposal.delivery_from, CellType.DATE),
    Column(_l("Deliver until"), lambda line: line.proposal.delivery_until, CellType.DATE),
    Column(
        _l("Review"),
        lambda line: run_status_label(line.proposal.review_status.value),
        CellType.TEXT,
    ),
)
