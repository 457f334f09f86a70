"""RVO manure codes on lots and deliveries: the code follows or is checked against the kind,
standard contents come from the code's table of the date, a digestate states its mix, a
delivery keeps both, and the transport export names them with the parties."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy.orm import Session

from market.core.schemas import parse
from market.core.validation import ValidationError
from market.deliveries.schemas import Weighing
from market.deliveries.services.ledger import record_delivery
from market.deliveries.services.transport import transport_deliveries, transport_record
from market.listings.schemas import LotInput, LotPatch
from market.listings.services.listings import create_lot, update_lot
from market.models import AnalysisSource
from matching import reference
from matching.reference import standard_contents
from tests.factories import add_farm
from tests.market.test_services_ledger import ORGANIC_SLURRY, WEIGHED

ON_STANDARD: dict[str, Any] = {"tonnes": 200, "available_from": date(2026, 3, 1)}
MIX = {
    "parts": [{"code": "14", "percent": 60}, {"code": "50", "percent": 40}],
    "coproduct_code": "123",
}


def lot(db: Session, **fields: Any) -> Any:
    return create_lot(db, add_farm(db), parse(LotInput, {**ON_STANDARD, **fields}))


def table_2027(monkeypatch: pytest.MonkeyPatch, code: str, figures: dict[str, float]) -> None:
    """A Tabel 11 for 2027 in the data, in which `code` has `figures` (kg per tonne)."""
    codes = reference.manure_codes()
    row = codes["codes"][code]
    later = {**row["contents"], "2027": figures}
    monkeypatch.setattr(
        reference,
        "manure_codes",
        lambda: {
            **codes,
            "tables": {**codes["tables"], "2027": {"name": "Tabel 11 (2027)", "years": [2027]}},
            "codes": {**codes["codes"], code: {**row, "contents": later}},
        },
    )


def test_a_kind_with_one_code_gets_it_and_its_figures(db: Session) -> None:
    offered = lot(db, kind="cattle_solid")
    assert (offered.manure_code, offered.analysis_source) == ("10", AnalysisSource.STANDARD)
    assert (offered.n_kg_per_t, offered.p2o5_kg_per_t) == (6.4, 3.2)
    assert offered.k2o_kg_per_t == standard_contents()["kinds"]["cattle_solid"]["k2o_kg_per_t"]


def test_a_stated_code_gives_its_own_figures(db: Session) -> None:
    sows = lot(db, kind="pig_slurry", manure_code="46")
    assert (sows.manure_code, sows.n_kg_per_t, sows.p2o5_kg_per_t) == ("46", 3.8, 2.4)


def test_a_kind_with_several_codes_and_none_stated_keeps_no_code(db: Session) -> None:
    """The kind cannot tell sows' from fattening pigs' slurry: no code, the kind's default."""
    pigs = lot(db, kind="pig_slurry")
    default = standard_contents()["kinds"]["pig_slurry"]
    assert pigs.manure_code is None
    assert (pigs.n_kg_per_t, pigs.p2o5_kg_per_t) == (default["n_kg_per_t"], 3.8)


def test_a_code_of_another_kind_is_refused() -> None:
    with pytest.raises(ValidationError) as refused:
        parse(LotInput, {**ON_STANDARD, "kind": "cattle_slurry", "manure_code": "50"})
    assert refused.value.errors["manure_code"].code == "manure_code_kind"


@pytest.mark.parametrize(
    ("mix", "code"),
    [
        ({"parts": [{"code": "14", "percent": 60}]}, "manure_mix_total"),
        ({"parts": [{"code": "14", "percent": 20}] * 5}, "manure_mix_parts"),
        ({"parts": [{"code": "14", "percent": 50}] * 2}, "manure_mix_repeated"),
        ({"parts": [{"code": "14", "percent": 100}], "coproduct_code": "A1"}, "coproduct_code"),
        ({"parts": [{"code": "77", "percent": 100}]}, "choice_unknown"),
    ],
)
def test_a_bad_mix_is_refused(mix: dict[str, Any], code: str) -> None:
    with pytest.raises(ValidationError) as refused:
        parse(LotInput, {**ON_STANDARD, "kind": "digestate", "manure_mix": mix})
    assert refused.value.errors["manure_mix"].code == code


