"""Pages of the interest area: "I am interested", the threads, their messages and deals.

A view reads its form through the operation's schema, calls a service, queues the mails
(`notices`), commits once and redirects; a refused input shows the thread again with the
message next to its field (status 400).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from market.core.clock import today
from market.core.extensions import app_state, db_session
from market.core.form_fields import attach_errors, form_input, read
from market.core.i18n import kind_label
from market.core.labels.amounts import open_amount
from market.core.permissions import found, may_see
from market.core.schemas import parse
from market.core.schemas.translate import current_locale
from market.core.validation import ValidationError
from market.interest import notices
from market.interest.access import (
    market_listing,
    party_farm,
    readable_offer,
    readable_thread,
    trading_farm,
)
from market.interest.forms import (
    MESSAGE_FORM,
    AnswerForm,
    InterestForm,
    MessageForm,
    OfferForm,
)
from market.interest.outcomes import DealState, adjusted_tonnes, deal_state
from market.interest.refusals import interest_refusal, wording
from market.interest.schemas import InterestInput, MessageInput, OfferInput
from market.interest.services import deal_numbers
from market.interest.services.deals import answer_offer, make_offer, parties
from market.interest.services.reach import check_reach
from market.interest.services.threads import post_message, start_thread, threads_between, threads_of
from market.models import (
    DealOffer,
    Farm,
    ListingStatus,
    Lot,
    OfferStatus,
    Proposal,
    Request,
    Thread,
)
from market.proposals.services.balance import (
    Balance,
    listing_balance,
    lot_balances,
    request_balances,
)

bp = Blueprint("interest", __name__)


@bp.get("/threads")
@login_required
def index() -> str:
    """My farm's threads; a coordinator's: all, or those of one proposal's two farms."""
    proposal_id = request.args.get("proposal", type=int)
    if proposal_id is not None:
        proposal = found(Proposal, proposal_id)
        if not may_see(*proposal.farm_ids):
            abort(404)
        threads = threads_between(db_session(), *proposal.farm_ids)
    else:
        farm_id = None if current_user.is_coordinator else current_user.farm_id
        if farm_id is None and not current_user.is_coordinator:
            abort(403)
        threads = threads_of(db_session(), farm_id)
    return render_template(
        "threads/index.html", threads=threads, balances=_balances(threads), proposal_id=proposal_id
    )


def _balances(threads: list[Thread]) -> dict[int, Balance]:
    """What is open of each thread's listing, by thread (the titles speak of it)."""
    session = db_session()
    lots = lot_balances(session, [t.lot for t in threads if t.lot is not None])
    wanted = request_balances(session, [t.request for t in threads if t.request is not None])
    return {t.id: (lots if t.lot is not None else wanted)[_listing(t).id] for t in threads}


def _listing(thread: Thread) -> Lot | Request:
    """The listing the thread is about: its lot or its request (a thread has one of them)."""
    listing = thread.lot or thread.request
    assert listing is not None
    return listing


@bp.post("/market/lots/<int:lot_id>/interest")
@login_required
def lot_interest(lot_id: int) -> Response:
    return _interest(market_listing(Lot, lot_id))


@bp.post("/market/requests/<int:request_id>/interest")
@login_required
def request_interest(request_id: int) -> Response:
    return _interest(market_listing(Request, request_id))


def _interest(listing: Lot | Request) -> Response:
    """Open (or reopen) my farm's thread about `listing`, with the message typed, if any."""
    farm = trading_farm()
    form = InterestForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        key = "lot_id" if isinstance(listing, Lot) else "request_id"
        typed = {**form_input(form, InterestInput), key: listing.id}
        data = parse(InterestInput, typed, locale=current_locale())
        check_reach(farm, listing, app_state().settings.policy)
        thread = start_thread(db_session(), farm, current_user.id, listing, data.body)
    except ValidationError as error:
        db_session().rollback()
        flash(interest_refusal(next(iter(error.errors.values())), listing), "error")
        return redirect(request.referrer or url_for("listings.browse"))
    notices.tell_message(thread, farm, data.body)
    db_session().commit()
    flash(_("The farm has been told of your interest."), "success")
    return redirect(url_for("interest.show", thread_id=thread.id))


@bp.get("/threads/<int:thread_id>")
@login_required
def show(thread_id: int) -> str:
    return _page(readable_thread(thread_id))


def _page(
    thread: Thread,
    message_form: MessageForm | None = None,
    offer_form: OfferForm | None = None,
) -> Any:
    offer_form = offer_form or OfferForm()
    offer_form.listing_id.choices = _offer_choices(thread)
    return render_template(
        "threads/show.html",
        thread=thread,
        balance=listing_balance(db_session(), _listing(thread)),
        sides=parties(thread),
        timeline=_timeline(thread),
        agreed=any(offer.status is OfferStatus.AGREED for offer in thread.offers),
        states=_states(thread),
        adjusted=_adjusted(thread),
        party=current_user.farm_id in thread.farm_ids,
        message_form=message_form or MessageForm(),
        offer_form=offer_form,
        answer_form=AnswerForm(),
    )


def _states(thread: Thread) -> dict[int, DealState]:
    """The verdicts so far on the thread's agreed deals, by offer (`deal_state`)."""
    proposals = {offer.id: offer.proposal for offer in thread.offers if offer.proposal}
    states = {offer_id: deal_state(proposal) for offer_id, proposal in proposals.items()}
    return {offer_id: state for offer_id, state in states.items() if state is not None}


