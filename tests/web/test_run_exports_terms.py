"""The run's terms in the proposals' CSV and XLSX: truck loads, the suggested price per tonne
(negative: the supplier pays) and the delivery window, written the way the reader's
spreadsheet reads them, and empty where the run gave none."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from babel.numbers import parse_decimal
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import log_in
from tests.web.conftest import Market
from tests.web.review_helpers import add_solved_run
from tests.web.test_exports import sheet_of, spreadsheet_rows

TERMS = {
    "loads": 7,
    "suggested_price_eur_per_t": -4.256,
    "delivery_from": date(2027, 2, 16),
    "delivery_until": date(2027, 8, 31),
}
DUTCH = ("Vrachten", "Richtprijs (EUR/t)", "Leveren vanaf", "Leveren tot en met")
ENGLISH = ("Truck loads", "Suggested price (EUR/t)", "Deliver from", "Deliver until")


def terms_of(client: FlaskClient, run_id: int, lang: str, separator: str) -> dict[str, str]:
    """The CSV's one row as {header: cell}."""
    body = client.get(f"/review/runs/{run_id}/proposals.csv?lang={lang}").get_data(as_text=True)
    header, row = spreadsheet_rows(body, separator)
    return dict(zip(header, row, strict=True))


def test_the_terms_are_columns_of_a_dutch_csv(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    run_id, _ = add_solved_run(app, tonnes=140.0, **TERMS)
    log_in(client, marketplace.coordinator_email)
    cells = terms_of(client, run_id, "nl", ";")
    loads, price, start, end = (cells[name] for name in DUTCH)
    assert loads == "7"
    assert price == "-4,26"  # a decimal comma, two decimals, a number: no formula quote
    assert parse_decimal(price, locale="nl", strict=True) == Decimal("-4.26")
    assert (start, end) == ("2027-02-16", "2027-08-31")


def test_the_terms_are_columns_of_an_english_csv(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    run_id, _ = add_solved_run(app, tonnes=140.0, **TERMS)
    log_in(client, marketplace.coordinator_email)
    cells = terms_of(client, run_id, "en", ",")
    assert tuple(cells[name] for name in ENGLISH) == ("7", "-4.26", "2027-02-16", "2027-08-31")


def test_the_terms_are_typed_cells_in_xlsx(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    run_id, _ = add_solved_run(app, tonnes=140.0, **TERMS)
    log_in(client, marketplace.coordinator_email)
    sheet = sheet_of(client.get(f"/review/runs/{run_id}/proposals.xlsx").data)
    header = [cell.value for cell in sheet[1]]
    cells = {name: sheet.cell(row=2, column=header.index(name) + 1) for name in DUTCH}
    loads, price, start, end = (cells[name] for name in DUTCH)
    assert (loads.data_type, loads.value) == ("n", 7)
    assert (price.data_type, price.value) == ("n", -4.26)
    assert (start.data_type, start.value) == ("d", datetime(2027, 2, 16))
    assert (end.data_type, end.value) == ("d", datetime(2027, 8, 31))


def test_terms_the_run_did_not_give_are_empty_cells(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    run_id, _ = add_solved_run(app)
    log_in(client, marketplace.coordinator_email)
    cells = terms_of(client, run_id, "nl", ";")
    assert [cells[name] for name in DUTCH] == ["", "", "", ""]
    assert cells["Ton"] == "120"
