"""The coordinator's side of a sign-up: what looks odd about a farm, and the answers other
than "approved" (`accounts.approve_farm`): ask the farmer for information, or reject.

Flags point the coordinator at what to check before approving; none refuses anything:
- `outside_service_area`: the farm lies outside the market's area (`config.SERVICE_AREA`;
  sign-up refuses such a place, so this catches rows from before that rule or from imports);
- `area_unusual`: its hectares lie outside the usual farm size
  (`matching.rules.plausibility.farm_flags`, `matching/data/plausibility.json`);
- `skal_taken`, `skal_format`: its Skal number is another farm's, or not a Skal number
  (`accounts.skal_number_problem`, the check approval makes);
- `kvk_duplicate`, `rvo_duplicate`: another farm gives the same KvK or RVO relation number;
- `farm_name_taken`: another farm has the same name (`accounts.farm_name_problem`; sign-up and
  the profile refuse it, so this catches two sign-ups at once and older rows);
- `name_changed`: the farmer renamed the farm since it was last approved
  (`renames_since_approval` says from what to what).

A question or a rejection is an audit entry (`farm.ask_info`, `farm.reject`) holding the
message the farmer was mailed, so the farms page can say where each waiting farm stands
without a column of its own; a rejected farm stays unapproved and cannot trade.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from config.settings import SERVICE_AREA
from market.accounts.schemas import FarmMessageInput
from market.accounts.services.accounts import farm_name_problem, skal_number_problem
from market.accounts.services.farm_profile import RENAME
from market.audit import services as audit
from market.models import AuditEntry, Farm
from matching.rules.plausibility import farm_flags

ASK, REJECT, APPROVE = "farm.ask_info", "farm.reject", "farm.approve"


@dataclass(frozen=True)
class Answer:
    """The latest question or rejection a farm got: `action` (`ASK` or `REJECT`), when, and
    the message mailed with it."""

    action: str
    at: datetime
    message: str


def sign_up_flags(session: Session, farm: Farm) -> list[str]:
    """The codes of what looks implausible about `farm` (see the module's list), in order."""
    flags = [] if SERVICE_AREA.holds(farm.lat, farm.lon) else ["outside_service_area"]
    flags += ["area_unusual" for _ in farm_flags(farm.area_ha)]
    if farm.skal_number:
        problem = skal_number_problem(session, farm.skal_number, farm.id)
        flags += [problem.code] if problem is not None else []
    numbers = (
        ("kvk_duplicate", Farm.kvk_number, farm.kvk_number),
        ("rvo_duplicate", Farm.rvo_relation_number, farm.rvo_relation_number),
    )
    for code, column, value in numbers:
        if value and _shared(session, farm.id, column, value):
            flags.append(code)
    flags += ["farm_name_taken"] if farm_name_problem(session, farm.name, farm.id) else []
    return flags + (["name_changed"] if renames_since_approval(session, farm) else [])


def _shared(
    session: Session, farm_id: int, column: InstrumentedAttribute[str | None], value: str
) -> bool:
    """Another farm has `value` in `column`."""
    query = select(Farm.id).where(column == value, Farm.id != farm_id).limit(1)
    return session.scalar(query) is not None


@dataclass(frozen=True)
class Rename:
    """A change of the farm's name: when, and from which name to which."""

    at: datetime
    old: str
    new: str


def renames_since_approval(session: Session, farm: Farm) -> list[Rename]:
    """The farm's changes of name since a coordinator last approved it, oldest first: what
    the next approval vouches for anew."""
    of_farm = (AuditEntry.target_type == "farm", AuditEntry.target_id == farm.id)
    approved = select(func.max(AuditEntry.id)).where(*of_farm, AuditEntry.action == APPROVE)
    query = (
        select(AuditEntry)
        .where(*of_farm, AuditEntry.action == RENAME)
        .where(AuditEntry.id > func.coalesce(approved.scalar_subquery(), 0))
        .order_by(AuditEntry.id)
    )
    return [
        Rename(
            entry.created_at, str(entry.detail.get("old_name")), str(entry.detail.get("new_name"))
        )
        for entry in session.scalars(query)
    ]


def ask_information(
    session: Session, farm: Farm, coordinator_id: int, data: FarmMessageInput
) -> Answer:
    """Log that the coordinator asked `farm` for information (the caller mails the message);
    the farm keeps waiting."""
    return _answer(session, farm, coordinator_id, ASK, data)


def reject_farm(
    session: Session, farm: Farm, coordinator_id: int, data: FarmMessageInput
) -> Answer:
    """Reject `farm`: it stays (or becomes) unapproved, so it cannot trade; logged with the
    message the caller mails."""
    farm.approved = False
    return _answer(session, farm, coordinator_id, REJECT, data)


def _answer(
    session: Session, farm: Farm, coordinator_id: int, action: str, data: FarmMessageInput
) -> Answer:
    entry = audit.record(session, coordinator_id, action, "farm", farm.id, message=data.message)
    return Answer(action, entry.created_at, data.message)


def latest_answers(session: Session, farm_ids: Iterable[int]) -> dict[int, Answer]:
    """Each farm's latest question or rejection, if it had one (farm id → `Answer`)."""
    ids = list(farm_ids)
    newest = (
        select(AuditEntry.target_id, func.max(AuditEntry.id).label("entry_id"))
        .where(
            AuditEntry.target_type == "farm",
            AuditEntry.action.in_((ASK, REJECT)),
            AuditEntry.target_id.in_(ids),
        )
        .group_by(AuditEntry.target_id)
        .subquery()
    )
    entries = session.scalars(select(AuditEntry).join(newest, AuditEntry.id == newest.c.entry_id))
    return {
        entry.target_id: Answer(entry.action, entry.created_at, str(entry.detail.get("message")))
        for entry in entries
    }
