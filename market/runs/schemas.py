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

from pydantic import ConfigDict, Field, ValidationInfo, field_validator

from market.core.schemas import (
    AtLeastZero,
    Day,
    Output,
    Page,
    PageQuery,
    Province,
    Range,
    Schema,
    Text,
    choice,
    parse,
    period,
    refuse,
)
from market.core.schemas.units import EurOut
from market.core.validation import FieldError, ValidationError
from market.listings.schemas import Outlet
from market.models import CATEGORIES, LOT_KINDS, ReviewStatus, RunPhase, RunStatus
from matching.rules.outlets import default_load_prices

Status = Annotated[str, choice(RunStatus)]
Phase = Annotated[str, choice(RunPhase)]


#: € per load and € per load-km: ceilings far above any real trip (a load costs some €75 and
#: €4.5 per km, `matching/data/truck_loads.json`), so a slip of the finger is refused.
MAX_EUR_PER_LOAD = 10_000
MAX_EUR_PER_LOAD_KM = 100
EurPerLoad = Annotated[AtLeastZero, Range(high=MAX_EUR_PER_LOAD)]
EurPerLoadKm = Annotated[AtLeastZero, Range(high=MAX_EUR_PER_LOAD_KM)]

#: A load price given without whole loads would be silently ignored, so it is refused.
PRICES_WITHOUT_LOADS = "prices_without_loads"


class RunScope(Schema):
    """Which open listings a run matches: everything (nothing given), one province, and/or a
    period. A day left out leaves that end open (no `start`: from the run's day).

    And how the run values them (issue 11): `outlet_eur_per_t` replaces the default outlet
    cost of every kind for the lots whose farmer stated none (`matching.rules.outlets`; a
    farmer's own figure stays); `loads` has transport paid per whole truck load, at
    `eur_per_load` and `eur_per_load_km` (left out: `matching/data/truck_loads.json`); a
    price given while `loads` is false is refused on its field (`prices_without_loads`).
    """

    region: Province | None = None
    start: Day | None = None
    until: Day | None = None
    outlet_eur_per_t: Outlet | None = Field(
        default=None,
        description="€ per tonne: every lot's outlet cost where its farmer stated none; left"
        " out: the default of the lot's kind.",
    )
    loads: bool = Field(default=False, description="true: transport is paid per whole load.")
    eur_per_load: EurPerLoad | None = Field(
        default=None, description="€ per load (whole loads only); left out: the data's default."
    )
    eur_per_load_km: EurPerLoadKm | None = Field(
        default=None,
        description="€ per load and km (whole loads only); left out: the data's default.",
    )

    _period = period("start", "until")

    @field_validator("eur_per_load", "eur_per_load_km")
    @classmethod
    def _only_with_loads(cls, price: float | None, info: ValidationInfo) -> float | None:
        """A load price is refused (`prices_without_loads`) unless `loads` is true."""
        if price is not None and info.data.get("loads") is False:
            raise refuse(PRICES_WITHOUT_LOADS)
        return price

    def stored(self) -> dict[str, Any]:
        """The scope as the run row keeps it and `worker.mapping` reads it (ISO dates); the
        valuation keys only when set, so a plain scope stays as it always was."""
        scope: dict[str, Any] = {
            "region": self.region,
            "from": self.start.isoformat() if self.start else None,
            "until": self.until.isoformat() if self.until else None,
        }
        if self.outlet_eur_per_t is not None:
            scope["outlet_eur_per_t"] = self.outlet_eur_per_t
        if self.loads:
            scope["loads"] = self.load_prices()
        return scope

    def load_prices(self) -> dict[str, float]:
        """`{"eur_per_load", "eur_per_load_km"}`: the given prices, else the data's."""
        per_load, per_load_km = default_load_prices()
        return {
            "eur_per_load": per_load if self.eur_per_load is None else self.eur_per_load,
            "eur_per_load_km": per_load_km
            if self.eur_per_load_km is None
            else self.eur_per_load_km,
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


def _unset(value: object) -> bool:
    """A run's valuation left out of its scope is left out of the answer too."""
    return value is None


class LoadPrices(Output):
    """A run's prices of a whole truck load."""

    eur_per_load: float
    eur_per_load_km: float


class StoredScope(Output):
    """A run's scope as stored: `from` and `until` are ISO dates, None an open end; the
    run's outlet and load prices only when it set them."""

    model_config = ConfigDict(serialize_by_alias=True)

    region: str | None
    from_: date | None = Field(alias="from")
    until: date | None
    outlet_eur_per_t: float | None = Field(default=None, exclude_if=_unset)
    loads: LoadPrices | None = Field(default=None, exclude_if=_unset)


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
    objective_eur: EurOut | None
    bound_eur: EurOut | None
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
