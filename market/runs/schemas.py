"""The runs' schemas: what starting a run takes (its scope) and what the API answers about a
run. One schema per operation, read by the service, the page, the API and the OpenAPI
document alike.

A scope goes into the run row as the worker's mapping reads it (`region`, `from`, `until`,
dates as ISO text); the engine itself sees only the listings the scope selects, so the
scope's limits are the market's: a known province, real dates, a period that does not end
before it starts.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import ConfigDict, Field

from market.core.schemas import (
    Day,
    Output,
    Page,
    PageQuery,
    Province,
    Schema,
    Text,
    choice,
    parse,
    period,
)
from market.core.validation import FieldError, ValidationError
from market.models import CATEGORIES, LOT_KINDS, ReviewStatus, RunPhase, RunStatus

Status = Annotated[str, choice(RunStatus)]
Phase = Annotated[str, choice(RunPhase)]


class RunScope(Schema):
    """Which open listings a run matches: everything (nothing given), one province, and/or a
    period. A day left out leaves that end open (no `start`: from the run's day)."""

    region: Province | None = None
    start: Day | None = None
    until: Day | None = None

    _period = period("start", "until")

    def stored(self) -> dict[str, str | None]:
        """The scope as the run row keeps it and `worker.mapping` reads it (ISO dates)."""
        return {
            "region": self.region,
            "from": self.start.isoformat() if self.start else None,
            "until": self.until.isoformat() if self.until else None,
        }


#: How the run page sorts its proposals: by a figure (largest first) or by farm name (A-Z).
PROPOSAL_SORTS = ("n_kg", "tonnes", "distance", "cost", "farm")
FARM_NAME_MAX = 200  # `farms.name`'s length


class ProposalQuery(PageQuery):
    """The run page's proposals: which ones (each filter optional, all of them together), in
    which order, which page. A filtered view is a link, so a coordinator can send it on; the
    same model reads the "approve the filtered set" form, so the set approved is the set shown.
    """

    status: Annotated[str, choice(ReviewStatus)] | None = Field(
        default=None, description="Only proposals in this review state."
    )
    kind: Annotated[str, choice(LOT_KINDS)] | None = Field(
        default=None, description="Only lots of this kind."
    )
    category: Annotated[str, choice(CATEGORIES)] | None = Field(
        default=None, description="Only lots of this category (A, A/B, B, C; RULES R7-R10)."
    )
    province: Province | None = Field(
        default=None, description="Only proposals whose supplier or receiver lies here."
    )
    farm: Annotated[str, Text(FARM_NAME_MAX)] | None = Field(
        default=None, description="Only proposals whose supplier or receiver name holds this."
    )
    sort: Annotated[str, choice(PROPOSAL_SORTS)] = Field(
        default="n_kg", description="Order: a figure largest first, or farm names A-Z."
    )

    def filtering(self) -> dict[str, str]:
        """The filters given (no page, no order), as the query string carries them."""
        names = ("status", "kind", "category", "province", "farm")
        return {name: value for name in names if (value := getattr(self, name)) is not None}


def proposal_query(args: Mapping[str, str]) -> tuple[ProposalQuery, dict[str, FieldError]]:
    """A query string (`request.args`) read by `ProposalQuery`; a field left empty (a GET
    form's "any") is not given. Refused: no filter at all and the refusals, by field."""
    given = {name: text for name in ProposalQuery.model_fields if (text := _given(args, name))}
    try:
        return parse(ProposalQuery, given), {}
    except ValidationError as error:
        return ProposalQuery(), dict(error.errors)


def _given(args: Mapping[str, str], name: str) -> str:
    return (args.get(name) or "").strip()


class Progress(Output):
    """What the progress bar shows; `percent` counts the phase and the solved components."""

    status: Status
    phase: Phase
    percent: Annotated[int, Field(ge=0, le=100)]
    elapsed_s: Annotated[int, Field(ge=0)]
    finished: bool


class StoredScope(Output):
    """A run's scope as stored: `from` and `until` are ISO dates, None an open end."""

    model_config = ConfigDict(serialize_by_alias=True)

    region: str | None
    from_: date | None = Field(alias="from")
    until: date | None


class Run(Output):
    """A run as the API shows it: scope, solver settings, outcome and progress."""

    id: int
    created_by_id: int | None
    status: Status
    phase: Phase
    scope: StoredScope
    solver: str
    gap: float
    time_limit_s: float | None
    objective_eur: float | None
    bound_eur: float | None
    error_text: str | None
    components_total: int
    components_done: int
    stats: dict[str, Any] | None
    progress: Progress
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


class RunPage(Page):
    items: list[Run]


class Document(Output):
    """A document in the formats of INSTANCE.md (`mestmatch/…@1`), passed on as it is."""

    model_config = ConfigDict(extra="allow")

    format: str
