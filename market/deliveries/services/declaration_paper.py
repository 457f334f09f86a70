"""What a declaration of origin (verklaring van herkomst, R11) prints from outside its
delivery's row, kept as issued (`Delivery.declaration_paper`).

A number names one paper: the first print an inspector holds and any reprint must read the
same. The delivery's own columns (weight, contents and their sources, category, A-fraction,
manure code and digestate mix, the papers' numbers, carrier, vehicle, lab and sample,
storage) are written once at booking and never corrected: no page or API edits a delivery,
and a weighing sent again with other figures is refused (`submission_reused`), so a
correction is another delivery with its own number. What the paper reads elsewhere can
change, so the numbering keeps it (`kept_paper`): both farms (name, address, province,
Skal, RVO relation and KvK numbers, certification), the manure code's names (the reference
table is replaced with a release), the digestate's manure share (the lot's, or the
rulebook's default), the intermediary's Skal declaration (the lot's) and the proposal's
delivery window (a rerun deletes the proposal). Migration 0017 keeps the same for the
declarations issued before it, from the rows as they stood then.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from market.models import Delivery, Farm
from matching.reference import manure_codes, rulebook_numbers

#: The languages a paper is read in; the code's name is kept in each.
LANGUAGES = ("nl", "en")


@dataclass(frozen=True)
class Party:
    """A farm as the declaration names it; `status` its Skal certification (`FarmStatus`)."""

    name: str
    address: str
    province: str
    skal_number: str | None
    rvo_relation_number: str | None
    kvk_number: str | None
    status: str


@dataclass(frozen=True)
class Intermediary:
    """The manure intermediary of a delivery and its Skal declaration ("Verklaring
    dienstverlenende intermediair"), as the lot recorded it; `known` is False when the
    delivery names another intermediary than the lot, whose declaration the market never saw.
    """

    name: str
    known: bool
    skal_approved: bool
    valid_until: date | None
    valid_on_delivery: bool


@dataclass(frozen=True)
class Window:
    """The proposal's delivery window, named beside a batch stored until spreading."""

    delivery_from: date | None
    delivery_until: date | None


@dataclass(frozen=True)
class Kept:
    """A kept paper read back: `code_names` the manure code's name by language (None: no
    code, or one the table lacked); `manure_share` digestate only; `window` None without a
    proposal."""

    supplier: Party
    receiver: Party
    code_names: Mapping[str, str] | None
    manure_share: float | None
    manure_share_stated: bool
    intermediary: Intermediary | None
    window: Window | None


def kept_paper(delivery: Delivery) -> dict[str, Any]:
    """The JSON the numbering keeps for `delivery` (read back by `read_kept`)."""
    digestate = delivery.kind == "digestate"
    stated = delivery.lot.manure_share if digestate and delivery.lot is not None else None
    share = stated if stated is not None else rulebook_numbers()["digestate_manure_share_default"]
    proposal = delivery.proposal
    window = None if proposal is None else [proposal.delivery_from, proposal.delivery_until]
    return {
        "supplier": _party(delivery.supplier),
        "receiver": _party(delivery.receiver),
        "code_names": _code_names(delivery.manure_code),
        "manure_share": share if digestate else None,
        "manure_share_stated": stated is not None,
        "intermediary": _intermediary(delivery),
        "window": None if window is None else [_iso(day) for day in window],
    }


def read_kept(paper: Mapping[str, Any]) -> Kept:
    """The kept JSON as the paper prints it."""
    mediator, window = paper["intermediary"], paper["window"]
    return Kept(
        supplier=Party(**paper["supplier"]),
        receiver=Party(**paper["receiver"]),
        code_names=paper["code_names"],
        manure_share=paper["manure_share"],
        manure_share_stated=paper["manure_share_stated"],
        intermediary=None
        if mediator is None
        else Intermediary(**{**mediator, "valid_until": _day(mediator["valid_until"])}),
        window=None if window is None else Window(*(_day(day) for day in window)),
    )


def _party(farm: Farm) -> dict[str, Any]:
    return {
        "name": farm.name,
        "address": farm.address,
        "province": farm.province,
        "skal_number": farm.skal_number,
        "rvo_relation_number": farm.rvo_relation_number,
        "kvk_number": farm.kvk_number,
        "status": farm.status.value,
    }


def _code_names(code: str | None) -> dict[str, str] | None:
    row = manure_codes()["codes"].get(code) if code else None
    return None if row is None else {language: row[f"name_{language}"] for language in LANGUAGES}


def _intermediary(delivery: Delivery) -> dict[str, Any] | None:
    """The intermediary's Skal declaration as the lot holds it on the day of numbering,
    valid on the delivery's day when approved and not ended before it."""
    name = delivery.intermediary_name
    if not name:
        return None
    lot = delivery.lot
    if lot is None or lot.intermediary_name != name:
        return _unknown(name)
    until = lot.intermediary_valid_until
    approved = bool(lot.intermediary_skal_approved)
    valid = approved and (until is None or until >= delivery.delivered_on)
    return {
        "name": name,
        "known": True,
        "skal_approved": approved,
        "valid_until": _iso(until),
        "valid_on_delivery": valid,
    }


def _unknown(name: str) -> dict[str, Any]:
    return {
        "name": name,
        "known": False,
        "skal_approved": False,
        "valid_until": None,
        "valid_on_delivery": False,
    }


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)
