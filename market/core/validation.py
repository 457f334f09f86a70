"""Field checks shared by the services, collecting every problem before refusing.

A form sends many fields; the farmer should see all that is wrong at once, so `Checker`
gathers `{field: message}` and `Checker.done()` raises one `ValidationError` with all of
them. Messages are plain English sentences; the web layer translates them.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from datetime import date
from typing import Any


class ValidationError(ValueError):
    """Input refused; `errors` maps each offending field to an English message."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{field}: {message}" for field, message in self.errors.items()))


class Checker:
    """Reads fields from `data`, remembers what is wrong, and returns clean values."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self.errors: dict[str, str] = {}

    def fail(self, field: str, message: str) -> None:
        self.errors.setdefault(field, message)

    def done(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)

    def number(
        self,
        field: str,
        *,
        low: float | None = None,
        high: float | None = None,
        required: bool = True,
        positive: bool = False,
    ) -> float | None:
        """A finite number within [low, high] (and > 0 when `positive`), or None if optional."""
        raw = self.data.get(field)
        if raw is None or raw == "":
            self._missing(field, required, "Enter a number.")
            return None
        value = _as_number(raw)
        if value is None:
            self.fail(field, "Enter a number.")
            return None
        problem = _range_problem(value, low, high, positive)
        if problem is not None:
            self.fail(field, problem)
        return value

    def choice(self, field: str, allowed: Collection[str], *, required: bool = True) -> str | None:
        value = self.data.get(field)
        if value is None or value == "":
            self._missing(field, required, "Choose a value.")
            return None
        text = str(getattr(value, "value", value))
        if text not in allowed:
            self.fail(field, f"Unknown value {text!r}.")
            return None
        return text

    def day(self, field: str, *, required: bool = True) -> date | None:
        """A calendar date, given as a `date` or an ISO string (YYYY-MM-DD)."""
        value = self.data.get(field)
        if value is None or value == "":
            self._missing(field, required, "Enter a date.")
            return None
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.fail(field, "Enter a date as YYYY-MM-DD.")
            return None

    def flag(self, field: str) -> bool | None:
        value = self.data.get(field)
        if value is None or isinstance(value, bool):
            return value
        self.fail(field, "Must be yes or no.")
        return None

    def text(self, field: str, *, max_length: int, required: bool = False) -> str | None:
        value = self.data.get(field)
        cleaned = str(value).strip() if value is not None else ""
        if not cleaned:
            self._missing(field, required, "This field is required.")
            return None
        if len(cleaned) > max_length:
            self.fail(field, f"At most {max_length} characters.")
        return cleaned

    def _missing(self, field: str, required: bool, message: str) -> None:
        if required:
            self.fail(field, message)


def _as_number(value: Any) -> float | None:
    """The value as a finite float, or None when it is not a number (booleans are not)."""
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _range_problem(
    value: float, low: float | None, high: float | None, positive: bool
) -> str | None:
    if positive and value <= 0:
        return "Must be more than 0."
    if low is not None and high is not None and not low <= value <= high:
        return f"Must be between {low:g} and {high:g}."
    if low is not None and value < low:
        return f"Must be at least {low:g}."
    return None
