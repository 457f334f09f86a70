"""The rulebook's arithmetic (`matching.rules`) against values computed by hand, and the
engine reading a farm with the same arithmetic."""

from __future__ import annotations

import math
import subprocess
import sys
from datetime import date

import numpy as np
import pytest

from matching import reference, rules
from matching.problem import Problem
from matching.rules import classify as classification
from tests.matching._factories import farm, instance

CAP = 170.0  # RULES R1, kg N/ha/yr (a policy number: the callers pass it in)


def test_n_room_counts_natural_land_at_its_own_limit() -> None:
    # R1, R2: 40 ha × 170 + 5 ha × 100 + 2.5 ha × 0 = 6800 + 500 + 0 = 7300 kg N.
    assert rules.n_room_kg(40.0, [(5.0, 100.0), (2.5, 0.0)], CAP) == 7300.0
    assert rules.n_room_kg(100.0, [], CAP) == 17_000.0
    assert rules.n_room_kg(0.0, [(10.0, 50.0)], CAP) == 500.0


@pytest.mark.parametrize(
    ("status", "expected"),
    [("organic", 3000.0), ("conversion", 3000.0), ("conventional", 0.0), (None, 0.0)],
)
def test_own_manure_counts_as_a_unless_conventional(status: str | None, expected: float) -> None:
    assert rules.own_a_n_kg(3000.0, status) == expected


def test_a_share_of_a_farm_and_its_slack() -> None:
    # Own 3000 kg organic (A) + other 1000 kg of which 400 A: A = 3400 of 4000 = 85 %.
    assert rules.a_share(3400.0, 4000.0) == pytest.approx(0.85)
    assert rules.meets_a_share(3400.0, 4000.0, 0.70)
    assert rules.a_share_slack_kg(3400.0, 4000.0, 0.70) == pytest.approx(600.0)  # 3400 − 2800
    # The same farm with conventional own manure: A = 400 of 4000 = 10 %, 2400 kg short.
    assert rules.a_share(400.0, 4000.0) == pytest.approx(0.10)
    assert not rules.meets_a_share(400.0, 4000.0, 0.70)
    assert rules.a_share_slack_kg(400.0, 4000.0, 0.70) == pytest.approx(-2400.0)


def test_a_share_exactly_at_the_minimum_meets_it_and_no_n_has_no_share() -> None:
    assert rules.meets_a_share(700.0, 1000.0, 0.70)
    assert not rules.meets_a_share(699.0, 1000.0, 0.70)
    assert rules.a_share(0.0, 0.0) is None
    assert rules.meets_a_share(0.0, 0.0, 0.70)


def test_a_skal_exemption_replaces_the_minimum_through_its_last_day() -> None:
    until = date(2026, 6, 30)
    assert rules.required_a_share(0.70, 0.60, until, date(2026, 6, 30)) == 0.60
    assert rules.required_a_share(0.70, 0.60, until, date(2026, 7, 1)) == 0.70
    assert rules.required_a_share(0.70, 0.60, None, date(2030, 1, 1)) == 0.60
    assert rules.required_a_share(0.70, None, None, date(2026, 1, 1)) == 0.70
    assert rules.exemption_in_force(0.60, until, date(2026, 7, 1)) is None


def test_great_circle_distances_computed_by_hand() -> None:
    # One degree along the equator or a meridian: 2π × 6371.0 / 360 = 111.19493 km.
    degree = 2 * math.pi * 6371.0 / 360
    assert rules.great_circle_km((0.0, 0.0), (0.0, 1.0)) == pytest.approx(degree, rel=1e-12)
    assert rules.great_circle_km((10.0, 7.0), (11.0, 7.0)) == pytest.approx(degree, rel=1e-12)
    # Antipodes: π × 6371.0 = 20015.087 km (√h clipped at 1).
    assert rules.great_circle_km((0.0, 0.0), (0.0, 180.0)) == pytest.approx(math.pi * 6371.0)
    assert rules.great_circle_km((52.0, 5.0), (52.0, 5.0)) == 0.0


