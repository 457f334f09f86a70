"""The states and codes the tables store, as the lowercase strings that go into the columns.

`LOT_KINDS` is the rulebook's `matching.rules.KINDS`. A migration must not change when code
changes, so the migration that creates the CHECK constraint keeps its own frozen copy, and a
test writes every kind of the rulebook through the migrated database.
"""

from __future__ import annotations

from enum import StrEnum

from matching.rules import KINDS

#: The rulebook's lot kinds; the CHECK constraints on `lots.kind` and `deliveries.kind` use them.
LOT_KINDS: tuple[str, ...] = KINDS
CATEGORIES: tuple[str, ...] = ("A", "A/B", "B", "C")
BOKASHI_GRADES: tuple[str, ...] = ("A", "B", "C")
#: The twelve provinces of the Netherlands: a farm's region and a run's scope.
PROVINCES: tuple[str, ...] = (
    "Drenthe",
    "Flevoland",
    "Friesland",
    "Gelderland",
    "Groningen",
    "Limburg",
    "Noord-Brabant",
    "Noord-Holland",
    "Overijssel",
    "Utrecht",
    "Zeeland",
    "Zuid-Holland",
)


class Role(StrEnum):
    """Who an account belongs to: a veehouder, an akkerbouwer or a coordinator."""

    LIVESTOCK_FARMER = "livestock_farmer"
    ARABLE_FARMER = "arable_farmer"
    COORDINATOR = "coordinator"


class FarmStatus(StrEnum):
    """Skal certification of a farm, of its animals' manure, or of a lot's origin."""

    ORGANIC = "organic"
    CONVERSION = "conversion"
    CONVENTIONAL = "conventional"


class AnalysisSource(StrEnum):
    """Whether a lot's contents come from a lab analysis or the RVO standard table."""

    MEASURED = "measured"
    STANDARD = "standard"


class ListingStatus(StrEnum):
    """A lot (aanbod) or request (vraag) is open until withdrawn. `closed` is allowed by the
    schema (migration 0001) but the market sets it nowhere: a fully delivered listing stays
    open and its balance (`BalanceStatus`) says it is delivered."""

    OPEN = "open"
    WITHDRAWN = "withdrawn"
    CLOSED = "closed"


class BalanceStatus(StrEnum):
    """Where a listing stands in the season (`market.proposals.services.balance`, derived,
    never stored): nothing committed, part, all, all delivered, or withdrawn."""

    OPEN = "open"
    PARTLY_COMMITTED = "partly_committed"
    COMMITTED = "committed"
    DELIVERED = "delivered"
    WITHDRAWN = "withdrawn"


class RunStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SOLVED = "solved"
    INFEASIBLE = "infeasible"
    FAILED = "failed"
    #: The solver stopped (its time limit) without any feasible solution: nothing to propose.
    NO_SOLUTION = "no_solution"


class RunPhase(StrEnum):
    QUEUED = "queued"
    SNAPSHOT = "snapshot"
    SOLVING = "solving"
    WRITING = "writing"
    DONE = "done"


class ComponentStatus(StrEnum):
    PENDING = "pending"
    SOLVED = "solved"
    FAILED = "failed"


class ReviewStatus(StrEnum):
    """A coordinator's verdict on a proposal; `stale` when a listing changed since the run,
    `superseded` when a later run covering its lot or request replaced it before anyone
    reviewed it, `cancelled` when its lot or request was withdrawn before any delivery on it.
    Only `approved` proposals (no farm declined) hold quantities (`proposals.services.balance`).
    """

    PROPOSED = "proposed"
    APPROVED = "approved"
    REJECTED = "rejected"
    STALE = "stale"
    SUPERSEDED = "superseded"
    CANCELLED = "cancelled"


class FarmerResponse(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class OfferStatus(StrEnum):
    """A deal offered in an interest thread: `open` until the other farm agrees (a proposal
    is made) or declines, or the same thread's next offer supersedes it."""

    OPEN = "open"
    AGREED = "agreed"
    DECLINED = "declined"
    SUPERSEDED = "superseded"
