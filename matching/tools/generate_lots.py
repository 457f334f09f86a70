"""What each synthetic farm holds: its land, own manure, lots (aanbod) and requests (vraag).

A profile says which kinds a farm offers (each with a probability), its own animals' manure
N in kg per ha per year (dairy farms above the 170 kg cap have a surplus to export), and
how likely it posts an N request and how large (kg N per ha). Nutrient contents per tonne
come from the standard contents table (RVO forfaitaire gehalten) with +-15 % spread, as a
lab analysis would differ from the standard figure.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from matching.tools.generate_farms import Site
from matching.vocabulary import ORIGIN_FIELDS

Contents = Mapping[str, tuple[float, float, float]]  # kind -> (N, P2O5, K2O) kg per tonne


@dataclass(frozen=True)
class Profile:
    """Kinds offered (kind, probability), own manure N (kg/ha/yr), request chance and size
    (kg N/ha), area range (ha) and the status mix (organic, conversion, conventional)."""

    lots: tuple[tuple[str, float], ...]
    own_n_per_ha: tuple[float, float]
    request_chance: float
    request_n_per_ha: tuple[float, float]
    area_ha: tuple[float, float]
    statuses: tuple[float, float, float]


LIVESTOCK_STATUS = (0.82, 0.06, 0.12)
RECEIVER_STATUS = (0.93, 0.07, 0.0)
PROFILES: dict[str, Profile] = {
    "dairy": Profile(
        (("cattle_slurry", 0.9), ("cattle_solid", 0.3)),
        (180, 260),
        0.0,
        (0, 0),
        (30, 150),
        LIVESTOCK_STATUS,
    ),
    "pig": Profile(
        (("pig_slurry", 0.9), ("pig_solid", 0.35)),
        (200, 320),
        0.0,
        (0, 0),
        (15, 80),
        LIVESTOCK_STATUS,
    ),
    "poultry": Profile(
        (("poultry_manure", 0.8), ("poultry_pellets", 0.35)),
        (200, 350),
        0.0,
        (0, 0),
        (10, 60),
        LIVESTOCK_STATUS,
    ),
    "goat": Profile((("goat_manure", 1.0),), (180, 260), 0.0, (0, 0), (15, 80), LIVESTOCK_STATUS),
    "sheep": Profile(
        (("sheep_manure", 1.0),), (175, 230), 0.0, (0, 0), (20, 100), LIVESTOCK_STATUS
    ),
    "horse": Profile((("horse_manure", 1.0),), (175, 230), 0.0, (0, 0), (10, 40), LIVESTOCK_STATUS),
    "veal": Profile(
        (("veal_calf_manure", 1.0),), (190, 280), 0.0, (0, 0), (15, 60), LIVESTOCK_STATUS
    ),
    "mushroom": Profile((("champost", 1.0),), (0, 0), 0.0, (0, 0), (10, 15), (0.9, 0.0, 0.1)),
    "digester": Profile((("digestate", 1.0),), (0, 0), 0.0, (0, 0), (10, 20), (0.0, 0.0, 1.0)),
    "compost": Profile(
        (("green_compost", 0.7), ("compost_organic_plant", 0.6)),
        (0, 0),
        0.0,
        (0, 0),
        (10, 25),
        (0.6, 0.0, 0.4),
    ),
    "plant_input": Profile(
        (("plant_product", 0.8), ("mineral_n", 0.4), ("bokashi", 0.5)),
        (0, 0),
        0.5,
        (60, 120),
        (20, 80),
        RECEIVER_STATUS,
    ),
    "arable": Profile((("bokashi", 0.04),), (0, 0), 1.0, (60, 140), (20, 150), RECEIVER_STATUS),
    "horticulture": Profile((), (0, 20), 1.0, (80, 170), (10, 40), RECEIVER_STATUS),
    "mixed": Profile(
        (("cattle_slurry", 0.6), ("goat_manure", 0.25), ("pig_solid", 0.25)),
        (60, 150),
        1.0,
        (40, 100),
        (30, 120),
        (0.9, 0.1, 0.0),
    ),
}

TONNES: dict[str, tuple[float, float]] = {
    "cattle_slurry": (100, 1500),
    "cattle_solid": (50, 400),
    "veal_calf_manure": (100, 800),
    "pig_slurry": (200, 2500),
    "pig_solid": (50, 300),
    "poultry_manure": (50, 600),
    "poultry_pellets": (50, 300),
    "goat_manure": (50, 400),
    "sheep_manure": (30, 200),
    "horse_manure": (20, 200),
    "digestate": (500, 5000),
    "champost": (200, 2000),
    "compost_organic_plant": (100, 1000),
    "green_compost": (200, 2000),
    "plant_product": (20, 200),
    "bokashi": (20, 150),
    "mineral_n": (5, 50),
}

KIND_GROUPS: tuple[tuple[str, ...], ...] = (
    ("cattle_slurry", "pig_slurry", "digestate"),
    (
        "cattle_solid",
        "goat_manure",
        "sheep_manure",
        "horse_manure",
        "pig_solid",
        "poultry_manure",
        "poultry_pellets",
        "champost",
        "compost_organic_plant",
        "green_compost",
    ),
    (
        "plant_product",
        "green_compost",
        "compost_organic_plant",
        "bokashi",
        "mineral_n",
        "poultry_pellets",
    ),
    (),  # clarification 7: [] accepts nothing (a paused request)
)
REQUEST_DISTANCES_KM = (25, 40, 50, 60, 75, 90)
INTERMEDIARIES = ("Mestbank Oost BV", "Biomest Transport", "Agrarisch Mestloket Noord")


def _status(rng: random.Random, profile: Profile) -> str:
    return rng.choices(("organic", "conversion", "conventional"), weights=profile.statuses)[0]


def _natural_land(rng: random.Random) -> list[dict[str, float]]:
    """R2: some farms hold natural land with a lower N limit per ha."""
    if rng.random() >= 0.15:
        return []
    return [{"ha": round(rng.uniform(1, 20), 1), "n_limit_kg_per_ha": rng.choice((0, 50, 100))}]


def build_farm(rng: random.Random, site: Site, cap: float) -> dict[str, Any]:
    """A farm record: land, own manure N (kg/yr), other fertiliser N and the yearly flags."""
    profile = PROFILES[site.profile]
    status = _status(rng, profile)
    area = round(rng.uniform(*profile.area_ha), 1)
    own = round(area * rng.uniform(*profile.own_n_per_ha))
    other = round(rng.uniform(200, 3000)) if rng.random() < 0.25 else 0
    receives = profile.request_chance > 0 and status != "conventional"
    return {
        "id": site.farm_id,
        "name": site.name,
        "status": status,
        "lat": site.lat,
        "lon": site.lon,
        "area_ha": area,
        "natural_land": _natural_land(rng),
        "own_manure_n_kg": own,
        "own_manure_status": status,
        "other_n_kg": other,
        "other_a_n_kg": round(other * rng.choice((0.0, 0.3, 1.0))),
        "a_share_min": 0.6 if rng.random() < 0.02 else None,  # Skal exemption
        "p2o5_room_kg": round(area * rng.uniform(40, 90))
        if receives and rng.random() < 0.3
        else None,
        "exported_organic_this_year": receives and rng.random() < 0.03,
        "imported_nonorganic_this_year": site.profile == "mixed" and rng.random() < 0.05,
    }


def _origin(rng: random.Random, kind: str, status: str) -> dict[str, Any]:
    """Origin facts per kind (INSTANCE.md's classification table reads these)."""
    origin: dict[str, Any] = dict.fromkeys(ORIGIN_FIELDS)
    origin["status"] = status
    if status != "organic":
        origin["husbandry_ok"] = rng.random() < 0.8
    if kind in ("poultry_pellets", "champost"):
        origin["direct_from_organic_farm"] = rng.random() < 0.85
    elif kind == "digestate":
        origin.update(
            manure_share=round(rng.uniform(0.4, 0.7), 2),
            manure_organic=rng.random() < 0.8,
            coproducts_annex_ii=rng.random() < 0.9,
            coproducts_organic_share=rng.choice((None, 0.0, 0.3, 0.6)),
        )
    elif kind == "bokashi":
        origin["made_from"] = rng.choices(("A", "B", "C"), weights=(5, 3, 1))[0]
    elif kind == "mineral_n":
        origin["skal_input_list"] = rng.random() < 0.8
    return origin


def _intermediary(rng: random.Random, year: int) -> dict[str, Any] | None:
    """R11: 12 % of lots go through an intermediary; of those 8 % hold an expired
    declaration and 7 % are not Skal-approved."""
    if rng.random() >= 0.12:
        return None
    draw = rng.random()
    until = f"{year - 1 if draw < 0.08 else year + 1}-06-30"
    return {
        "name": rng.choice(INTERMEDIARIES),
        "skal_approved": not 0.08 <= draw < 0.15,
        "valid_until": until,
    }


def _lot(
    rng: random.Random,
    farm: Mapping[str, Any],
    kind: str,
    contents: Contents,
    number: int,
    year: int,
) -> dict[str, Any]:
    n, p2o5, k2o = (x * rng.uniform(0.85, 1.15) for x in contents[kind])
    elsewhere = rng.random() < 0.05  # stored away from the farm
    return {
        "id": f"L{farm['id'][1:]}-{number}",
        "farm": farm["id"],
        "kind": kind,
        "tonnes": float(round(rng.uniform(*TONNES[kind]) / 5) * 5),
        "n_kg_per_t": round(n, 2),
        "p2o5_kg_per_t": round(p2o5, 2),
        "k2o_kg_per_t": round(k2o, 2),
        "origin": _origin(rng, kind, farm["status"]),
        "intermediary": _intermediary(rng, year),
        "max_distance_km": rng.choice((40, 60, 80, 100)) if rng.random() < 0.35 else None,
        "lat": round(farm["lat"] + rng.uniform(-0.05, 0.05), 5) if elsewhere else None,
        "lon": round(farm["lon"] + rng.uniform(-0.05, 0.05), 5) if elsewhere else None,
    }


def build_lots(
    rng: random.Random, site: Site, farm: Mapping[str, Any], contents: Contents, year: int
) -> list[dict[str, Any]]:
    """The farm's lots: each kind of its profile with its probability, at least one for a
    profile that mainly offers something; `year` dates intermediary declarations."""
    offers = PROFILES[site.profile].lots
    kinds = [kind for kind, chance in offers if rng.random() < chance]
    if not kinds and offers and offers[0][1] >= 0.5:
        kinds = [offers[0][0]]
    return [_lot(rng, farm, kind, contents, i + 1, year) for i, kind in enumerate(kinds)]


def build_requests(rng: random.Random, site: Site, farm: Mapping[str, Any]) -> list[dict[str, Any]]:
    """An N request (kg N) sized by area, with kinds, non-organic acceptance and reach."""
    profile = PROFILES[site.profile]
    if farm["status"] == "conventional" or rng.random() >= profile.request_chance:
        return []
    draw = rng.random()
    kinds = (
        None
        if draw < 0.45
        else list(KIND_GROUPS[0 if draw < 0.7 else 1 if draw < 0.9 else 2 if draw < 0.99 else 3])
    )
    accept = rng.random() < (0.75 if site.profile == "mixed" else 0.35)
    return [
        {
            "id": f"R{farm['id'][1:]}",
            "farm": farm["id"],
            "n_kg": float(round(farm["area_ha"] * rng.uniform(*profile.request_n_per_ha), -1)),
            "kinds": kinds,
            "accept_nonorganic": accept,
            "max_distance_km": rng.choice(REQUEST_DISTANCES_KM) if rng.random() < 0.85 else None,
        }
    ]
