"""Mails about interest threads, queued in the outbox with the change they announce (call
before the commit; `market.core.mail` sends them after it), for the pages and the API alike.

The other farm hears of a new thread or message (with its text: a mail is plain text, so
nothing in it is markup), of a deal offered, and of its answer; the coordinators hear of an
agreed deal, which waits for their confirmation.
"""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from market.core.extensions import app_state, db_session
from market.core.i18n import format_number, kind_label
from market.core.mail import mail_farm, queue_mail
from market.models import DealOffer, Farm, Role, Thread, User


def _link(thread: Thread) -> str:
    return url_for("interest.show", thread_id=thread.id, _external=True)


def _mail(farm: Farm, subject: str, body: str) -> None:
    mail_farm(db_session(), app_state().settings, farm, subject, body)


def tell_message(thread: Thread, author: Farm, body: str | None) -> None:
    """The other farm: `author` shows interest or wrote `body`."""
    text = _("%(farm)s wrote to you on mestmatch:", farm=author.name)
    if body is None:
        text = _("%(farm)s is interested in your listing on mestmatch.", farm=author.name)
    else:
        text += "\n\n" + body
    text += "\n\n" + _("Read and answer: %(link)s", link=_link(thread))
    _mail(thread.other_farm(author.id), _("A message from %(farm)s", farm=author.name), text)


def offer_words(offer: DealOffer) -> str:
    """ "120 t cattle slurry at 5 € per tonne" in the reader's language."""
    words = _(
        "%(tonnes)s t %(kind)s",
        tonnes=format_number(offer.tonnes, "#,##0.#"),
        kind=kind_label(offer.lot.kind),
    )
    if offer.price_eur_per_t is not None:
        price = format_number(offer.price_eur_per_t, "#,##0.00")
        words += " " + _("at %(price)s € per tonne", price=price)
    return words


def tell_offer(offer: DealOffer, author: Farm) -> None:
    body = _("%(farm)s offers a deal: %(deal)s.", farm=author.name, deal=offer_words(offer))
    body += "\n\n" + _("Agree or decline: %(link)s", link=_link(offer.thread))
    _mail(offer.thread.other_farm(author.id), _("A deal offered on mestmatch"), body)


def tell_answer(offer: DealOffer, farm: Farm, agreed: bool) -> None:
    """The offering farm hears the answer; on agreement the coordinators hear too."""
    deal = offer_words(offer)
    if not agreed:
        body = _("%(farm)s declined your offer: %(deal)s.", farm=farm.name, deal=deal)
        _mail(offer.farm, _("Your offer was declined"), body)
        return
    body = _(
        "%(farm)s agreed to your offer: %(deal)s. A coordinator confirms the deal next; then"
        " you both accept it under My proposals.",
        farm=farm.name,
        deal=deal,
    )
    _mail(offer.farm, _("Your offer was agreed"), body)
    _tell_coordinators(offer, deal)


def _tell_coordinators(offer: DealOffer, deal: str) -> None:
    body = _(
        "%(supplier)s and %(receiver)s agreed a deal: %(deal)s. Confirm or reject it: %(link)s",
        supplier=offer.lot.farm.name,
        receiver=offer.request.farm.name,
        deal=deal,
        link=url_for("review.show", run_id=offer.proposal.run_id, _external=True)
        if offer.proposal
        else _link(offer.thread),
    )
    query = select(User).where(User.role == Role.COORDINATOR, User.active)
    for user in db_session().scalars(query):
        subject = _("A deal waits for your confirmation")
        queue_mail(db_session(), app_state().settings, user.email, subject, body)
