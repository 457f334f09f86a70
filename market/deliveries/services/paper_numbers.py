"""Gap-free numbers for the market's papers, counted per series and calendar year.

An inspector reads the register of statements of non-availability, or of declarations of
origin, and asks about every number that is missing, so the numbers may have no gaps. An id
sequence cannot promise that: on PostgreSQL a rolled-back insert has still used its id. Each
series' last serial of a year is a row of `paper_counters` instead, incremented in the
transaction that inserts the paper:
- the row is made when missing (`INSERT … ON CONFLICT DO NOTHING`: two first papers of a
  year at once make it once; the second waits for the first and then finds it);
- `UPDATE … RETURNING` adds one and reads it; the row stays locked until the transaction
  ends, so a second issuer waits and reads the committed serial, or the same one again when
  the first rolled back (SQLite: the write takes the database's one write lock).
Both papers and both databases share this one counter; the series keep apart the registers.
The number printed on a paper is "<series>-<year>-<serial, six digits>".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from market.models import PaperCounter, PaperSeries

#: The `INSERT` with `ON CONFLICT` of each database the market runs on (embedded, production).
UPSERTS: dict[str, Callable[[Any], Any]] = {
    "sqlite": sqlite.insert,
    "postgresql": postgresql.insert,
}


def next_serial(session: Session, series: PaperSeries, year: int) -> int:
    """The next serial of `series` in `year`, counted in the session's transaction (flushed,
    not committed): it is kept when the transaction commits and given back when it rolls
    back. Call it after every check that can refuse the paper, as late as the transaction
    allows: the counter stays locked until the transaction ends, and every other issuer of
    the series waits that long."""
    upsert = UPSERTS[session.get_bind().dialect.name](PaperCounter)
    made = upsert.values(series=series, year=year, last_serial=0)
    session.execute(made.on_conflict_do_nothing(index_elements=["series", "year"]))
    counted = (
        update(PaperCounter)
        .where(PaperCounter.series == series, PaperCounter.year == year)
        .values(last_serial=PaperCounter.last_serial + 1)
        .returning(PaperCounter.last_serial)
    )
    return session.execute(counted, execution_options={"synchronize_session": False}).scalar_one()


def paper_number(series: PaperSeries, year: int, serial: int) -> str:
    """The printed number, "VNB-2026-000001": unique with the series' serial of the year."""
    return f"{series}-{year}-{serial:06d}"
