"""Migration 0016 on a database that already holds papers numbered by their ids, with gaps:
statements of non-availability and declarations of origin. It keeps every number issued
(papers quote them), takes each one's id as its serial, leaves a number the weighing gave
(no animal manure) out of the register, starts each series' counter of a year at its
highest, refuses a serial twice in a year, and goes back down keeping the numbers (a
database brought to 0015, papers written as they were then, then 0016 alone; SQLite and
PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy.orm import Session

from market.core.db import alembic_config, engine_for_url
from market.deliveries.services.paper_numbers import next_serial
from market.models import PaperSeries
from tests.pg import throwaway_database

NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)
FARMS = sa.table(
    "farms",
    *(sa.column(name) for name in ("id", "name", "status", "province", "address")),
    *(sa.column(name) for name in ("own_manure_status", "lat", "lon", "area_ha")),
    *(sa.column(name) for name in ("other_n_kg", "other_a_n_kg", "created_at")),
    sa.column("approved", sa.Boolean()),
)
REQUESTS = sa.table(
    "requests",
    *(sa.column(name) for name in ("id", "farm_id", "n_kg", "status", "version", "land_use")),
    sa.column("accept_nonorganic", sa.Boolean()),
    sa.column("wanted_from", sa.Date()),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)
STATEMENTS = sa.table(
    "statements",
    *(sa.column(name) for name in ("id", "number", "farm_id", "request_id")),
    sa.column("issued_on", sa.Date()),
    sa.column("terms", sa.JSON()),
    sa.column("lots", sa.JSON()),
    sa.column("created_at", sa.DateTime(timezone=True)),
)
DELIVERIES = sa.table(
    "deliveries",
    *(sa.column(name) for name in ("id", "supplier_farm_id", "receiver_farm_id", "kind")),
    *(sa.column(name) for name in ("category", "a_fraction", "animal_fraction")),
    *(sa.column(name) for name in ("weighed_tonnes", "n_kg_per_t", "p2o5_kg_per_t")),
    *(sa.column(name) for name in ("k2o_kg_per_t", "declaration_of_origin_no")),
    sa.column("organic_manure", sa.Boolean()),
    sa.column("delivered_on", sa.Date()),
    sa.column("created_at", sa.DateTime(timezone=True)),
)
#: Issued by id, as the old code numbered them: ids 3 and 6 were rolled back (gaps).
ISSUED = {1: date(2026, 3, 2), 2: date(2026, 7, 1), 4: date(2027, 1, 4), 5: date(2026, 12, 31)}
ISSUED[7] = date(2027, 2, 1)
NUMBERED = [
    (1, 2026, 1, "VNB-2026-000001"),
    (2, 2026, 2, "VNB-2026-000002"),
    (4, 2027, 4, "VNB-2027-000004"),
    (5, 2026, 5, "VNB-2026-000005"),
    (7, 2027, 7, "VNB-2027-000007"),
]
#: Delivered by id: (day, animal manure, the declaration's number as the old code left it).
#: Id 3 was rolled back. Green compost (no animal manure) has the number its weighing gave,
#: if any, in no register, even one that reads like the market's (4). Id 8 was booked late
#: for March: the highest of 2026 is the highest id, not the latest day.
DELIVERED = {
    1: (date(2026, 3, 2), True, "VVH-2026-000001"),
    2: (date(2026, 12, 31), True, "VVH-2026-000002"),
    4: (date(2026, 12, 31), False, "VVH-2026-000004"),
    5: (date(2027, 1, 4), True, "VVH-2027-000005"),
    6: (date(2027, 1, 5), False, None),
    7: (date(2026, 11, 2), False, "Eigen verklaring 17"),
    8: (date(2026, 3, 9), True, "VVH-2026-000008"),
}
DECLARED = [
    (1, 2026, 1, "VVH-2026-000001"),
    (2, 2026, 2, "VVH-2026-000002"),
    (4, None, None, "VVH-2026-000004"),
    (5, 2027, 5, "VVH-2027-000005"),
    (6, None, None, None),
    (7, None, None, "Eigen verklaring 17"),
    (8, 2026, 8, "VVH-2026-000008"),
]
BACKENDS = ["sqlite", pytest.param("pg", marks=pytest.mark.integration)]


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database of this test on either backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'before.sqlite3'}"
        return
    with throwaway_database("paper_numbers_migration") as made:
        yield made


def issued_before(connection: sa.Connection) -> None:
    """Two farms, a request, the statements of `ISSUED` and the deliveries of `DELIVERED`
    numbered by their ids."""
    for farm_id, name in ((1, "De Es"), (2, "De Hoeve")):
        connection.execute(FARMS.insert().values(id=farm_id, name=name, **FARM))
    connection.execute(REQUESTS.insert().values(REQUEST))
    for row_id, on in ISSUED.items():
        issued = f"VNB-{on.year}-{row_id:06d}"
        connection.execute(
            STATEMENTS.insert().values(id=row_id, number=issued, issued_on=on, **STATEMENT)
        )
    for row_id, (on, animal, number) in DELIVERED.items():
        kind = ("green_compost", "cattle_slurry")[animal]
        connection.execute(
            DELIVERIES.insert().values(
                id=row_id,
                kind=kind,
                animal_fraction=float(animal),
                delivered_on=on,
                declaration_of_origin_no=number,
                **DELIVERY,
            )
        )


FARM = {
    "status": "organic",
    "province": "Overijssel",
    "address": "",
    "own_manure_status": "organic",
    "lat": 52.5,
    "lon": 6.1,
    "area_ha": 40,
    "other_n_kg": 0,
    "other_a_n_kg": 0,
    "created_at": NOW,
    "approved": True,
}
REQUEST = {
    "id": 1,
    "farm_id": 1,
    "n_kg": 3000,
    "status": "open",
    "version": 1,
    "land_use": "arable_sand_loess",
    "accept_nonorganic": False,
    "wanted_from": date(2026, 3, 1),
    "created_at": NOW,
    "updated_at": NOW,
}
STATEMENT = {"farm_id": 1, "request_id": 1, "terms": {}, "lots": [], "created_at": NOW}
DELIVERY = {
    "supplier_farm_id": 2,
    "receiver_farm_id": 1,
    "category": "A",
    "a_fraction": 1.0,
    "organic_manure": True,
    "weighed_tonnes": 30.0,
    "n_kg_per_t": 4.4,
    "p2o5_kg_per_t": 1.5,
    "k2o_kg_per_t": 5.9,
    "created_at": NOW,
}


def register(engine: sa.Engine, query: str) -> list[tuple[object, ...]]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(sa.text(f"{query} ORDER BY id"))]


STATEMENTS_NOW = "SELECT id, year, serial, number FROM statements"
DELIVERIES_NOW = (
    "SELECT id, declaration_year, declaration_serial, declaration_of_origin_no FROM deliveries"
)


def next_serials(engine: sa.Engine, series: PaperSeries) -> list[int]:
    """The next serial of 2026, 2027 and 2028 in `series` (rolled back: asking is free)."""
    with Session(engine) as session:
        return [next_serial(session, series, year) for year in (2026, 2027, 2028)]


def refused(engine: sa.Engine, update: str) -> None:
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as connection:
        connection.execute(sa.text(update))


def test_0016_keeps_issued_numbers_counts_on_from_them_and_goes_back_down(url: str) -> None:
    config = alembic_config(url)
    command.upgrade(config, "0015")
    engine = engine_for_url(url)
    try:
        with engine.begin() as connection:
            issued_before(connection)
        command.upgrade(config, "0016")
        assert register(engine, STATEMENTS_NOW) == NUMBERED
        assert register(engine, DELIVERIES_NOW) == DECLARED
        assert next_serials(engine, PaperSeries.STATEMENT) == [6, 8, 1]
        assert next_serials(engine, PaperSeries.DECLARATION) == [9, 6, 1]
        refused(engine, "UPDATE statements SET serial = 1 WHERE id = 2")
        refused(engine, "UPDATE deliveries SET declaration_serial = 1 WHERE id = 2")
        command.downgrade(config, "0015")
        assert register(engine, "SELECT id, number FROM statements") == [
            (i, number) for i, _, _, number in NUMBERED
        ]
        assert register(engine, "SELECT id, declaration_of_origin_no FROM deliveries") == [
            (i, number) for i, _, _, number in DECLARED
        ]
        assert "paper_counters" not in sa.inspect(engine).get_table_names()
        command.upgrade(config, "0016")
        assert register(engine, STATEMENTS_NOW) == NUMBERED
        assert register(engine, DELIVERIES_NOW) == DECLARED
    finally:
        engine.dispose()
