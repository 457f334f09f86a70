"""Refused input: one `FieldError` (a code and its parameters) per field, raised together.

A form sends many fields; the farmer should see all that is wrong at once, so a refusal is
one `ValidationError` mapping every offending field to a `FieldError`. The code says what is
wrong (`number_range`), the parameters say the numbers (`{"low": 0, "high": 100}`), and
`MESSAGES` holds the English sentence of every code. Pages and the API translate the code
where they show it (`market.core.schemas.translate`); the data layer stays free of Flask,
which is why the sentences here are only marked for extraction (`N_`), not translated.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any


def N_(message: str) -> str:
    """Mark `message` for the catalogs without translating it (Babel extracts `N_`)."""
    return message


#: code → English message with `%(param)s` placeholders; the translation table's keys.
MESSAGES: dict[str, str] = {
    "required": N_("This field is required."),
    "unknown_field": N_("Unknown field."),
    "invalid": N_("This value is not valid."),
    "number": N_("Enter a number."),
    "number_format": N_("Write the number as in %(example)s."),
    "number_above": N_("Must be more than %(low)s."),
    "number_min": N_("Must be at least %(low)s."),
    "number_range": N_("Must be between %(low)s and %(high)s."),
    "number_max": N_("Must be at most %(high)s."),
    "cents": N_("Give the amount in whole cents."),
    "prices_without_loads": N_("Tick 'whole truck loads' to use these prices."),
    "whole_number_range": N_("Must be a whole number from %(low)s to %(high)s."),
    "whole_number": N_("Enter a whole number."),
    "choice": N_("Choose a value."),
    "choice_unknown": N_("Unknown value %(value)s."),
    "date": N_("Enter a date as YYYY-MM-DD."),
    "date_missing": N_("Enter a date."),
    "flag": N_("Must be yes or no."),
    "text": N_("Must be text."),
    "text_length": N_("At most %(count)s characters."),
    "text_unstorable": N_("Contains characters that cannot be stored."),
    "text_control": N_(
        "Contains invisible control characters (such as a text direction mark): type the text"
        " again without them."
    ),
    "list": N_("Must be a list."),
    "parameter_repeated": N_("Give this parameter once."),
    "not_before_start": N_("Must not be before the start date."),
    "both_coordinates": N_("Give both latitude and longitude, or none."),
    "kinds_list": N_("Must be a list of kinds."),
    "kinds_unknown": N_("Unknown kinds: %(value)s."),
    "no_standard_contents": N_("No standard contents for this kind: enter the analysis."),
    "manure_code_kind": N_("Manure code %(value)s does not belong to this kind."),
    "manure_mix_digestate": N_("Only a digestate states a mix of manure codes."),
    "manure_mix_parts": N_("Give one to %(count)s manure codes."),
    "manure_mix_repeated": N_("Give each manure code once."),
    "manure_mix_total": N_("The shares must add up to 100%% (now %(total)s%%)."),
    "coproduct_code": N_("Write the co-product code in digits."),
    "conventional_request": N_("A conventional farm cannot ask for organic fertiliser."),
    "lot_not_open": N_("Only an open lot can be changed."),
    "request_not_open": N_("Only an open request can be changed."),
    # proposals: the coordinator's review and the farms' answers
    "proposal_not_open": N_("Only an open proposal can be changed."),
    "already_reviewed": N_("This proposal has already been reviewed."),
    "listing_changed": N_("The listing changed since this proposal was made."),
    "lot_taken": N_(
        "Only %(left)s t of this lot is left to approve; this proposal needs %(needs)s t."
    ),
    "request_taken": N_(
        "Only %(left)s kg N of this request is left to approve; this proposal needs %(needs)s kg N."
    ),
    "below_delivered": N_("%(delivered)s t has already been delivered on this proposal."),
    "below_committed": N_(
        "%(committed)s is already committed to approved proposals or delivered: it cannot go"
        " lower. Ask the coordinator to change those proposals first."
    ),
    "below_min_delivery": N_("A delivery holds at least %(min)s t."),
    "no_nitrogen": N_(
        "%(tonnes)s t carries less than 1 kg N: a delivery holds at least %(min)s t."
    ),
    "lot_overfilled": N_("The lot holds %(lot)s t; this run would place %(placed)s t."),
    "request_overfilled": N_(
        "The request asks for %(wanted)s kg N; this run would deliver %(met)s kg N."
    ),
    "n_room_exceeded": N_("The receiving farm's N room would be exceeded by %(over)s kg N."),
    "a_share_too_low": N_(
        "The receiving farm's A-share would fall to %(share)s%% (at least %(min)s%%)."
    ),
    "not_your_proposal": N_("This proposal is not for your farm."),
    "not_approved": N_("Only an approved proposal can be answered."),
    "already_answered": N_("You have already answered this proposal."),
    "farm_not_approved": N_(
        "Your farm waits for a coordinator to check its details: until then it cannot accept"
        " a proposal. Declining is possible."
    ),
    "other_declined": N_("The other farm has declined this proposal: it will not go ahead."),
    # interest threads and deals between farms
    "one_listing": N_("Name one listing: a lot or a request."),
    "own_listing": N_("This is your own farm's listing."),
    "listing_not_open": N_("This listing is no longer open."),
    "lot_fully_taken": N_("This lot is fully taken: all of it is committed or delivered."),
    "request_fully_taken": N_(
        "This request is fully met: all the nitrogen it asks for is committed or delivered."
    ),
    "not_in_thread": N_("Choose a listing of the farms in this conversation."),
    "offer_not_open": N_("This offer is no longer open."),
    "own_offer": N_("The other farm answers your offer."),
    "category_c_organic": N_("Category C fertiliser may not go onto an organic farm."),
    # a deal's pair, asked the rules a run obeys (`market.proposals.services.pair_rules`)
    "kind_not_accepted": N_("The request does not accept this kind of fertiliser."),
    "too_far": N_("The farms are %(km)s km apart by road; the limit is %(limit)s km."),
    "no_common_window": N_(
        "The lot is not available on any day the request wants it and the spreading calendar"
        " allows it."
    ),
    "intermediary_not_approved": N_("The lot's intermediary is not approved by Skal (R11)."),
    "intermediary_expired": N_("The lot's intermediary's Skal declaration has expired (R11)."),
    "r5_imported_nonorganic": N_(
        "The supplying farm imported non-organic manure this year, so it may not export organic"
        " manure (R5)."
    ),
    "nonorganic_not_accepted": N_("The request does not accept non-organic manure."),
    "r5_exported_organic": N_(
        "The receiving farm exported organic manure this year, so it may not import non-organic"
        " manure (R5)."
    ),
    "r6_own_manure_at_cap": N_(
        "The receiving farm's own animals produce as much N as its land may take, so it may"
        " not import non-organic manure (R6)."
    ),
    "r9_conversion_own_manure": N_(
        "The receiving farm is in conversion and uses its own manure, so it may import organic"
        " manure only (R9)."
    ),
    # deliveries
    "not_agreed": N_("Only a proposal both farms accepted can be delivered."),
    "before_approval": N_("The delivery cannot be before the proposal was approved (%(day)s)."),
    "outside_window": N_(
        "This day is outside the proposal's delivery window (%(start)s to %(end)s), when the"
        " manure may not be spread. Tick the box to book it if the receiver stores it until then."
    ),
    "over_tolerance": N_(
        "The deliveries on this proposal would come to %(total)s t, more than the %(allowed)s t"
        " allowed (%(percent)s%% above the proposal). A coordinator can book this with a reason."
    ),
    "over_lot": N_(
        "The deliveries from this lot would come to %(total)s t, more than the %(allowed)s t it"
        " can hold (%(offered)s t offered and %(percent)s%% margin). Check the weighing, or"
        " have the supplier correct the lot's tonnes first."
    ),
    "over_request": N_(
        "The deliveries on this request would come to %(total)s kg N, more than the"
        " %(allowed)s kg N it can take (%(asked)s kg N asked and %(percent)s%% margin). Check"
        " the weighing, or have the receiver correct the request first."
    ),
    "below_scale": N_(
        "Must be at least %(low)s t: less is below the scale interval of a weighbridge."
    ),
    "submission_reused": N_(
        "This form was already sent and recorded with other figures (%(day)s, %(tonnes)s t)."
        " Reload the page to record another delivery."
    ),
    "transport_document_used": N_(
        "Unusual: the delivery of %(day)s already has this transport document number, and a"
        " transport document belongs to one transport. Check the number; if it is right,"
        " confirm it."
    ),
    "no_such_proposal": N_("No such proposal of your farm."),
    "own_delivery": N_("A farm cannot deliver to itself."),
    "vehicle_format": N_("Write the registration plate with letters, digits and dashes only."),
    "organic_available": N_(
        "Organic manure of the kinds asked for is available within reach: no statement."
    ),
    "statement_request_closed": N_("Only an open request can get a statement."),
    "no_such_request": N_("No such request of your farm."),
    "email": N_("Enter a valid e-mail address."),
    "email_taken": N_("An account with this e-mail address already exists."),
    "email_missing": N_("Enter your e-mail address."),
    "password_missing": N_("Enter your password."),
    "password_length": N_("Use at least %(count)s characters."),
    "passwords_differ": N_("The two passwords differ."),
    "skal_format": N_("A Skal number has 5 to 7 digits."),
    "registration_digits": N_("Must be %(count)s digits."),
    "skal_taken": N_("Another farm is registered with this Skal number."),
    "farm_name_taken": N_("Another farm is registered with this farm name."),
    "organic_only": N_("Only organic and conversion farms can trade on this market."),
    "a_part_exceeds": N_("The A part cannot exceed the other fertiliser N."),
    # plausibility and the service area (issue 10)
    "outside_service_area": N_(
        "Outside the market's area (the Netherlands): must be between %(low)s and %(high)s."
    ),
    "outside_province": N_("The coordinates lie outside the province you chose."),
    "date_future": N_("This date lies in the future: give the day it happened."),
    "date_window": N_("Give a date between %(low)s and %(high)s."),
    "unusual_figure": N_(
        "Unusual: this is usually between %(low)s and %(high)s. Check the figure; if it is"
        " right, confirm it."
    ),
    "natural_limit_above_cap": N_(
        "Natural land has a lower N limit than the normal %(cap)s kg N/ha, not a higher one."
    ),
}


def english(code: str, params: Mapping[str, Any]) -> str:
    """The English sentence of `code`, numbers written plainly (`0.5`, `100`, `2147483647`)."""
    shown = {name: f"{value:.15g}" if is_number(value) else value for name, value in params.items()}
    return MESSAGES.get(code, MESSAGES["invalid"]) % shown


class FieldError(str):
    """What is wrong with one field: `code`, `params`, and (as the string) its English text.

    A `str` so that code and tests that read a refusal as text keep working while the areas
    move to schemas; new code reads `code` and `params`.
    """

    code: str
    params: dict[str, Any]

    def __new__(cls, code: str, params: Mapping[str, Any] | None = None) -> FieldError:
        given = dict(params or {})
        error = super().__new__(cls, english(code, given))
        error.code, error.params = code, given
        return error

    def stored(self) -> dict[str, Any]:
        """The refusal as JSON, to be shown later in a reader's language (`restored`): a
        `Figure` keeps its pattern, a date is ISO; numbers and text stay as they are."""
        return {"code": self.code, "params": {k: _stored(v) for k, v in self.params.items()}}

    @classmethod
    def restored(cls, data: Mapping[str, Any]) -> FieldError:
        """The refusal `stored` wrote."""
        params = data.get("params") or {}
        return cls(data["code"], {name: _restored(value) for name, value in params.items()})


class ValidationError(ValueError):
    """Input refused; `errors` maps each offending field to its `FieldError`."""

    def __init__(self, errors: Mapping[str, FieldError]) -> None:
        self.errors: dict[str, FieldError] = dict(errors)
        super().__init__("; ".join(f"{field}: {error}" for field, error in self.errors.items()))


class Figure(float):
    """A quantity in a refusal, written as the pages write it: `pattern` is the Babel pattern
    of the page that shows it ("#,##0.###": "1.035 t", like the tonnes beside the form), where
    a plain number parameter is a limit written bare ("tussen 0 en 1000"). Compares and
    computes as the float it is."""

    pattern: str

    def __new__(cls, value: float, pattern: str) -> Figure:
        figure = super().__new__(cls, value)
        figure.pattern = pattern
        return figure


def is_number(value: object) -> bool:
    """A parameter written as a number (booleans are not numbers here)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def _stored(value: Any) -> Any:
    if isinstance(value, Figure):
        return {"figure": float(value), "pattern": value.pattern}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    return value


def _restored(value: Any) -> Any:
    if isinstance(value, dict) and "figure" in value:
        return Figure(value["figure"], value["pattern"])
    if isinstance(value, dict) and "date" in value:
        return date.fromisoformat(value["date"])
    return value
