"""Exports that open right in a spreadsheet: a Dutch CSV read the way Dutch Excel reads it,
an English one the English way, typed XLSX cells, and no user text ever a formula (OWASP)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from babel.numbers import parse_decimal
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from market.core.exports import BOM, CellType, Column, separators, to_csv, to_xlsx
from market.models import Farm
from tests.conftest import log_in, state
from tests.web.conftest import Market
from tests.web.market_helpers import farm_id
from tests.web.review_helpers import add_solved_run

FORMULAS = ('=HYPERLINK("http://x","y")', "+1", "-1+2", "@SUM(A1)", "\tx", "\rx")
DUTCH_HEADER = [
    "Voorstel",
    "Leverancier",
    "Partij",
    "Soort",
    "Categorie",
    "Ontvanger",
    "Vraag",
    "Ton",
    "kg N",
    "kg N uit A",
    "Afstand (km)",
    "Transport (EUR)",
    "Vrachten",
    "Richtprijs (EUR/t)",
    "Afgesproken prijs (EUR/t)",
    "Leveren vanaf",
    "Leveren tot en met",
    "Beoordeling",
]


def spreadsheet_rows(body: str, separator: str) -> list[list[str]]:
    """The cells as Excel splits them: BOM first (UTF-8), then `separator`-separated."""
    assert body.startswith(BOM)
    return list(csv.reader(io.StringIO(body.removeprefix(BOM), newline=""), delimiter=separator))


def sheet_of(data: bytes) -> Worksheet:
    sheet = load_workbook(io.BytesIO(data)).active
    assert isinstance(sheet, Worksheet)
    return sheet


def rename(app: Flask, old: str, new: str) -> None:
    with state(app).session_factory() as session:
        session.get_one(Farm, farm_id(app, old)).name = new
        session.commit()


def test_separators_follow_the_locales_decimal_symbol() -> None:
    assert (separators("nl"), separators("en")) == ((";", ","), (",", "."))


def test_a_dutch_csv_reads_as_dutch_excel_reads_it(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    run_id, proposal_id = add_solved_run(app, tonnes=284.252)
    log_in(client, marketplace.coordinator_email)
    body = client.get(f"/review/runs/{run_id}/proposals.csv").get_data(as_text=True)
    header, row = spreadsheet_rows(body, ";")
    assert header == DUTCH_HEADER
    cells = dict(zip(header, row, strict=True))
    assert (cells["Soort"], cells["Categorie"], cells["Beoordeling"]) == (
        "Rundveedrijfmest",
        "A",
        "voorgesteld",
    )
    assert cells["Leverancier"] == "De Hoeve" and cells["Ontvanger"] == "Akkerbouw Zeeland"
    numbers = {name: parse_decimal(cells[name], locale="nl", strict=True) for name in header[7:12]}
    assert numbers == {
        "Ton": Decimal("284.252"),  # not 284252: the decimal comma, no grouping
        "kg N": Decimal("1250.7"),  # 4.4 kg N/t, one decimal
        "kg N uit A": Decimal("1250.7"),
        "Afstand (km)": Decimal("37.2"),
        "Transport (EUR)": Decimal("1586.13"),  # 5.58 €/t
    }
    assert int(cells["Voorstel"]) == proposal_id


def test_an_english_csv_is_comma_separated_with_a_decimal_point(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    run_id, _ = add_solved_run(app, tonnes=284.252)
    log_in(client, marketplace.coordinator_email)
    body = client.get(f"/review/runs/{run_id}/proposals.csv?lang=en").get_data(as_text=True)
    header, row = spreadsheet_rows(body, ",")
    assert header[:8] == [
        "Proposal",
        "Supplier",
        "Lot",
        "Kind",
        "Category",
        "Receiver",
        "Request",
        "Tonnes",
    ]
    cells = dict(zip(header, row, strict=True))
    assert (cells["Kind"], cells["Review"]) == ("Cattle slurry", "proposed")
    assert parse_decimal(cells["Tonnes"], locale="en", strict=True) == Decimal("284.252")
    assert parse_decimal(cells["kg N"], locale="en", strict=True) == Decimal("1250.7")


def test_a_formula_shaped_farm_name_is_inert_in_csv_and_xlsx(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    run_id, _ = add_solved_run(app)
    rename(app, "De Hoeve", FORMULAS[0])
    rename(app, "Akkerbouw Zeeland", "-1+2")
    log_in(client, marketplace.coordinator_email)
    body = client.get(f"/review/runs/{run_id}/proposals.csv").get_data(as_text=True)
    _, row = spreadsheet_rows(body, ";")
    assert (row[1], row[5]) == ("'" + FORMULAS[0], "'-1+2")
    assert row[7] == "120"
    sheet = sheet_of(client.get(f"/review/runs/{run_id}/proposals.xlsx").data)
    supplier, receiver, cost = sheet["B2"], sheet["F2"], sheet["L2"]
    assert (supplier.data_type, supplier.value) == ("s", FORMULAS[0])
    assert (receiver.data_type, receiver.value) == ("s", "-1+2")
    assert (cost.data_type, cost.value) == ("n", 669.6)  # 120 t at 5.58 €/t
    assert [cell.value for cell in sheet[1]] == DUTCH_HEADER


NAME: Column[tuple[str, float, date]] = Column("Name", lambda row: row[0], CellType.TEXT)
AMOUNT: Column[tuple[str, float, date]] = Column(
    "Amount", lambda row: row[1], CellType.NUMBER, decimals=2
)
DAY: Column[tuple[str, float, date]] = Column("Day", lambda row: row[2], CellType.DATE)


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_every_formula_start_is_neutralised_in_csv_but_numbers_are_not(locale: str) -> None:
    rows = [(name, -1.5, date(2026, 3, 12)) for name in FORMULAS]
    separator, decimal = separators(locale)
    table = spreadsheet_rows(to_csv((NAME, AMOUNT, DAY), rows, locale), separator)
    assert table[0] == ["Name", "Amount", "Day"]
    assert table[1:] == [["'" + name, f"-1{decimal}5", "2026-03-12"] for name in FORMULAS]


def test_xlsx_cells_are_typed_and_text_is_never_a_formula() -> None:
    names = (*FORMULAS, "#N/A", "a\x01b")
    rows = [(name, -1.254, date(2026, 3, 12)) for name in names]
    sheet = sheet_of(to_xlsx("Test", (NAME, AMOUNT, DAY), rows))
    read = list(sheet.iter_rows(min_row=2))
    assert [(name.data_type, name.quotePrefix) for name, _, _ in read] == [("s", True)] * 8
    # XML reads a bare CR as LF; a control character XLSX cannot hold becomes U+FFFD.
    expected = [name.replace("\r", "\n") for name in FORMULAS] + ["#N/A", "a\ufffdb"]
    assert [name.value for name, _, _ in read] == expected
    assert {(amount.data_type, amount.value) for _, amount, _ in read} == {("n", -1.25)}
    # openpyxl reads a date cell back as midnight of that day.
    assert {(day.data_type, day.value) for _, _, day in read} == {("d", datetime(2026, 3, 12))}


def test_a_value_of_the_wrong_type_is_refused() -> None:
    text_as_number: Column[str] = Column("Amount", lambda row: row, CellType.NUMBER)
    with pytest.raises(TypeError):
        to_csv((text_as_number,), ["=1+1"], "nl")
    with pytest.raises(TypeError):
        to_xlsx("Test", (text_as_number,), ["-1"])


def test_not_finite_numbers_and_negative_zero() -> None:
    rows = [("a", float("nan"), date(2026, 1, 1)), ("b", -0.001, date(2026, 1, 1))]
    table = spreadsheet_rows(to_csv((AMOUNT,), rows, "nl"), ";")
    assert table[1:] == [["NaN"], ["0"]]
    sheet = sheet_of(to_xlsx("Test", (AMOUNT,), rows))
    assert [(cell.data_type, cell.value) for cell in sheet["A"][1:]] == [("s", "NaN"), ("n", 0)]
