"""Mails about proposals, queued in the outbox with the change they announce.

One place for what the farms hear, from the pages and the JSON API alike: a coordinator
approved a proposal (both farms, who now answer; each proposal named with the other farm,
the manure, the tonnes and the agreed price) or rejected a deal the two farms agreed (both
farms, with the coordinator's reason), a farm answered (the other farm, with the
reason of a decline), a listing was withdrawn (the other farm of each approved proposal it
cancelled, with the farmer's reason). A run's proposals never approved were never shown to
the farms, so their rejection or cancellation needs no mail. Call before the commit: the
outbox row is written with the change, and sent after it (`market.core.mail`). Each mail is
a `Letter`, written once per recipient in that farmer's language, whoever clicked.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from market.core.extensions import app_state, db_session
from market.core.i18n import format_number, kind_label
from market.core.labels.prices import farm_gate_price
from market.core.mail import Letter, mail_farm
from market.interest.services.deals import deal_threads
from market.models import Farm, Lot, Proposal, Request, ReviewStatus
from market.proposals.services.answers import FarmProposal
from market.proposals.services.review import farms_of


def tell_approved(proposals: Iterable[Proposal]) -> None:
    """One mail per active account of each farm with a newly approved proposal, naming each
    of its proposals (`_approved_line`): a farmer decides from the mail whether to open the
    site, so it says with whom, what and at what price, not only that something came."""
    approved = list(proposals)
    for farm in farms_of(approved):
        _mail(farm, _approved_letter(farm, [p for p in approved if farm.id in p.farm_ids]))


def _approved_letter(farm: Farm, proposals: list[Proposal]) -> Letter:
    def letter() -> tuple[str, str]:
        lines = "\n".join(f"- {_approved_line(farm, proposal)}" for proposal in proposals)
        body = ngettext(
            "A coordinator approved a proposed delivery for your farm:",
            "A coordinator approved %(num)s proposed deliveries for your farm:",
            len(proposals),
        )
        body += f"\n\n{lines}\n\n" + ngettext(
            "Accept or decline it on %(link)s",
            "Accept or decline them on %(link)s",
            len(proposals),
            link=_link(),
        )
        return _("A mestmatch proposal for you"), body

    return letter


def _approved_line(farm: Farm, proposal: Proposal) -> str:
    """ "120 t cattle slurry to Akkerbouw Kampen. Agreed: the receiver pays € 4.50 per
    tonne" as `farm` reads it: the other farm, what goes which way, the agreed price if any."""
    args = {"tonnes": _tonnes(proposal), "kind": _kind(proposal)}
    if proposal.lot.farm_id == farm.id:
        line = _("%(tonnes)s t %(kind)s to %(farm)s", farm=proposal.request.farm.name, **args)
    else:
        line = _("%(tonnes)s t %(kind)s from %(farm)s", farm=proposal.lot.farm.name, **args)
    if proposal.price_eur_per_t is None:
        return line
    return f"{line}. " + _("Agreed: %(price)s", price=farm_gate_price(proposal.price_eur_per_t, ""))


def tell_rejected(proposals: Iterable[Proposal]) -> None:
    """Both farms of each rejected deal, with the coordinator's reason: they agreed it in
    their thread and wait for the verdict (`deal_threads`; a run's proposals are skipped)."""
    rejected = list(proposals)
    deals = deal_threads({proposal.run for proposal in rejected})
    for proposal in (p for p in rejected if p.run_id in deals):
        for farm in (proposal.lot.farm, proposal.request.farm):
            _mail(farm, _rejected_letter(farm, proposal, deals[proposal.run_id]))


def _rejected_letter(farm: Farm, proposal: Proposal, thread_id: int | None) -> Letter:
    def letter() -> tuple[str, str]:
        body = _("A coordinator rejected your deal: %(deal)s.", deal=_approved_line(farm, proposal))
        if proposal.review_reason:
            body += "\n\n" + _(
                "The coordinator's reason: %(reason)s", reason=proposal.review_reason
            )
        link = _link() if thread_id is None else _thread_link(thread_id)
        return _("Your deal was rejected"), f"{body}\n\n{link}"

    return letter


def tell_answer(farm: Farm, seen: FarmProposal, accept: bool) -> None:
    """The other farm hears that `farm` accepted or declined, and why it declined."""
    proposal = seen.proposal
    reason = getattr(proposal, f"{seen.side.value}_reason")

    def letter() -> tuple[str, str]:
        args = {"farm": farm.name, "tonnes": _tonnes(proposal), "kind": _kind(proposal)}
        body = (
            _("%(farm)s accepted the proposal of %(tonnes)s t %(kind)s.", **args)
            if accept
            else _("%(farm)s declined the proposal of %(tonnes)s t %(kind)s.", **args)
        )
        return _("Answer to a mestmatch proposal"), _with_reason(body, reason)

    _mail(seen.counterpart, letter)


def tell_cancelled(listing: Lot | Request) -> None:
    """The other farm of each approved proposal that withdrawing `listing` cancelled."""
    column = Proposal.lot_id if isinstance(listing, Lot) else Proposal.request_id
    cancelled = db_session().scalars(
        select(Proposal).where(
            column == listing.id,
            Proposal.review_status == ReviewStatus.CANCELLED,
            Proposal.reviewed_at.is_not(None),
        )
    )
    for proposal in cancelled:
        other = proposal.request.farm if isinstance(listing, Lot) else proposal.lot.farm
        _mail(other, _cancelled_letter(listing, proposal))


def _cancelled_letter(listing: Lot | Request, proposal: Proposal) -> Letter:
    def letter() -> tuple[str, str]:
        body = _(
            "%(farm)s withdrew its listing, so the proposal of %(tonnes)s t %(kind)s is cancelled.",
            farm=listing.farm.name,
            tonnes=_tonnes(proposal),
            kind=_kind(proposal),
        )
        subject = _("A mestmatch proposal was cancelled")
        return subject, _with_reason(body, listing.withdrawn_reason)

    return letter


def _with_reason(body: str, reason: str | None) -> str:
    """`body`, the farmer's reason if there is one, and the link to the proposals."""
    if reason:
        body += "\n\n" + _("Their reason: %(reason)s", reason=reason)
    return body + "\n\n" + _link()


def _tonnes(proposal: Proposal) -> str:
    return format_number(proposal.tonnes, "#,##0.#")


def _kind(proposal: Proposal) -> str:
    return kind_label(proposal.lot.kind)


def _link() -> str:
    return url_for("proposals.index", _external=True)


def _thread_link(thread_id: int) -> str:
    return url_for("interest.show", thread_id=thread_id, _external=True)


def _mail(farm: Farm, letter: Letter) -> None:
    mail_farm(db_session(), app_state().settings, farm, letter)