def test_only_a_digestate_states_a_mix() -> None:
    with pytest.raises(ValidationError) as refused:
        parse(LotInput, {**ON_STANDARD, "kind": "cattle_slurry", "manure_mix": MIX})
    assert refused.value.errors["manure_mix"].code == "manure_mix_digestate"


def test_a_digestate_keeps_its_mix(db: Session) -> None:
    digestate = lot(db, kind="digestate", manure_mix=MIX, n_kg_per_t=5.0)
    assert digestate.manure_code is None
    assert digestate.manure_mix == {
        "parts": [{"code": "14", "percent": 60.0}, {"code": "50", "percent": 40.0}],
        "coproduct_code": "123",
    }


def test_a_new_kind_drops_the_old_kinds_code(db: Session) -> None:
    offered = lot(db, kind="cattle_slurry")
    update_lot(db, offered, parse(LotPatch, {"kind": "goat_manure"}))
    assert (offered.kind, offered.manure_code) == ("goat_manure", None)
    update_lot(db, offered, parse(LotPatch, {"kind": "horse_manure"}))
    assert (offered.manure_code, offered.n_kg_per_t) == ("25", 4.8)


def test_a_delivery_keeps_the_code_and_takes_the_tables_figures_of_its_date(
    db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A lot offered in 2026 and delivered in 2027 is weighed at 2027's table (a table added
    to the data for the test)."""
    calves = lot(db, kind="veal_calf_manure", manure_code="18")
    assert (calves.n_kg_per_t, calves.p2o5_kg_per_t) == (3.2, 1.2)
    table_2027(monkeypatch, "18", {"n_kg_per_t": 3.6, "p2o5_kg_per_t": 1.4})
    receiver = add_farm(db, name="Akkerbouw Zuid")
    weighed = parse(Weighing, {**WEIGHED, "delivered_on": date(2027, 2, 1)})
    delivery = record_delivery(db, calves, receiver, ORGANIC_SLURRY, weighed)
    assert (delivery.manure_code, delivery.n_kg_per_t, delivery.p2o5_kg_per_t) == ("18", 3.6, 1.4)
    assert delivery.k2o_kg_per_t == calves.k2o_kg_per_t


def test_the_transport_record_names_code_parties_and_totals(db: Session) -> None:
    supplier = add_farm(db, rvo_relation_number="111222333", kvk_number="12345678")
    receiver = add_farm(db, name="Akkerbouw Zuid", rvo_relation_number="444555666")
    digestate = create_lot(
        db, supplier, parse(LotInput, {**ON_STANDARD, "kind": "digestate", "manure_mix": MIX})
    )
    weighed = parse(Weighing, {**WEIGHED, "carrier": "Loonbedrijf Oost", "vehicle": "BX-123-Z"})
    record_delivery(db, digestate, receiver, ORGANIC_SLURRY, weighed)
    other_year = parse(Weighing, {**WEIGHED, "delivered_on": date(2025, 5, 1)})
    record_delivery(db, digestate, receiver, ORGANIC_SLURRY, other_year)
    [delivery] = transport_deliveries(db, receiver.id, 2026)
    record = transport_record(delivery)
    assert record.manure_mix is not None and record.manure_mix.coproduct_code == "123"
    assert [(p.code, p.percent) for p in record.manure_mix.parts] == [("14", 60.0), ("50", 40.0)]
    assert (record.supplier.rvo_relation_number, record.supplier.kvk_number) == (
        "111222333",
        "12345678",
    )
    assert (record.receiver.rvo_relation_number, record.carrier, record.vehicle) == (
        "444555666",
        "Loonbedrijf Oost",
        "BX-123-Z",
    )
    assert record.carrier_relation_number is None
    assert record.p2o5_kg == pytest.approx(31.5 * digestate.p2o5_kg_per_t)
    assert record.n_kg == pytest.approx(31.5 * digestate.n_kg_per_t)
    assert transport_deliveries(db, add_farm(db, name="Elders").id, 2026) == []
    assert len(transport_deliveries(db, None, 2025)) == 1
