"""The market view of one listing: what any approved farm may know of another farm's lot or
request, and the "I am interested" button.

The farm-only page (`lots.show`, `demand.show`) keeps the details for its farm and the
coordinators (the storage site, the intermediary, the history). Here another farm reads what
it needs to decide whether to get in touch: the kind, the category with the rule that
decided it, the contents and where they come from, the quantity still open, the window, the
province (never the address or coordinates: the two farms exchange those once they agree a
deal) and the price, if the farmer gave one. A listing fully taken (nothing open: a lot
all committed or delivered, a request all met), or too far from the viewer's farm for any
deal (`market.interest.services.reach`), says so instead of offering the button.
Closed, withdrawn and unapproved farms' listings, and every listing for a visitor or an
unapproved farm, are 404.
"""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from market.core.clock import today
from market.core.extensions import app_state, db_session
from market.interest.access import market_listing, market_viewer
from market.interest.forms import InterestForm
from market.interest.refusals import interest_refusal
from market.interest.services.reach import too_far
from market.interest.services.threads import listing_taken, thread_about
from market.listings.forms import LAND_USE_LABELS
from market.listings.services.listings import lot_origin, old_analysis
from market.models import Farm, Lot, Request
from market.proposals.services.balance import listing_balance

bp = Blueprint("market", __name__, url_prefix="/market")


@bp.get("/lots/<int:lot_id>")
def lot(lot_id: int) -> str:
    from matching.rules import classify_lot

    listing = market_listing(Lot, lot_id)
    return render_template(
        "listings/market_lot.html",
        lot=listing,
        lot_class=classify_lot(listing.kind, lot_origin(listing)),
        old_analysis=old_analysis(listing, today(app_state().settings)),
        **_open(listing),
        **_around(listing),
    )


@bp.get("/requests/<int:request_id>")
def request(request_id: int) -> str:
    listing = market_listing(Request, request_id)
    return render_template(
        "listings/market_request.html",
        listing=listing,
        land_use_label=LAND_USE_LABELS[listing.land_use],
        **_open(listing),
        **_around(listing),
    )


def _open(listing: Lot | Request) -> dict[str, object]:
    """What is still open of the listing, and whether nothing is (no interest then)."""
    balance = listing_balance(db_session(), listing)
    return {"balance": balance, "taken": listing_taken(balance)}


def _around(listing: Lot | Request) -> dict[str, object]:
    """The viewer's relation to the listing: own, its distance (km as the crow flies), why
    it is too far for a deal (no interest then) and my thread."""
    from matching.rules import great_circle_km

    farm: Farm | None = market_viewer()
    km = far = None
    if farm is not None and farm.id != listing.farm_id:
        km = great_circle_km((farm.lat, farm.lon), (listing.farm.lat, listing.farm.lon))
        far = too_far(farm, listing, app_state().settings.policy)
    return {
        "own": listing.farm_id == current_user.farm_id,
        "km": km,
        "far_sentence": interest_refusal(far, listing) if far is not None else None,
        "thread": thread_about(db_session(), farm.id, listing) if farm is not None else None,
        "interest_form": InterestForm(),
    }
