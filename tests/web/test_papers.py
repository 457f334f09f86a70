"""The papers an inspector reads: every field of the declaration of origin is in its PDF,
and the declaration and the yearly overview fit A4 with the longest values the market takes.

Each test reads the PDF as text (`pdftotext`), counts its pages, checks that no word runs
off the page (word boxes) and leaves pictures of the pages in `/tmp/papers/`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from market.core.schemas import parse
from market.deliveries.schemas import PLATE_MAX_LENGTH, Weighing
from market.deliveries.services.ledger import number_declaration, record_delivery
from market.listings.services.listings import lot_origin
from market.models import Delivery, Farm, Lot, Role
from matching.rules import classify_lot
from tests.conftest import log_in, state
from tests.factories import add_farm, add_lot, add_user
from tests.web.pdf_helpers import missing, outside_the_page, page_count, render_pages

RECEIVER_EMAIL = "ontvanger@example.nl"
SUPPLIER_EMAIL = "leverancier@example.nl"
DAY = date(2026, 11, 12)


def long_text(words: str, length: int) -> str:
    """`words` repeated to exactly `length` characters (no blank at either end)."""
    text = (words + " ") * (length // len(words) + 2)
    text = text[:length]
    return text if text[-1] != " " else text[:-1] + "x"


def digits(prefix: str, length: int) -> str:
    """An unbreakable reference of `length` characters (the worst case for a column)."""
    return (prefix + "0123456789" * 20)[:length]


#: The longest values the forms and the columns take (farm: `FarmInput`, delivery: `Weighing`
#: and the lot's intermediary column).
LONGEST: dict[str, str] = {
    "supplier": long_text("Maatschap Biologische Vergisting De Lange Weidegronden", 200),
    "receiver": long_text("Akkerbouwbedrijf Gebroeders Van Den Hoogen-Oosterwijk", 200),
    "supplier_address": long_text("Noordelijke Kanaaldijk Oostzijde 1234-B 9999 ZZ", 300),
    "receiver_address": long_text("Hoofdweg Westerkwartier Buitengebied 77a 1234 AB", 300),
    "intermediary": long_text("Mestintermediair Transport en Handel Noord-Nederland BV", 200),
    "transport_document_no": digits("VDM", 100),
    "carrier": long_text("Loonbedrijf en Mesttransport Gebroeders Scholten", 200),
    "vehicle": "BOR-AB 1234-XY7"[:PLATE_MAX_LENGTH],
    "lab": long_text("Eurofins Agro Testing Wageningen Laboratorium Mest", 200),
    "sample_number": digits("MONSTER", 100),
    "sample_analysis_ref": digits("ANALYSE", 100),
}
#: A digestate's manure as on the VDM: four codes (the most there may be).
MIX = {
    "parts": [
        {"code": "14", "percent": 60.0},
        {"code": "50", "percent": 25.0},
        {"code": "10", "percent": 10.0},
        {"code": "46", "percent": 5.0},
    ],
    "coproduct_code": "123",
}


@dataclass(frozen=True)
class Scene:
    supplier_id: int
    receiver_id: int
    deliveries: list[int]


def farm_pair(session: Session) -> tuple[Farm, Farm]:
    supplier = add_farm(
        session,
        LONGEST["supplier"],
        "Groningen",
        address=LONGEST["supplier_address"],
        skal_number="0123456",
        rvo_relation_number="123456789",
        kvk_number="87654321",
    )
    receiver = add_farm(
        session,
        LONGEST["receiver"],
        "Drenthe",
        lat=52.9,
        lon=6.5,
        address=LONGEST["receiver_address"],
        skal_number="0765432",
        rvo_relation_number="987654321",
        kvk_number="12345678",
    )
    add_user(session, SUPPLIER_EMAIL, Role.LIVESTOCK_FARMER, supplier)
    add_user(session, RECEIVER_EMAIL, Role.ARABLE_FARMER, receiver)
    return supplier, receiver


def digestate(session: Session, farm: Farm) -> Lot:
    """Co-digestate: 60 % organic manure, co-products on Annex II of which 5 % organic, so
    62 % of its N counts as A (R10: 0.6 + 0.4 × 0.05)."""
    return add_lot(
        session,
        farm,
        "digestate",
        tonnes=2000.0,
        manure_organic=True,
        coproducts_annex_ii=True,
        manure_share=0.6,
        coproducts_organic_share=0.05,
        manure_mix=MIX,
        intermediary_name=LONGEST["intermediary"],
        intermediary_skal_approved=True,
        intermediary_valid_until=date(2027, 3, 31),
    )


def weighing(**changes: Any) -> Weighing:
    values = {
        "delivered_on": DAY.isoformat(),
        "weighed_tonnes": 36.25,
        "n_kg_per_t": 4.8,
        "p2o5_kg_per_t": 1.6,
        "dry_matter_pct": 8.5,
        **{key: LONGEST[key] for key in WEIGHED},
        **changes,
    }
    return parse(Weighing, values)


WEIGHED = (
    "transport_document_no",
    "carrier",
    "vehicle",
    "lab",
    "sample_number",
    "sample_analysis_ref",
)


def delivered(session: Session, lot: Lot, receiver: Farm, data: Weighing) -> int:
    """`data` of `lot` booked in the ledger for `receiver`, classified as the booking does,
    with its declaration's number."""
    lot_class = classify_lot(lot.kind, lot_origin(lot))
    delivery = record_delivery(session, lot, receiver, lot_class, data)
    number_declaration(session, delivery)
    return delivery.id


