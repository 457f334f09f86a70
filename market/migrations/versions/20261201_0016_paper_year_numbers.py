"""Statements of non-availability and declarations of origin numbered per calendar year
without gaps, by one counter for both papers.

Their numbers came from the id sequence ("VNB-<year>-<id>", "VVH-<year>-<id>"), and on
PostgreSQL a rolled-back insert skips an id, so the registers showed gaps.
`paper_counters` (one row per series and year: `series` "VNB" or "VVH", `year`,
`last_serial`) now counts them. `statements` gets `year` and `serial`, unique together,
and `number` is always set ("VNB-<year>-<serial, six digits>"); `deliveries` gets
`declaration_year` and `declaration_serial`, unique together, set where the market numbered
the declaration ("VVH-<year>-<serial, six digits>") and NULL where it numbered none (no
animal manure: the number, if any, is what the weighing gave).

Upgrading keeps every number already issued: a paper is quoted by its number, so none may
change. A statement gets the year of `issued_on` and, as serial, the id its number was made
of ("VNB-2026-000123" → 2026, 123); a delivery of animal manure whose declaration carries
the number the market made of it ("VVH-<year of delivered_on>-<id>") gets that year and its
id. Each series' counter of a year starts at its highest serial, so the numbers issued from now on
follow the old ones without a gap (the gaps before stay: closing them would renumber papers
farms hold). Downgrading drops the counters and the new columns and keeps every number as
it is: the id-based numbers the old code gives next are above them (an id is above every
serial counted since: each paper takes one id and at most one serial).

Frozen like 0001: plain values, no imports from the app.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COUNTERS = "paper_counters"
STATEMENTS = sa.table(
    "statements",
    sa.column("id", sa.Integer()),
    sa.column("number", sa.String(32)),
    sa.column("issued_on", sa.Date()),
    sa.column("year", sa.Integer()),
    sa.column("serial", sa.Integer()),
)
DELIVERIES = sa.table(
    "deliveries",
    sa.column("id", sa.Integer()),
    sa.column("delivered_on", sa.Date()),
    sa.column("animal_fraction", sa.Float()),
    sa.column("declaration_of_origin_no", sa.String(100)),
    sa.column("declaration_year", sa.Integer()),
    sa.column("declaration_serial", sa.Integer()),
)
DECLARATIONS_UNIQUE = "uq_deliveries_declaration_year_declaration_serial"
#: Year → highest serial issued in it, of one series.
Highest = dict[int, int]


def upgrade() -> None:
    counters = op.create_table(
        COUNTERS,
        sa.Column("series", sa.String(3), nullable=False),
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_serial", sa.Integer(), nullable=False),
        sa.CheckConstraint("series IN ('VNB', 'VVH')", name=op.f(f"ck_{COUNTERS}_paper_series")),
        sa.PrimaryKeyConstraint("series", "year", name=op.f(f"pk_{COUNTERS}")),
    )
    last = {"VNB": _number_statements(), "VVH": _number_declarations()}
    rows = [
        {"series": series, "year": year, "last_serial": serial}
        for series, highest in last.items()
        for year, serial in sorted(highest.items())
    ]
    op.bulk_insert(counters, rows)


def _number_statements() -> Highest:
    """Every statement its year (of `issued_on`) and serial (the id its number was made of,
    which is its id), its number set; the highest serial of each year."""
    with op.batch_alter_table("statements") as batch:
        batch.add_column(sa.Column("year", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("serial", sa.Integer(), nullable=True))
    connection = op.get_bind()
    found = connection.execute(sa.select(STATEMENTS.c.id, STATEMENTS.c.issued_on))
    issued = [(on.year, row_id) for row_id, on in found]
    rows = [
        # As issued: `number` was nullable, set in the transaction that inserted the row.
        {"row_id": serial, "y": year, "s": serial, "n": f"VNB-{year}-{serial:06d}"}
        for year, serial in issued
    ]
    if rows:
        numbered = (
            STATEMENTS.update()
            .where(STATEMENTS.c.id == sa.bindparam("row_id"))
            .values(year=sa.bindparam("y"), serial=sa.bindparam("s"), number=sa.bindparam("n"))
        )
        connection.execute(numbered, rows)
    with op.batch_alter_table("statements") as batch:
        batch.alter_column("number", existing_type=sa.String(32), nullable=False)
        batch.alter_column("year", existing_type=sa.Integer(), nullable=False)
        batch.alter_column("serial", existing_type=sa.Integer(), nullable=False)
        batch.create_unique_constraint(op.f("uq_statements_year_serial"), ["year", "serial"])
    return _highest(issued)


def _number_declarations() -> Highest:
    """Every delivery of animal manure whose declaration carries the number the market made
    of it ("VVH-<year of delivered_on>-<id, six digits>") that year and its id as serial;
    the highest serial of each year. A number the weighing gave (no animal manure, which
    the market numbered not) is in no register and gets neither."""
    with op.batch_alter_table("deliveries") as batch:
        batch.add_column(sa.Column("declaration_year", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("declaration_serial", sa.Integer(), nullable=True))
        batch.create_unique_constraint(
            op.f(DECLARATIONS_UNIQUE),
            ["declaration_year", "declaration_serial"],
        )
    connection = op.get_bind()
    papers = DELIVERIES.c.declaration_of_origin_no
    found = sa.select(DELIVERIES.c.id, DELIVERIES.c.delivered_on, papers).where(
        DELIVERIES.c.animal_fraction > 0, papers.like("VVH-%")
    )
    issued = [
        (on.year, row_id)
        for row_id, on, number in connection.execute(found)
        if number == f"VVH-{on.year}-{row_id:06d}"
    ]
    rows = [{"row_id": serial, "y": year, "s": serial} for year, serial in issued]
    if rows:
        numbered = (
            DELIVERIES.update()
            .where(DELIVERIES.c.id == sa.bindparam("row_id"))
            .values(declaration_year=sa.bindparam("y"), declaration_serial=sa.bindparam("s"))
        )
        connection.execute(numbered, rows)
    return _highest(issued)


def _highest(issued: list[tuple[int, int]]) -> Highest:
    """The highest serial of each year among the (year, serial) of the papers issued."""
    last: Highest = {}
    for year, serial in issued:
        last[year] = max(last.get(year, 0), serial)
    return last


def downgrade() -> None:
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_constraint(op.f(DECLARATIONS_UNIQUE), type_="unique")
        batch.drop_column("declaration_serial")
        batch.drop_column("declaration_year")
    with op.batch_alter_table("statements") as batch:
        batch.drop_constraint(op.f("uq_statements_year_serial"), type_="unique")
        batch.drop_column("serial")
        batch.drop_column("year")
        batch.alter_column("number", existing_type=sa.String(32), nullable=True)
    op.drop_table(COUNTERS)
