"""The registers of the numbered papers: each series counts per calendar year without gaps.

An inspector reads a register (the statements of non-availability, the declarations of
origin) and asks about every number that is missing. An id sequence skips one for every
rolled-back insert on PostgreSQL, so each series' last serial of a year is a row here,
counted in the transaction that inserts the paper (`market.deliveries.services.paper_numbers`).
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from market.models.base import Base, one_of


class PaperSeries(StrEnum):
    """A register of numbered papers, by the prefix its numbers are printed with."""

    #: Verklaring niet-beschikbaarheid: no organic manure within a receiver's reach.
    STATEMENT = "VNB"
    #: Verklaring van herkomst: where a batch of animal manure came from (R11).
    DECLARATION = "VVH"


class PaperCounter(Base):
    """The last serial given in `series` in `year` (one row per series and calendar year).

    Numbering increments it with an `UPDATE … RETURNING` in the transaction that inserts the
    paper: the row stays locked until that transaction ends, so two issuers take turns, and a
    rollback undoes the increment with the insert (an id sequence would skip one).
    """

    __tablename__ = "paper_counters"
    __table_args__ = (one_of("series", tuple(PaperSeries), "paper_series"),)

    series: Mapped[str] = mapped_column(String(3), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_serial: Mapped[int]
