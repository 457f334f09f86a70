"""Tables for download as CSV and XLSX: one writer for every export, fed typed columns.

An export declares its columns once, each a header, how to read the cell from one row and
the cell's type, and gets both files from the same declaration:

    LINES: tuple[Column[Delivery], ...] = (
        Column(_l("Date"), lambda d: d.delivered_on, CellType.DATE),
        Column(_l("Other farm"), lambda d: d.receiver.name, CellType.TEXT),
        Column(_l("Kind"), lambda d: kind_label(d.kind), CellType.TEXT),
        Column(_l("Tonnes"), lambda d: d.weighed_tonnes, CellType.NUMBER, decimals=3),
    )
    to_csv(LINES, deliveries, current_locale())   # str; encode as UTF-8
    to_xlsx(_("Deliveries"), LINES, deliveries)   # bytes

Headers are lazy strings and the value functions run while the file is written, so both come
out in the reader's language: give words, not codes (`kind_label`, `run_status_label`,
`status_label`). Declarations live in the area's `exports.py` beside its views
(`market/runs/exports.py`, `market/deliveries/exports.py`), not in `services/`, which may not
import Flask (import-linter) and so cannot translate. A JSON export of the same table needs no
columns of its own: its fields are codes and plain numbers, a pydantic schema's job.

CSV is written for the spreadsheet the reader opens it in. Excel splits a CSV at the list
separator of the computer's region, which is `;` wherever the decimal symbol is a comma: so a
Dutch file has `;` and a decimal comma ("284,252"), an English one `,` and a decimal point,
both read from Babel's locale data. Numbers have no grouping and every digit
(`write_number`), dates are ISO 8601 ("2026-03-12", a date to Excel in either region), and a
UTF-8 BOM makes Excel read "Boerderij Hoëve" as UTF-8. NaN and infinity, which no spreadsheet
stores as numbers, are written as the locale's symbols, as text.

Text from users never becomes a formula (CSV injection,
https://owasp.org/www-community/attacks/CSV_Injection): in CSV a text cell starting with `=`,
`+`, `-`, `@`, tab or carriage return gets a leading `'`. Only text cells: a number column's
"-1,5" stays a number. In XLSX every text cell is stored as a string with Excel's quote prefix
(openpyxl stores a string starting with "=" as a formula and "#N/A" as an error value), and
the control characters XLSX cannot hold (all below U+0020 but tab, LF and CR) become U+FFFD
instead of failing the download. A value of the wrong type for its column raises TypeError,
so no cell slips past these rules.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Generic, TypeVar

from babel.numbers import get_decimal_symbol
from flask_babel.speaklater import LazyString
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font

from market.core.schemas.numbers import write_number
from market.core.schemas.units import rounded

Row = TypeVar("Row")
Value = str | int | float | date | None

#: The first characters that make a spreadsheet read a cell as a formula (OWASP, above).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
#: Excel's limit on a sheet's name.
SHEET_TITLE_MAX = 31


class CellType(Enum):
    """What a column holds, which decides how its cells are written (module docstring)."""

    TEXT = "text"
    NUMBER = "number"
    DATE = "date"


@dataclass(frozen=True)
class Column(Generic[Row]):
    """One column: its header, its cell read from a row, and the cell's type.

    `decimals` rounds a NUMBER column's values (`market.core.schemas.units`: 3 for tonnes,
    2 for euros); ignored otherwise.
    """

    header: str | LazyString
    value: Callable[[Row], Value]
    type: CellType
    decimals: int = 0


def separators(locale: str) -> tuple[str, str]:
    """(cell separator, decimal symbol) of a CSV for `locale`: (";", ",") in Dutch."""
    decimal = get_decimal_symbol(locale)
    return (";" if decimal == "," else ","), decimal


def to_csv(columns: Sequence[Column[Row]], rows: Iterable[Row], locale: str) -> str:
    """The table as CSV text for `locale` (module docstring), BOM first, CRLF line ends.

    Raises TypeError when a value does not fit its column's type.
    """
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separators(locale)[0], lineterminator="\r\n")
    writer.writerow(_inert(str(column.header)) for column in columns)
    for row in rows:
        writer.writerow(_csv_cell(column, _checked(column, row), locale) for column in columns)
    return BOM + out.getvalue()


def to_xlsx(title: str, columns: Sequence[Column[Row]], rows: Iterable[Row]) -> bytes:
    """The table as one XLSX sheet named `title`: bold header row frozen above typed cells.

    Raises TypeError when a value does not fit its column's type.
    """
    book = Workbook()
    # A new workbook has one sheet; `create_sheet` replaces it with a typed `Worksheet`.
    book.remove(book.worksheets[0])
    sheet = book.create_sheet(title[:SHEET_TITLE_MAX])
    for number, column in enumerate(columns, start=1):
        header = sheet.cell(row=1, column=number)
        _put_text(header, str(column.header))
        header.font = Font(bold=True)
    for row_number, row in enumerate(rows, start=2):
        for number, column in enumerate(columns, start=1):
            cell = sheet.cell(row=row_number, column=number)
            value = _checked(column, row)
            if column.type is CellType.TEXT:
                _put_text(cell, value)
            elif column.type is CellType.NUMBER and not _finite(value):
                _put_text(cell, write_number(_number(value), "en"))  # "NaN", "∞", "-∞"
            else:
                cell.value = value
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _checked(column: Column[Row], row: Row) -> Value:
    """The row's value for `column`, rounded if a number; TypeError if it is not of its type."""
    value = column.value(row)
    if value is None:
        return None
    if column.type is CellType.TEXT and isinstance(value, str):
        return value
    if column.type is CellType.DATE and isinstance(value, date):
        if isinstance(value, datetime):
            raise TypeError(f"column {column.header!s}: a day, not a moment: {value!r}")
        return value
    if column.type is CellType.NUMBER and _is_number(value):
        return _rounded(_number(value), column.decimals)
    raise TypeError(f"column {column.header!s} ({column.type.value}): {value!r}")


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _number(value: Value) -> int | float:
    assert isinstance(value, int | float)  # checked by `_checked`
    return value


def _finite(value: Value) -> bool:
    return value is None or math.isfinite(_number(value))


def _rounded(value: int | float, decimals: int) -> int | float:
    """`value` to `decimals` places as the API rounds it (`units.rounded`); an int as it is."""
    return value if isinstance(value, int) else rounded(value, decimals)


def _csv_cell(column: Column[Row], value: Value, locale: str) -> str:
    if value is None:
        return ""
    if column.type is CellType.NUMBER:
        return write_number(_number(value), locale)
    if column.type is CellType.DATE:
        assert isinstance(value, date)
        return value.isoformat()
    return _inert(str(value))


def _inert(text: str) -> str:
    """Text a spreadsheet shows as it is: a leading `'` before a formula's first character."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _put_text(cell: Cell, value: Value) -> None:
    """A string cell whatever the text looks like ("=1+1", "#N/A", "0123")."""
    if value is None:
        return
    cell.value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", str(value))
    cell.data_type = "s"
    cell.quotePrefix = True