def test_utrecht_to_groningen() -> None:
    # Dom tower (52.0907 N, 5.1214 E) to Martinitoren (53.2194 N, 6.5680 E):
    # h = sin²(1.1287°/2) + cos 52.0907° · cos 53.2194° · sin²(1.4466°/2)
    #   = 9.70147e-5 + 0.367881 × 1.59356e-4 = 1.556389e-4; 2 × 6371 × asin(√h) = 158.967 km.
    km = rules.great_circle_km((52.0907, 5.1214), (53.2194, 6.5680))
    assert km == pytest.approx(158.967, abs=1e-3)


def test_the_array_form_broadcasts_like_the_engine_uses_it() -> None:
    lats, lons = np.array([[0.0], [52.0907]]), np.array([[0.0], [5.1214]])
    km = rules.great_circle_km_array(lats, lons, np.array([0.0, 53.2194]), np.array([1.0, 6.568]))
    assert km.shape == (2, 2)
    assert km[0, 0] == pytest.approx(2 * math.pi * 6371.0 / 360)
    assert km[1, 1] == pytest.approx(158.967, abs=1e-3)


def test_the_fixed_numbers_come_from_data_with_source_and_year() -> None:
    numbers = reference.rulebook_numbers()
    assert numbers["champost_n_kg_per_t"] == 7.0  # R7: 3.5 from manure + 3.5 from other matter
    assert numbers["champost_manure_n_kg_per_t"] == 3.5
    assert numbers["digestate_manure_share_default"] == 0.5  # R10, clarification 9
    assert numbers["codigestate_manure_share_min"] == 0.5
    doc = reference.rulebook()
    assert "Skal" in doc["source"] and 2015 <= doc["year"] <= 2030


def test_the_classification_takes_its_numbers_from_the_data(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A new edition of the numbers is a data change: nothing repeats them as a literal."""
    changed = reference.rulebook_numbers() | {
        "champost_n_kg_per_t": 8.0,
        "champost_manure_n_kg_per_t": 2.0,
        "digestate_manure_share_default": 0.6,
    }
    monkeypatch.setattr(classification, "rulebook_numbers", lambda: changed)
    champost = rules.classify_lot("champost", {"status": "organic", "direct_from_organic_farm": 1})
    assert champost.n_override_kg_per_t == 8.0
    assert champost.animal_fraction == 0.25  # 2 of 8 kg N/t from manure
    digestate = rules.classify_lot("digestate", {"manure_organic": 1, "coproducts_annex_ii": 1})
    assert digestate.a_fraction == pytest.approx(0.6)  # m = 0.6, no organic co-products


def test_the_engine_reads_a_farm_with_the_same_arithmetic() -> None:
    # 40 ha + natural 5 ha at 100 kg/ha: room 7300 kg; own 3000 (A), other 1000 (400 A).
    parcels = [{"ha": 5.0, "n_limit_kg_per_ha": 100.0}]
    doc = instance(
        [
            farm(
                "F1", area=40.0, own=3000.0, natural_land=parcels, other_n_kg=1000, other_a_n_kg=400
            )
        ],
        [],
        [],
    )
    farms = Problem.read(doc).farms
    assert farms.room_kg[0] == 7300.0
    assert farms.room_left_kg[0] == 4300.0  # 7300 − own 3000
    assert farms.d0[0] == pytest.approx(600.0)  # 3400 − 0.70 × 4000


def test_the_pure_parts_load_no_model_code() -> None:
    """What the web app imports (rules, reference data, merge) runs without the model code or
    a solver: the import contract's annotation-only exceptions stay annotation-only."""
    probe = (
        "import sys, matching.rules, matching.reference, matching.merge\n"
        "heavy = {'pulp', 'highspy', 'matching.engine', 'matching.model', 'matching.structure',"
        " 'matching.pricing', 'matching.solvers', 'matching.component'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
