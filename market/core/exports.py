"""Tables as CSV and XLSX: a run's proposals, a farm's yearly overview.

Headers come in from the caller (already in the reader's language); values stay numbers
in XLSX so a coordinator can sum them in a spreadsheet. CSV uses a semicolon, the separator
Dutch spreadsheet programs expect, and a BOM so Excel reads the UTF-8 names correctly.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Font

from market.models import Proposal

Cell = str | float | int | None
PROPOSAL_COLUMNS = (
    "id",
    "supplier",
    "lot",
    "kind",
    "category",
    "receiver",
    "request",
    "tonnes",
    "n_kg",
    "a_n_kg",
    "distance_km",
    "cost_eur",
    "review_status",
)


def proposal_rows(proposals: Sequence[Proposal], categories: Sequence[str]) -> list[list[Cell]]:
    """One row per proposal in `PROPOSAL_COLUMNS` order; `categories` per proposal."""
    return [
        [
            p.id,
            p.lot.farm.name,
            p.lot_id,
            p.lot.kind,
            category,
            p.request.farm.name,
            p.request_id,
            round(p.tonnes, 3),
            round(p.n_kg, 1),
            round(p.a_n_kg, 1),
            round(p.distance_km, 1),
            round(p.cost_eur, 2),
            p.review_status.value,
        ]
        for p, category in zip(proposals, categories, strict=True)
    ]


def to_csv(header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(["" if cell is None else cell for cell in row] for row in rows)
    return "\ufeff" + out.getvalue()


def to_xlsx(title: str, header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> bytes:
    """One sheet with a bold header row and frozen panes below it."""
    book = Workbook()
    # A new workbook has one sheet; `create_sheet` replaces it with a typed `Worksheet`.
    book.remove(book.worksheets[0])
    sheet = book.create_sheet(title[:31])
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