def _adjusted(thread: Thread) -> dict[int, float]:
    """The tonnes a coordinator set on the thread's agreed deals, by offer, where changed."""
    tonnes = {offer.id: adjusted_tonnes(offer) for offer in thread.offers}
    return {offer_id: t for offer_id, t in tonnes.items() if t is not None}


@bp.app_template_global()
def deal_number(run_id: int) -> int:
    """A deal's own number for its name wherever it is shown (`review/_name.html`)."""
    return deal_numbers.deal_number(db_session(), run_id)


def _receiving(thread: Thread, farm: Farm) -> bool:
    """`farm` receives the thread's deals: refusals speak of its own room and place."""
    return parties(thread).receiver_id == farm.id


def _timeline(thread: Thread) -> list[Any]:
    """Messages and offers in the order they came."""
    return sorted([*thread.messages, *thread.offers], key=lambda item: item.created_at)


def _offer_choices(thread: Thread) -> list[tuple[str, str]]:
    """The interested farm's open listings of the side the deal needs, at what is still open
    of them: its requests for a thread about a lot, its lots for a thread about a request."""
    farm, session = thread.farm, db_session()
    if thread.lot_id is not None:
        wanted = [r for r in farm.requests if r.status is ListingStatus.OPEN]
        asked = request_balances(session, wanted)
        return [
            (str(r.id), _("Request: %(amount)s", amount=open_amount(asked[r.id], "kg N")))
            for r in wanted
        ]
    lots = [lot for lot in farm.lots if lot.status is ListingStatus.OPEN]
    offered = lot_balances(session, lots)
    return [
        (str(lot.id), f"{kind_label(lot.kind)}: {open_amount(offered[lot.id], 't')}")
        for lot in lots
    ]


@bp.post("/threads/<int:thread_id>")
@login_required
def post(thread_id: int) -> Response | tuple[str, int]:
    """A message or a deal, both posted to the thread's own address as a delivery or a lot
    is to its page's: a refused one shows the thread with the errors at the thread's URL,
    not at an address that a reload or a bookmark cannot open. The message form says it is
    one (its `form_name`); anything else is read as a deal."""
    thread = readable_thread(thread_id)
    farm = party_farm(thread)
    if request.form.get("form_name") == MESSAGE_FORM:
        return _message(thread, farm)
    return _offer(thread, farm)


def _message(thread: Thread, farm: Farm) -> Response | tuple[str, int]:
    form = MessageForm()
    if not form.validate_on_submit():
        return _page(thread, message_form=form), 400
    try:
        data = read(form, MessageInput)
        post_message(db_session(), thread, farm.id, current_user.id, data.body)
    except ValidationError as error:
        attach_errors(form, error.errors)
        return _page(thread, message_form=form), 400
    notices.tell_message(thread, farm, data.body)
    db_session().commit()
    return redirect(url_for("interest.show", thread_id=thread.id, _anchor="write"))


def _offer(thread: Thread, farm: Farm) -> Response | tuple[str, int]:
    form = OfferForm()
    form.listing_id.choices = _offer_choices(thread)
    if not form.validate_on_submit():
        return _page(thread, offer_form=form), 400
    try:
        data = read(form, OfferInput)
        settings = app_state().settings
        made = make_offer(
            db_session(), thread, farm.id, current_user.id, data, settings.policy, today(settings)
        )
    except ValidationError as error:
        db_session().rollback()
        attach_errors(form, error.errors, wording(error, receiving=_receiving(thread, farm)))
        return _page(readable_thread(thread.id), offer_form=form), 400
    notices.tell_offer(made, farm)
    db_session().commit()
    flash(_("Your offer has been sent."), "success")
    return redirect(url_for("interest.show", thread_id=thread.id, _anchor=f"offer{made.id}"))


def _answer(offer_id: int, *, agree: bool) -> Response:
    offer = readable_offer(offer_id)
    farm = party_farm(offer.thread)
    if not AnswerForm().validate_on_submit():
        abort(400)
    settings = app_state().settings
    policy, on = settings.policy, today(settings)
    try:
        answer_offer(db_session(), offer, farm.id, current_user.id, policy, on, agree=agree)
    except ValidationError as error:
        db_session().rollback()
        words = wording(error, receiving=_receiving(offer.thread, farm))
        flash(words(next(iter(error.errors.values()))), "error")
        return redirect(url_for("interest.show", thread_id=offer.thread_id))
    notices.tell_answer(offer, farm, agree)
    db_session().commit()
    flash(_answered(offer, agree), "success")
    return redirect(url_for("interest.show", thread_id=offer.thread_id, _anchor=f"offer{offer.id}"))


def _answered(offer: DealOffer, agree: bool) -> str:
    """The answering farm's confirmation, naming the offer it declined."""
    if agree:
        return _("Agreed. A coordinator confirms the deal next.")
    return _("You have declined the offer of %(deal)s.", deal=notices.offer_words(offer))


@bp.post("/offers/<int:offer_id>/agree")
@login_required
def agree(offer_id: int) -> Response:
    return _answer(offer_id, agree=True)


@bp.post("/offers/<int:offer_id>/decline")
@login_required
def decline(offer_id: int) -> Response:
    return _answer(offer_id, agree=False)
