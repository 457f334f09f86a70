"""Mails about interest threads, queued in the outbox with the change they announce (call
before the commit; `market.core.mail` sends them after it), for the pages and the API alike.

The other farm hears of a new thread or message (with its text: a mail is plain text, so
nothing in it is markup), of a deal offered, and of its answer; the coordinators hear of an
agreed deal, which waits for their confirmation. Each mail is a `Letter`, written once per
recipient in that account's language, not the writer's.
"""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from market.core.extensions import app_state, db_session
from market.core.i18n import format_number, kind_label
from market.core.labels.prices import farm_gate_price
from market.core.mail import Letter, mail_farm, mail_user
from market.models import DealOffer, Farm, Role, Thread, User


def _link(thread: Thread) -> str:
    return url_for("interest.show", thread_id=thread.id, _external=True)


def _mail(farm: Farm, letter: Letter) -> None:
    mail_farm(db_session(), app_state().settings, farm, letter)


def tell_message(thread: Thread, author: Farm, body: str | None) -> None:
    """The other farm: `author` shows interest or wrote `body`."""

    def letter() -> tuple[str, str]:
        text = _("%(farm)s wrote to you on mestmatch:", farm=author.name)
        if body is None:
            text = _("%(farm)s is interested in your listing on mestmatch.", farm=author.name)
        else:
            text += "\n\n" + body
        text += "\n\n" + _("Read and answer: %(link)s", link=_link(thread))
        return _("A message from %(farm)s", farm=author.name), text

    _mail(thread.other_farm(author.id), letter)


def offer_words(offer: DealOffer) -> str:
    """ "120 t cattle slurry, the receiver pays € 5.00 per tonne" (a negative price: "…, the
    supplier pays € 5.00 per tonne", as on the pages) in the current locale (the reader's,
    inside a `Letter`)."""
    words = _(
        "%(tonnes)s t %(kind)s",
        tonnes=format_number(offer.tonnes, "#,##0.#"),
        kind=kind_label(offer.lot.kind),
    )
    price = offer.price_eur_per_t
    return words if price is None else f"{words}, {farm_gate_price(price, '')}"


def tell_offer(offer: DealOffer, author: Farm) -> None:
    def letter() -> tuple[str, str]:
        body = _("%(farm)s offers a deal: %(deal)s.", farm=author.name, deal=offer_words(offer))
        body += "\n\n" + _("Agree or decline: %(link)s", link=_link(offer.thread))
        return _("A deal offered on mestmatch"), body

    _mail(offer.thread.other_farm(author.id), letter)


def tell_answer(offer: DealOffer, farm: Farm, agreed: bool) -> None:
    """The offering farm hears the answer; on agreement the coordinators hear too."""
    if not agreed:
        _mail(offer.farm, _declined(offer, farm))
        return
    _mail(offer.farm, _agreed(offer, farm))
    letter = _to_coordinators(offer)
    query = select(User).where(User.role == Role.COORDINATOR, User.active)
    for user in db_session().scalars(query):
        mail_user(db_session(), app_state().settings, user, letter)


def _declined(offer: DealOffer, farm: Farm) -> Letter:
    def letter() -> tuple[str, str]:
        body = _("%(farm)s declined your offer: %(deal)s.", farm=farm.name, deal=offer_words(offer))
        return _("Your offer was declined"), body

    return letter


def _agreed(offer: DealOffer, farm: Farm) -> Letter:
    def letter() -> tuple[str, str]:
        body = _(
            "%(farm)s agreed to your offer: %(deal)s. A coordinator confirms the deal next; then"
            " you both accept it under My proposals.",
            farm=farm.name,
            deal=offer_words(offer),
        )
        return _("Your offer was agreed"), body

    return letter


def _to_coordinators(offer: DealOffer) -> Letter:
    link = (
        url_for("review.show", run_id=offer.proposal.run_id, _external=True)
        if offer.proposal
        else _link(offer.thread)
    )

    def letter() -> tuple[str, str]:
        body = _(
            "%(supplier)s and %(receiver)s agreed a deal: %(deal)s. Confirm or reject it: %(link)s",
            supplier=offer.lot.farm.name,
            receiver=offer.request.farm.name,
            deal=offer_words(offer),
            link=link,
        )
        return _("A deal waits for your confirmation"), body

    return letter
