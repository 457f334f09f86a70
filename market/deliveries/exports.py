"""A farm's yearly overview as a table for its CSV download: every delivery in and out.

Only the columns are declared here (`market.core.exports` writes the file), in the reader's
language: "Aanvoer"/"Afvoer", the kind's name, the headers. Sums stay on the PDF; the table
has one row per delivery, so a spreadsheet can add them up.
"""

from __future__ import annotations

from typing import NamedTuple

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from market.core.exports import CellType, Column
from market.core.i18n import kind_label
from market.deliveries.services.papers import YearOverview
from market.models import Delivery, Farm


class OverviewLine(NamedTuple):
    """One delivery of the overview: received by the farm (`incoming`) or sent by it."""

    incoming: bool
    delivery: Delivery

    @property
    def other_farm(self) -> Farm:
        return self.delivery.supplier if self.incoming else self.delivery.receiver


def overview_lines(overview: YearOverview) -> list[OverviewLine]:
    """The deliveries in, then out, each in date order (as `year_overview` gives them)."""
    incoming = [OverviewLine(True, d) for d in overview.incoming.deliveries]
    return incoming + [OverviewLine(False, d) for d in overview.outgoing.deliveries]


OVERVIEW_COLUMNS: tuple[Column[OverviewLine], ...] = (
    Column(_l("In or out"), lambda line: _("In") if line.incoming else _("Out"), CellType.TEXT),
    Column(_l("Date"), lambda line: line.delivery.delivered_on, CellType.DATE),
    Column(_l("Other farm"), lambda line: line.other_farm.name, CellType.TEXT),
    Column(_l("Kind"), lambda line: kind_label(line.delivery.kind), CellType.TEXT),
    Column(_l("Category"), lambda line: line.delivery.category, CellType.TEXT),
    Column(_l("Tonnes"), lambda line: line.delivery.weighed_tonnes, CellType.NUMBER, decimals=3),
    Column(_l("kg N"), lambda line: line.delivery.n_kg, CellType.NUMBER, decimals=1),
    Column(
        _l("kg P2O5"),
        lambda line: line.delivery.weighed_tonnes * line.delivery.p2o5_kg_per_t,
        CellType.NUMBER,
        decimals=1,
    ),
    Column(
        _l("kg N from A"),
        lambda line: line.delivery.a_fraction * line.delivery.n_kg,
        CellType.NUMBER,
        decimals=1,
    ),
    Column(_l("VDM/CMR"), lambda line: line.delivery.transport_document_no, CellType.TEXT),
    Column(
        _l("Declaration of origin"),
        lambda line: line.delivery.declaration_of_origin_no,
        CellType.TEXT,
    ),
)
