"""Field types every schema builds on: numbers in the user's locale, ranges, dates, choices.

Each type validates *and* describes itself in JSON Schema, so a limit written here is the
limit the API document shows. Refusals are `PydanticCustomError`s whose type is one of the
codes of `market.core.validation.MESSAGES`, with the numbers as parameters.

Numbers in the user's locale: `market.core.schemas.numbers`.
"""

from __future__ import annotations

import math
import re
from abc import ABC, abstractmethod
from calendar import monthrange
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from pydantic import (
    AfterValidator,
    BeforeValidator,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    ValidationInfo,
    field_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from config.settings import (
    FARM_TIMEZONE,
    LISTING_YEARS_AHEAD,
    LISTING_YEARS_BACK,
    SERVICE_AREA,
)
from market.core.schemas.numbers import number_text, refuse, whole_text
from market.models.enums import PROVINCES
from matching.rules.plausibility import Usual

MAX_ID = 2_147_483_647  # a database integer: no id can overflow a query
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _day(value: Any) -> Any:
    """An ISO date text (YYYY-MM-DD, what a date input sends) → date; dates pass."""
    if value is None:
        raise refuse("date_missing")
    if isinstance(value, str):
        if not ISO_DAY.fullmatch(value):
            raise refuse("date")
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise refuse("date") from None
    return value


class Checked(ABC):
    """An annotation whose `check` runs on the value once its type has read it: pydantic's
    hook, written once for the field types below."""

    @abstractmethod
    def check(self, value: Any) -> Any:
        """`value` as it goes on, or a refusal (`refuse`)."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(self.check, handler(source))


@dataclass(frozen=True)
class Range(Checked):
    """Bounds of a number: `low <= x <= high`, and `x > above` for quantities that must exist.

    `cents`: an amount of euros in whole cents ("4,55", not "4,555"), kept rounded to the
    cent (a price of -0.001 € would read "the supplier pays € 0,00"); more decimals are
    refused with `cents`, and the API document says `multipleOf` 0.01 (a binary fraction
    such as 0.5700000000000001, 57 × 0.01, counts as whole cents).
    """

    low: float | None = None
    high: float | None = None
    above: float | None = None
    whole: bool = False
    cents: bool = False
    #: The refusal's code when not the generic one (`outside_service_area`), with low, high.
    code: str | None = None

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        bounds = {"minimum": self.low, "maximum": self.high, "exclusiveMinimum": self.above}
        bounds["multipleOf"] = 0.01 if self.cents else None
        return {**handler(schema), **{k: v for k, v in bounds.items() if v is not None}}

    def check(self, value: float) -> float:
        """`value` within the bounds; an int of any size is compared exactly (10**400 is too
        large for a float, so `math.isfinite` would overflow on it)."""
        if isinstance(value, float) and not math.isfinite(value):
            raise refuse("number")
        if self.above is not None and value <= self.above:
            raise refuse("number_above", low=self.above)
        too_low = self.low is not None and value < self.low
        if too_low or (self.high is not None and value > self.high):
            raise self._out_of_range()
        if self.cents:
            if abs(value * 100 - round(value * 100)) > 1e-6:
                raise refuse("cents")
            return round(value, 2)
        return value

    def _out_of_range(self) -> PydanticCustomError:
        if self.code:
            return refuse(self.code, low=self.low, high=self.high)
        if self.whole:
            return refuse("whole_number_range", low=self.low, high=self.high)
        if self.high is None:
            return refuse("number_min", low=self.low)
        if self.low is None:
            return refuse("number_max", high=self.high)
        return refuse("number_range", low=self.low, high=self.high)


@dataclass(frozen=True)
class Choice:
    """One of `values` (a code, not a label); a StrEnum member counts as its value."""

    values: tuple[str, ...]

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(self.check)

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"type": "string", "enum": list(self.values)}

    def check(self, value: Any) -> str:
        if value is None or value == "":
            raise refuse("choice")
        if not isinstance(value, str) or value not in self.values:
            raise refuse("choice_unknown", value=str(value)[:40])
        return str(value)


@dataclass(frozen=True)
class Filled(Checked):
    """Text that must be given: None (a blank form field, a JSON null) or blank is refused
    with `code` ("Enter your password." says more than "This field is required.").

    Put it after `Text` (`Annotated[str, Text(200), Filled()]`); it also works alone, for a
    password, which is taken as typed.
    """

    code: str = "required"

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        given = super().__get_pydantic_core_schema__(source, handler)
        return core_schema.no_info_before_validator_function(self.check, given)

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {**handler(schema), "minLength": 1}

    def check(self, value: Any) -> Any:
        if value is None or value == "":
            raise refuse(self.code)
        return value


def period(start: str, end: str) -> Any:
    """A schema's validator of the period `start`..`end` (two `Day` fields, `start` first):
    `end` is refused ("not_before_start") when it lies before `start`; either left out checks
    nothing. Use it in the class body: `_period = period("wanted_from", "wanted_until")`."""

    def check(cls: type, until: date | None, info: ValidationInfo) -> date | None:
        begin = info.data.get(start)
        if until is not None and isinstance(begin, date) and until < begin:
            raise refuse("not_before_start")
        return until

    return field_validator(end)(classmethod(check))


def _farm_today() -> date:
    """Today on the farms' calendar (`config.FARM_TIMEZONE`; a schema has no settings
    object, and the default zone is the farms' zone)."""
    return datetime.now(ZoneInfo(FARM_TIMEZONE)).date()


def _not_future(day: date) -> date:
    """A date that records the past (a lab analysis) is not after today."""
    if day > _farm_today():
        raise refuse("date_future")
    return day


@dataclass(frozen=True)
class Near(Checked):
    """A date at most `back` years before and `ahead` years after today (the farms' date),
    refused with `date_window` and the two bounds. JSON Schema knows no today, so the
    document says it in words (`description`), as it cannot say "not in the future"."""

    back: int
    ahead: int

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        said = f"At most {self.back} years before and {self.ahead} years after today."
        return {**handler(schema), "description": said}

    def check(self, day: date) -> date:
        today = _farm_today()
        low, high = _years_later(today, -self.back), _years_later(today, self.ahead)
        if not low <= day <= high:
            raise refuse("date_window", low=low, high=high)
        return day


def _years_later(day: date, years: int) -> date:
    """The same day `years` later (earlier when negative); 29 February becomes the 28th."""
    year = day.year + years
    return day.replace(year=year, day=min(day.day, monthrange(year, day.month)[1]))


def unless_confirmed(value: float | None, usual: Usual | None, info: ValidationInfo) -> Any:
    """`value` when it lies within `usual` (a sector range of `matching.rules.plausibility`),
    or when the input confirms unusual figures (`confirm_unusual`, validated before the
    figures: declare it first); otherwise refused with `unusual_figure` and the range, so
    the form answers with the warning and keeps the values."""
    if value is None or usual is None or usual.holds(value):
        return value
    if info.data.get("confirm_unusual"):
        return value
    raise refuse("unusual_figure", low=usual.low, high=usual.high)


def choice(values: Iterable[str]) -> Choice:
    """The allowed codes; an enum class gives its values."""
    return Choice(tuple(str(value) for value in values))


#: A number from a form (in the user's locale) or from JSON; add a `Range` for its limits.
Number = Annotated[float, BeforeValidator(number_text)]
Day = Annotated[date, BeforeValidator(_day)]
#: A whole number from a form (in the user's locale) or from JSON; add a `Range` for its limits.
Whole = Annotated[int, BeforeValidator(whole_text)]
Id = Annotated[Whole, Range(low=1, high=MAX_ID, whole=True)]
Positive = Annotated[Number, Range(above=0)]
AtLeastZero = Annotated[Number, Range(low=0)]
Share = Annotated[Number, Range(low=0, high=1)]
Latitude = Annotated[Number, Range(low=-90, high=90)]
Longitude = Annotated[Number, Range(low=-180, high=180)]
Province = Annotated[str, choice(PROVINCES)]
#: A date of the market's listings: within `config.LISTING_YEARS_BACK` and `_AHEAD` of today.
ListingDay = Annotated[Day, Near(LISTING_YEARS_BACK, LISTING_YEARS_AHEAD)]
#: A listing's date of something that happened: today at the latest.
PastDay = Annotated[ListingDay, AfterValidator(_not_future)]
#: A place in the market's service area (`config.SERVICE_AREA`: the Netherlands and a margin).
AreaLatitude = Annotated[
    Number, Range(low=SERVICE_AREA.south, high=SERVICE_AREA.north, code="outside_service_area")
]
AreaLongitude = Annotated[
    Number, Range(low=SERVICE_AREA.west, high=SERVICE_AREA.east, code="outside_service_area")
]
