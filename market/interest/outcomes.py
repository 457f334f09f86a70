"""Where an agreed deal stands now, in the words its thread shows.

Agreeing makes the deal a proposal (`services.deals.answer_offer`) that a coordinator then
approves or rejects, and that both farms then accept or decline. The farms agreed in the
thread and look there for the outcome, so the thread says the latest verdict (with the
reason given), not only that they agreed. While the deal waits for the coordinator there is
no verdict yet: the thread says who acts next, as before. A coordinator may change the
deal's tonnes before approving it (`proposals.services.adjust`): that changes the proposal,
not the offer the farms agreed, so the thread shows the proposal's tonnes and what was
offered (`adjusted_tonnes`).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from market.core.labels import run_status_label, status_label
from market.models import DealOffer, FarmerResponse, Proposal, ReviewStatus
from market.proposals.services.balance import TOLERANCE


@dataclass(frozen=True)
class DealState:
    """The short verdict beside the offer, the sentence after it, and whether the farms
    still answer the deal (on My proposals)."""

    label: str
    sentence: str
    answering: bool = False


def deal_state(proposal: Proposal) -> DealState | None:
    """The deal's verdict so far; None while it waits for a coordinator."""
    status = proposal.review_status
    if status is ReviewStatus.PROPOSED:
        return None
    if status is ReviewStatus.APPROVED:
        return _answered(proposal)
    label = run_status_label(status.value)
    if status is ReviewStatus.REJECTED:
        return DealState(label, _with_reason(_("A coordinator rejected the deal."), proposal))
    return DealState(label, _with_reason(_("The deal does not go ahead."), proposal))


def adjusted_tonnes(offer: DealOffer) -> float | None:
    """The tonnes of the agreed offer's proposal when a coordinator changed them from the
    offer's; None otherwise."""
    proposal = offer.proposal
    if proposal is None or abs(proposal.tonnes - offer.tonnes) <= TOLERANCE:
        return None
    return proposal.tonnes


def _answered(proposal: Proposal) -> DealState:
    """An approved deal: declined by a farm (with its reason), accepted by both, or waiting
    for their answers."""
    sides = (
        (proposal.supplier_response, proposal.supplier_reason, proposal.lot.farm.name),
        (proposal.receiver_response, proposal.receiver_reason, proposal.request.farm.name),
    )
    for response, reason, farm in sides:
        if response is FarmerResponse.DECLINED:
            sentence = _("%(farm)s declined the deal.", farm=farm)
            return DealState(status_label("declined"), _reason(sentence, reason))
    if all(side[0] is FarmerResponse.ACCEPTED for side in sides):
        return DealState(status_label("accepted"), _("Both farms accepted the deal."))
    sentence = _("A coordinator approved the deal; both farms now accept or decline it.")
    return DealState(run_status_label("approved"), sentence, answering=True)


def _with_reason(sentence: str, proposal: Proposal) -> str:
    return _reason(sentence, proposal.review_reason)


def _reason(sentence: str, reason: str | None) -> str:
    if not reason:
        return sentence
    return f"{sentence} " + _("Reason: %(reason)s", reason=reason)
