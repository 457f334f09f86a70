"""The demo data set: ~40 farms across the twelve provinces, their animals, lots and requests.

Places and coordinates are real villages; farm names are invented. Livestock farms offer
manure (aanbod), arable and horticultural farms ask for N (vraag), a few mixed farms do
both, and a mushroom farm, two digesters and a compost yard supply the rest. Contents in kg
per tonne; `None` means "no lab analysis: use the standard table". Lot dates are days from
the day of seeding.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class DemoFarm:
    name: str
    place: str
    province: str
    lat: float
    lon: float
    status: str
    area_ha: float
    livestock: tuple[tuple[str, int], ...] = ()
    natural_land: tuple[tuple[str, float, float], ...] = ()  # name, ha, N limit kg/ha


@dataclass(frozen=True)
class DemoLot:
    farm: str
    kind: str
    tonnes: float
    contents: tuple[float, float, float] | None = None  # N, P2O5, K2O kg/t (lab analysis)
    origin: dict[str, Any] = field(default_factory=dict)
    max_distance_km: float | None = None


@dataclass(frozen=True)
class DemoRequest:
    farm: str
    n_kg: float
    kinds: tuple[str, ...] | None = None
    accept_nonorganic: bool = False
    max_distance_km: float | None = None


BIO, OMS, GANG = "organic", "conversion", "conventional"  # biologisch, omschakeling, gangbaar
FARMS: tuple[DemoFarm, ...] = (
    DemoFarm(
        "Melkveebedrijf De Terp",
        "Wommels",
        "Friesland",
        53.11,
        5.59,
        BIO,
        62,
        (("dairy_cow", 110), ("young_stock_over_1", 35), ("young_stock_under_1", 30)),
        (("Kwelder Noord", 6.0, 100.0),),
    ),
    DemoFarm(
        "Zuivelboerderij Dokkumer Ee",
        "Dokkum",
        "Friesland",
        53.33,
        5.99,
        BIO,
        48,
        (("dairy_cow", 85), ("young_stock_over_1", 25)),
    ),
    DemoFarm(
        "Geitenhouderij It Fryske Gea", "Joure", "Friesland", 52.97, 5.79, BIO, 22, (("goat", 600),)
    ),
    DemoFarm("Akkerbouw Hogeland", "Winsum", "Groningen", 53.33, 6.52, BIO, 95),
    DemoFarm("Kwekerij Loppersum", "Loppersum", "Groningen", 53.33, 6.75, OMS, 30),
    DemoFarm("Akkerbouwbedrijf Ter Apel", "Ter Apel", "Groningen", 52.88, 7.07, BIO, 120),
    DemoFarm(
        "Schapenhouderij Drentsche Aa",
        "Westerbork",
        "Drenthe",
        52.85,
        6.61,
        BIO,
        40,
        (("sheep", 450),),
        (("Heideveld", 12.0, 60.0),),
    ),
    DemoFarm("Akkerbouw Exloo", "Exloo", "Drenthe", 52.88, 6.86, BIO, 80),
    DemoFarm(
        "Vleesvee De Ruinen", "Ruinen", "Drenthe", 52.76, 6.36, GANG, 55, (("beef_cow", 120),)
    ),
    DemoFarm("Zorgboerderij Emmen", "Emmen", "Drenthe", 52.78, 6.90, BIO, 35, (("dairy_cow", 25),)),
    DemoFarm(
        "Melkveehouderij Sallandse Heuvelrug",
        "Raalte",
        "Overijssel",
        52.39,
        6.28,
        BIO,
        70,
        (("dairy_cow", 140), ("young_stock_over_1", 45)),
    ),
    DemoFarm(
        "Biologische Varkens Ommen",
        "Ommen",
        "Overijssel",
        52.52,
        6.42,
        BIO,
        25,
        (("breeding_sow", 180), ("fattening_pig", 900)),
    ),
    DemoFarm(
        "Gemengd Bedrijf Vechtdal",
        "Dalfsen",
        "Overijssel",
        52.51,
        6.26,
        BIO,
        65,
        (("dairy_cow", 45),),
    ),
    DemoFarm("Tuinderij Haaksbergen", "Haaksbergen", "Overijssel", 52.16, 6.74, BIO, 14),
    DemoFarm(
        "Melkveebedrijf Achterhoek",
        "Winterswijk",
        "Gelderland",
        51.97,
        6.72,
        BIO,
        58,
        (("dairy_cow", 95), ("young_stock_under_1", 30)),
    ),
    DemoFarm(
        "Pluimveebedrijf De Vallei",
        "Barneveld",
        "Gelderland",
        52.14,
        5.59,
        BIO,
        12,
        (("laying_hen", 24000),),
    ),
    DemoFarm(
        "Kalverhouderij Zelhem", "Zelhem", "Gelderland", 52.01, 6.35, OMS, 18, (("veal_calf", 400),)
    ),
    DemoFarm("Fruitteelt Betuwe", "Kesteren", "Gelderland", 51.93, 5.57, BIO, 28),
    DemoFarm("Maneges Lochem", "Lochem", "Gelderland", 52.16, 6.41, GANG, 15, (("horse", 60),)),
    DemoFarm("Akkerbouw Dronten", "Dronten", "Flevoland", 52.52, 5.72, BIO, 140),
    DemoFarm(
        "Biologisch Akkerbouwbedrijf Noordoostpolder",
        "Emmeloord",
        "Flevoland",
        52.71,
        5.75,
        BIO,
        110,
    ),
    DemoFarm("Groenteteelt Swifterbant", "Swifterbant", "Flevoland", 52.57, 5.64, OMS, 60),
    DemoFarm("Zeewolder Akkers", "Zeewolde", "Flevoland", 52.33, 5.54, BIO, 90),
    DemoFarm("Champignonkwekerij De Kempen", "Boxtel", "Noord-Brabant", 51.59, 5.33, BIO, 3),
    DemoFarm("Biovergister Peel", "Deurne", "Noord-Brabant", 51.46, 5.79, BIO, 4),
    DemoFarm(
        "Varkenshouderij Gemert",
        "Gemert",
        "Noord-Brabant",
        51.56,
        5.69,
        GANG,
        20,
        (("fattening_pig", 2200),),
    ),
    DemoFarm("Akkerbouw Oirschot", "Oirschot", "Noord-Brabant", 51.50, 5.31, BIO, 75),
    DemoFarm("Pluimvee Venray", "Venray", "Limburg", 51.53, 5.97, BIO, 10, (("broiler", 30000),)),
    DemoFarm("Kwekerij Horst aan de Maas", "Horst", "Limburg", 51.45, 6.05, BIO, 25),
    DemoFarm("Hoeve Gulpdal", "Gulpen", "Limburg", 50.81, 5.89, BIO, 45, (("dairy_cow", 40),)),
    DemoFarm("Akkerbouw Zuid-Beveland", "Kapelle", "Zeeland", 51.49, 3.96, BIO, 85),
    DemoFarm("Schouwse Akkers", "Zierikzee", "Zeeland", 51.65, 3.92, BIO, 100),
    DemoFarm("Compostering Zeeuws-Vlaanderen", "Oostburg", "Zeeland", 51.33, 3.49, GANG, 5),
    DemoFarm("Akkerbouw Wieringermeer", "Wieringerwerf", "Noord-Holland", 52.85, 5.03, BIO, 130),
    DemoFarm("Bollen en Groente Schagen", "Schagen", "Noord-Holland", 52.79, 4.80, OMS, 40),
    DemoFarm(
        "Melkvee Beemster",
        "Middenbeemster",
        "Noord-Holland",
        52.55,
        4.91,
        BIO,
        55,
        (("dairy_cow", 90),),
    ),
    DemoFarm(
        "Kaasboerderij Bodegraven",
        "Bodegraven",
        "Zuid-Holland",
        52.08,
        4.75,
        BIO,
        50,
        (("dairy_cow", 80), ("young_stock_over_1", 20)),
    ),
    DemoFarm("Akkerbouw Goeree", "Middelharnis", "Zuid-Holland", 51.76, 4.17, BIO, 70),
    DemoFarm("Vergisting Lopik", "Lopik", "Utrecht", 51.97, 4.95, GANG, 6),
    DemoFarm(
        "Gemengd Bedrijf Woudenberg",
        "Woudenberg",
        "Utrecht",
        52.08,
        5.42,
        BIO,
        45,
        (("dairy_cow", 30), ("laying_hen", 3000)),
    ),
)

ORG_DIRECT = {"direct_from_organic_farm": True}
LOTS: tuple[DemoLot, ...] = (
    DemoLot("Melkveebedrijf De Terp", "cattle_slurry", 900, (4.3, 1.6, 6.1)),
    DemoLot("Melkveebedrijf De Terp", "cattle_solid", 150),
    DemoLot("Zuivelboerderij Dokkumer Ee", "cattle_slurry", 650, (4.1, 1.5, 5.8)),
    DemoLot("Geitenhouderij It Fryske Gea", "goat_manure", 300, (8.9, 5.1, 11.2)),
    DemoLot("Schapenhouderij Drentsche Aa", "sheep_manure", 180),
    DemoLot("Vleesvee De Ruinen", "cattle_solid", 400, (6.8, 3.9, 9.5), {"husbandry_ok": True}),
    DemoLot("Melkveehouderij Sallandse Heuvelrug", "cattle_slurry", 1200, (4.5, 1.7, 6.0)),
    DemoLot("Biologische Varkens Ommen", "pig_slurry", 800, (6.1, 3.4, 4.9)),
    DemoLot("Biologische Varkens Ommen", "pig_solid", 200, (8.2, 7.9, 7.1)),
    DemoLot("Gemengd Bedrijf Vechtdal", "cattle_solid", 120),
    DemoLot("Melkveebedrijf Achterhoek", "cattle_slurry", 700),
    DemoLot("Pluimveebedrijf De Vallei", "poultry_manure", 260, (25.0, 19.5, 17.0)),
    DemoLot(
        "Pluimveebedrijf De Vallei", "poultry_pellets", 90, (38.0, 30.0, 28.0), ORG_DIRECT, 200
    ),
    DemoLot("Kalverhouderij Zelhem", "veal_calf_manure", 350, (3.2, 1.9, 3.9)),
    DemoLot("Maneges Lochem", "horse_manure", 220, (4.9, 3.1, 7.6), {"husbandry_ok": True}),
    DemoLot("Champignonkwekerij De Kempen", "champost", 500, (7.6, 4.5, 9.9), ORG_DIRECT),
    DemoLot(
        "Biovergister Peel",
        "digestate",
        1500,
        (5.4, 2.3, 4.8),
        {
            "manure_share": 0.6,
            "manure_organic": True,
            "coproducts_annex_ii": True,
            "coproducts_organic_share": 0.5,
        },
    ),
    DemoLot("Varkenshouderij Gemert", "pig_slurry", 2000, (6.9, 3.6, 5.2)),
    DemoLot("Pluimvee Venray", "poultry_manure", 300, (30.1, 21.0, 20.4)),
    DemoLot("Hoeve Gulpdal", "cattle_slurry", 280, (4.0, 1.5, 5.6)),
    DemoLot("Compostering Zeeuws-Vlaanderen", "green_compost", 1100, (5.6, 2.8, 5.5)),
    DemoLot("Melkvee Beemster", "cattle_slurry", 500, (4.2, 1.5, 5.9), {}, 80),
    DemoLot("Kaasboerderij Bodegraven", "cattle_slurry", 600, (4.4, 1.6, 6.2)),
    DemoLot(
        "Vergisting Lopik",
        "digestate",
        2500,
        (4.8, 2.0, 4.9),
        {"manure_share": 0.5, "manure_organic": False, "coproducts_annex_ii": True},
    ),
    DemoLot("Gemengd Bedrijf Woudenberg", "poultry_manure", 60, (24.0, 18.0, 16.5)),
    DemoLot("Akkerbouw Exloo", "plant_product", 40, (35.0, 8.0, 12.0)),
)

# One lot goes through a Skal-approved mestintermediair (R11).
INTERMEDIATED = ("Melkveehouderij Sallandse Heuvelrug", "Mestintermediair Salland B.V.")

REQUESTS: tuple[DemoRequest, ...] = (
    DemoRequest("Akkerbouw Hogeland", 9000, None, False, 120),
    DemoRequest("Kwekerij Loppersum", 2500, ("green_compost", "cattle_solid"), False, 60),
    DemoRequest("Akkerbouwbedrijf Ter Apel", 11000, None, True, 100),
    DemoRequest("Akkerbouw Exloo", 7000, None, False, 80),
    DemoRequest("Zorgboerderij Emmen", 1500, ("cattle_solid", "sheep_manure"), False, 40),
    DemoRequest("Gemengd Bedrijf Vechtdal", 2000, ("green_compost", "champost"), False, 70),
    DemoRequest("Tuinderij Haaksbergen", 1800, None, False, 50),
    DemoRequest("Fruitteelt Betuwe", 2200, ("champost", "green_compost", "digestate")),
    DemoRequest("Akkerbouw Dronten", 14000, None, True, 150),
    DemoRequest("Biologisch Akkerbouwbedrijf Noordoostpolder", 10000, None, False, 120),
    DemoRequest("Groenteteelt Swifterbant", 6000, None, False, 90),
    DemoRequest("Zeewolder Akkers", 8500, None, True),
    DemoRequest("Akkerbouw Oirschot", 6500, None, False, 60),
    DemoRequest("Kwekerij Horst aan de Maas", 3000, ("digestate", "poultry_pellets")),
    DemoRequest("Akkerbouw Zuid-Beveland", 9000, None, True, 150),
    DemoRequest("Schouwse Akkers", 10500, None, False, 150),
    DemoRequest("Akkerbouw Wieringermeer", 12000, None, False, 120),
    DemoRequest("Bollen en Groente Schagen", 4000, ("cattle_slurry", "green_compost")),
    DemoRequest("Akkerbouw Goeree", 7500, None, True, 120),
    DemoRequest("Gemengd Bedrijf Woudenberg", 1200, ("green_compost",), False, 50),
)

# E-mail, role, password, farm (None for the coordinator). Demo only: printed on purpose.
ACCOUNTS: tuple[tuple[str, str, str, str | None], ...] = (
    ("veehouder@demo.mestmatch.nl", "livestock_farmer", "veehouder-demo", "Melkveebedrijf De Terp"),
    ("akkerbouwer@demo.mestmatch.nl", "arable_farmer", "akkerbouwer-demo", "Akkerbouw Dronten"),
    ("coordinator@demo.mestmatch.nl", "coordinator", "coordinator-demo", None),
)
