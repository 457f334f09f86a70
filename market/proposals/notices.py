"""Mails about proposals that a listing's withdrawal cancelled (queued in the outbox).

A proposal a coordinator had approved was news to both farms; when the lot or request it draws
on is withdrawn, the other farm learns it was cancelled and why. Proposals never approved were
never shown to the farms, so their cancellation needs no mail.
"""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from market.core.extensions import app_state, db_session
from market.core.i18n import kind_label
from market.core.mail import mail_farm
from market.models import Lot, Proposal, Request, ReviewStatus


def tell_cancelled(listing: Lot | Request) -> None:
    """One mail to the counterpart farm of each approved proposal the withdrawal of `listing`
    cancelled, with the farmer's reason; call before the commit (the outbox row goes with
    it)."""
    column = Proposal.lot_id if isinstance(listing, Lot) else Proposal.request_id
    cancelled = db_session().scalars(
        select(Proposal).where(
            column == listing.id,
            Proposal.review_status == ReviewStatus.CANCELLED,
            Proposal.reviewed_at.is_not(None),
        )
    )
    for proposal in cancelled:
        lot, request = proposal.lot, proposal.request
        other = request.farm if isinstance(listing, Lot) else lot.farm
        body = _(
            "%(farm)s withdrew its listing, so the proposal of %(tonnes)s t %(kind)s is cancelled.",
            farm=listing.farm.name,
            tonnes=f"{proposal.tonnes:.1f}",
            kind=kind_label(lot.kind),
        )
        if listing.withdrawn_reason:
            body += "\n\n" + _("Their reason: %(reason)s", reason=listing.withdrawn_reason)
        body += "\n\n" + url_for("proposals.index", _external=True)
        subject = _("A mestmatch proposal was cancelled")
        mail_farm(db_session(), app_state().settings, other, subject, body)
