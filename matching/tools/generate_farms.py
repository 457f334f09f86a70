"""Where organic farms are and what they are, for the synthetic instance generator.

The Netherlands' organic farms cluster: dairy in Friesland, the Groene Hart and the east;
pigs and poultry in the Gelderse Vallei and De Peel; arable farming in Flevoland, the
Noordoostpolder, Groningen, Drenthe and Zeeland. Each region below is a Gaussian blob of
farm locations (sigma in degrees) with its own mix of farm profiles; weights follow the
rough share of Skal-certified farms per region. Coordinates stay inside the national
bounding box.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

NL_LAT = (50.75, 53.47)  # bounding box of the Netherlands, degrees
NL_LON = (3.37, 7.21)


@dataclass(frozen=True)
class Region:
    """A cluster of farms: centre (deg), spread sigma (deg), weight and profile mix."""

    name: str
    lat: float
    lon: float
    sigma: float
    weight: float
    mix: tuple[tuple[str, float], ...]


REGIONS: tuple[Region, ...] = (
    Region(
        "Friesland",
        53.05,
        5.75,
        0.20,
        12,
        (("dairy", 6), ("sheep", 1), ("goat", 1), ("arable", 2), ("mixed", 1)),
    ),
    Region("Groningen", 53.25, 6.65, 0.16, 8, (("arable", 6), ("dairy", 2), ("mixed", 1))),
    Region("Drenthe", 52.85, 6.65, 0.18, 7, (("arable", 5), ("dairy", 2), ("pig", 1))),
    Region(
        "Flevoland",
        52.52,
        5.60,
        0.12,
        12,
        (("arable", 6), ("horticulture", 2), ("mixed", 1), ("dairy", 1)),
    ),
    Region("Noordoostpolder", 52.72, 5.78, 0.08, 6, (("arable", 5), ("horticulture", 1))),
    Region(
        "Noord-Holland",
        52.75,
        4.90,
        0.14,
        7,
        (("arable", 3), ("horticulture", 2), ("dairy", 2), ("sheep", 1)),
    ),
    Region("Groene Hart", 52.05, 4.80, 0.12, 7, (("dairy", 5), ("goat", 1), ("horticulture", 1))),
    Region(
        "Gelderse Vallei",
        52.12,
        5.58,
        0.10,
        8,
        (("poultry", 3), ("pig", 2), ("dairy", 2), ("goat", 1)),
    ),
    Region(
        "Achterhoek", 51.98, 6.45, 0.14, 8, (("dairy", 3), ("pig", 2), ("goat", 2), ("mixed", 1))
    ),
    Region(
        "Twente en Salland",
        52.35,
        6.45,
        0.16,
        7,
        (("dairy", 4), ("goat", 1), ("pig", 1), ("mixed", 1)),
    ),
    Region(
        "De Peel",
        51.45,
        5.85,
        0.14,
        8,
        (("pig", 3), ("poultry", 2), ("mushroom", 1), ("horticulture", 1), ("arable", 1)),
    ),
    Region(
        "Noord-Limburg",
        51.35,
        6.10,
        0.10,
        4,
        (("mushroom", 1), ("horticulture", 2), ("pig", 1), ("arable", 1)),
    ),
    Region("Zeeland", 51.50, 3.85, 0.14, 6, (("arable", 6), ("horticulture", 1))),
    Region("West-Brabant", 51.55, 4.60, 0.14, 5, (("arable", 4), ("dairy", 1))),
    Region(
        "Rivierengebied",
        51.88,
        5.40,
        0.14,
        5,
        (("dairy", 2), ("horticulture", 1), ("horse", 1), ("veal", 1)),
    ),
)

# Profiles found everywhere, drawn with these probabilities before the regional mix.
NATIONAL_PROFILES: tuple[tuple[str, float], ...] = (
    ("digester", 0.012),
    ("compost", 0.015),
    ("horse", 0.01),
    ("plant_input", 0.01),
)

FARM_NAMES = (
    "De Hoeve",
    "Zonnegloren",
    "De Eikenhorst",
    "Het Hoogeland",
    "De Kleine Aarde",
    "Nieuw Leven",
    "De Lindenhof",
    "Op de Kamp",
    "De Buitenplaats",
    "Het Zwanenwater",
    "De Groenstee",
    "Veld en Beek",
    "Den Hulst",
    "De Vlinderhof",
    "Het Wilgenerf",
    "De Korenschoof",
    "Klaverweide",
    "De Stroet",
    "Het Bolwerk",
    "De Marke",
)


@dataclass(frozen=True)
class Site:
    """One farm to be built: id, display name, profile and location (deg)."""

    farm_id: str
    name: str
    profile: str
    region: str
    lat: float
    lon: float


def _clip(value: float, bounds: tuple[float, float]) -> float:
    return round(min(bounds[1], max(bounds[0], value)), 5)


def _pick(rng: random.Random, weighted: tuple[tuple[str, float], ...]) -> str:
    names, weights = zip(*weighted, strict=True)
    return rng.choices(names, weights=weights)[0]


def _profile(rng: random.Random, region: Region) -> str:
    draw = rng.random()
    for name, probability in NATIONAL_PROFILES:
        if draw < probability:
            return name
        draw -= probability
    return _pick(rng, region.mix)


def draw_sites(rng: random.Random, count: int) -> list[Site]:
    """`count` farm sites: region by weight, location Gaussian around its centre."""
    weights = [r.weight for r in REGIONS]
    sites = []
    for i in range(count):
        region = rng.choices(REGIONS, weights=weights)[0]
        lat = _clip(rng.gauss(region.lat, region.sigma), NL_LAT)
        lon = _clip(rng.gauss(region.lon, region.sigma * 1.6), NL_LON)  # 1 deg lon ~ 0.6 lat
        name = f"{rng.choice(FARM_NAMES)} {region.name}"
        sites.append(Site(f"F{i + 1:05d}", name, _profile(rng, region), region.name, lat, lon))
    return sites