@pytest.fixture
def scene(app: Flask) -> Scene:
    """A digestate delivery with the longest values, and two of cattle slurry (code 14, its
    K2O from the table)."""
    with state(app).session_factory() as session:
        supplier, receiver = farm_pair(session)
        ids = [delivered(session, digestate(session, supplier), receiver, weighing())]
        slurry = add_lot(
            session, supplier, manure_code="14", tonnes=900.0, standard_fields=["k2o_kg_per_t"]
        )
        short_vdm = weighing(
            transport_document_no=digits("VDM", 41), dry_matter_pct=None, sample_analysis_ref=None
        )
        ids += [delivered(session, slurry, receiver, short_vdm) for _ in range(2)]
        session.commit()
        return Scene(supplier.id, receiver.id, ids)


def test_the_declaration_of_a_digestate_names_everything_and_fits_one_page(
    app: Flask, client: FlaskClient, scene: Scene
) -> None:
    log_in(client, RECEIVER_EMAIL)
    response = client.get(f"/deliveries/{scene.deliveries[0]}/declaration.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pdf = response.data
    render_pages(pdf, "declaration-digestate")
    assert page_count(pdf) == 1
    assert outside_the_page(pdf) == []
    number = "VVH-2026-000001"  # the year's first declaration
    assert missing(pdf, number, *LONGEST.values()) == []
    assert (
        missing(
            pdf,
            "Verklaring van herkomst",
            "12 november 2026",
            "0123456",
            "0765432",
            "123456789",
            "987654321",
            "87654321",
            "12345678",
            "Digestaat",
            "14: 60%",
            "50: 25%",
            "10: 10%",
            "46: 5%",
            "A/B",
            "62%",  # the A-percentage of this delivery (R10), not only "A/B (deels A)"
            "60%",  # the manure share it rests on
            "36,25 t",
            "N 4,8 · P2O5 1,6",
            "8,5 %",
            "174 kg",  # total N: 36.25 t × 4.8 kg/t
            "58 kg",  # total P2O5: 36.25 t × 1.6 kg/t
            "31 maart 2027",  # the intermediary's Skal declaration runs until then
        )
        == []
    )


def test_the_declaration_of_slurry_names_its_manure_code_and_what_was_not_recorded(
    app: Flask, client: FlaskClient, scene: Scene
) -> None:
    log_in(client, SUPPLIER_EMAIL)
    pdf = client.get(f"/deliveries/{scene.deliveries[1]}/declaration.pdf").data
    render_pages(pdf, "declaration-slurry")
    assert page_count(pdf) == 1 and outside_the_page(pdf) == []
    assert missing(pdf, "14 – Rundvee: drijfmest", digits("VDM", 41)) == []
    assert (
        missing(
            pdf,
            "Droge stof niet vastgelegd",
            "Kenmerk van de monsteranalyse niet vastgelegd",  # was "–"
            # sampled N and P2O5, the lot's K2O from the table
            "Bron van de gehalten monster bij levering voor N en P2O5; typische waarden"
            " (WUR/CBGV) voor K2O",
        )
        == []
    )
    assert missing(pdf, "A-percentage") == ["A-percentage"]  # digestate only
    page = client.get(f"/deliveries/{scene.deliveries[1]}").get_data(as_text=True)
    sources = "monster bij levering voor N en P2O5; typische waarden"
    assert f'<dd>{sources} (<span class="nowrap">WUR/CBGV</span>) voor K2O' in page
    assert "<dd>N 4,8 · P2O5 1,6 · K2O " in page


def test_the_yearly_overview_wraps_long_numbers_and_names_within_a4(
    app: Flask, client: FlaskClient, scene: Scene
) -> None:
    log_in(client, RECEIVER_EMAIL)
    response = client.get(f"/deliveries/overview/{scene.receiver_id}/2026.pdf")
    assert response.status_code == 200
    pdf = response.data
    render_pages(pdf, "overview")
    assert page_count(pdf) == 1
    assert outside_the_page(pdf) == []
    assert (
        missing(
            pdf,
            LONGEST["receiver"],
            LONGEST["supplier"],
            LONGEST["transport_document_no"],
            digits("VDM", 41),
            "987654321",
            "12345678",
        )
        == []
    )


def test_a_delivery_stored_until_spreading_says_so_on_its_page_and_declaration(
    app: Flask, client: FlaskClient, scene: Scene
) -> None:
    """Booked outside its delivery window, the batch is stored by the receiver: the inspector
    reads that on the declaration, the farmers on the delivery's page; other deliveries do
    not say it."""
    stored, plain = scene.deliveries[1], scene.deliveries[2]
    with state(app).session_factory() as session:
        session.get_one(Delivery, stored).stored_until_spreading = True
        session.commit()
    log_in(client, RECEIVER_EMAIL)
    sentence = "de ontvanger slaat de mest op tot uitrijden mag"
    pdf = client.get(f"/deliveries/{stored}/declaration.pdf").data
    render_pages(pdf, "declaration-stored")
    assert page_count(pdf) == 1 and outside_the_page(pdf) == []
    assert missing(pdf, "Opslag", sentence) == []
    assert missing(client.get(f"/deliveries/{plain}/declaration.pdf").data, sentence) == [sentence]
    page = client.get(f"/deliveries/{stored}").get_data(as_text=True)
    assert sentence in page
    assert sentence not in client.get(f"/deliveries/{plain}").get_data(as_text=True)
