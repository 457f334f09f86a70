"""Farm names wrap between words, never inside one, in the tables on a phone.

On a 390 px phone the route cell of a deal's page broke "Gemengd Bedrijf De Hoeve" as
"Gem/engd/Bedri/jf": each part of a card's cell (the two farms, the agreed price) was a
column of its own, squeezed side by side and allowed to break anywhere; the runs list broke
"hun gesprek" so, and a list of kinds lost its last letter ("Groencompos/t"). Here a solver
run and two deals between "Gemengd Bedrijf De Hoeve" and "Akkerbouwbedrijf
Noordoostpolder" (one at an agreed price, approved; one waiting) are opened by the
coordinator (desk, deal pages, runs list, audit log) and the supplier (front page, My
proposals) at 390 px, 700 px (tables, not cards, too wide for the screen) and 1280 px. In
every table cell each word must lie on one line: a Range over the word has one client
rectangle (a word wider than its cell may still break). The page is never wider than the
screen: a table that cannot fit scrolls in its own box, and a phone's cards fit theirs.
Screenshots go to test-artifacts/route-words-*.png (and to `MESTMATCH_SHOTS` when set).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page
from sqlalchemy import select
from sqlalchemy.orm import Session

from config import Settings
from market.audit.services import record
from market.core.clock import today
from market.core.schemas import parse
from market.interest.schemas import OfferInput
from market.interest.services.deals import answer_offer, make_offer
from market.models import (
    Lot,
    Proposal,
    Request,
    ReviewStatus,
    Role,
    RunPhase,
    RunStatus,
    Thread,
    User,
    utcnow,
)
from tests.browser.conftest import LiveApp, log_in, screenshot
from tests.conftest import state
from tests.factories import add_farm, add_lot, add_proposal, add_request, add_run, add_user

SCREENS = {"phone": (390, 844), "tablet": (700, 900), "desktop": (1280, 800)}
SUPPLIER, RECEIVER, COORDINATOR = (
    "gemengd@example.nl",
    "noordoost@example.nl",
    "coordinator@example.nl",
)
#: A second folder for the screenshots, to look at them outside the test run.
SHOTS = os.environ.get("MESTMATCH_SHOTS")
#: Every word of the text in `cells` that lies on more than one line (a Range over it has
#: several client rectangles), unless the word is wider than its cell (the last resort).
#: A word ends at a space or after a hyphen ("Noord-" and "Brabant" may part).
BROKEN_WORDS_JS = """cells => {
  const broken = [];
  for (const cell of cells) {
    const width = cell.getBoundingClientRect().width;
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const word of node.data.matchAll(/[^\\s-]+-?/g)) {
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        const rects = [...range.getClientRects()].filter(rect => rect.width > 0);
        const wide = rects.reduce((sum, rect) => sum + rect.width, 0);
        if (rects.length > 1 && wide < width) broken.push(word[0]);
      }
    }
  }
  return broken;
}"""
#: The document's width (px), and how far the widest box of cards (a table stacked on a
#: phone) would scroll (px).
WIDTHS_JS = """() => [
  document.documentElement.scrollWidth,
  Math.max(0, ...[...document.querySelectorAll(".table-wrap")]
    .filter(box => getComputedStyle(box.querySelector("table") || box).display === "block")
    .map(box => box.scrollWidth - box.clientWidth)),
]"""


@dataclass(frozen=True)
class Scene:
    run_id: int
    agreed_run_id: int  # the deal at a price, approved
    waiting_run_id: int  # the deal waiting for the coordinator


def _scene(app: Flask) -> Scene:
    """A solver run proposing two deliveries between the two farms (one approved), a deal of
    20 t at € 2,50 per tonne they agreed in a thread (approved, in the audit log) and a
    deal of 15 t of solid manure waiting for review."""
    settings = state(app).settings
    year = date(today(settings).year, 1, 1)
    with state(app).session_factory() as session:
        gemengd = add_farm(session, "Gemengd Bedrijf De Hoeve", skal_number="223401")
        akker = add_farm(
            session, "Akkerbouwbedrijf Noordoostpolder", "Flevoland", skal_number="223402"
        )
        add_user(session, SUPPLIER, Role.LIVESTOCK_FARMER, gemengd)
        add_user(session, RECEIVER, Role.ARABLE_FARMER, akker)
        slurry = add_lot(session, gemengd, tonnes=1000.0, available_from=year)
        solid = add_lot(session, gemengd, "cattle_solid", tonnes=300.0, available_from=year)
        kinds = ["cattle_slurry", "cattle_solid", "poultry_pellets", "green_compost"]
        request = add_request(session, akker, 8000.0, kinds, wanted_from=year, max_distance_km=None)
        run = add_run(session, status=RunStatus.SOLVED, phase=RunPhase.DONE, components_total=1)
        add_proposal(
            session, run, slurry.id, request.id, 120.0, review_status=ReviewStatus.APPROVED
        )
        add_proposal(session, run, solid.id, request.id, 80.0)
        agreed = _deal(session, settings, slurry, request, 20, 2.5)
        agreed.review_status, agreed.reviewed_at = ReviewStatus.APPROVED, utcnow()
        coordinator = session.scalars(select(User.id).where(User.email == COORDINATOR)).one()
        record(
            session,
            coordinator,
            "proposal.approve",
            "proposal",
            agreed.id,
            run_id=agreed.run_id,
            lot_id=slurry.id,
            tonnes=agreed.tonnes,
        )
        waiting = _deal(session, settings, solid, request, 15, None)
        session.commit()
        return Scene(run.id, agreed.run_id, waiting.run_id)


def _deal(
    session: Session,
    settings: Settings,
    lot: Lot,
    request: Request,
    tonnes: float,
    price: float | None,
) -> Proposal:
    """The receiver offers `tonnes` of `lot` at `price` in a thread, the supplier agrees."""
    on, supplier, receiver = today(settings), lot.farm_id, request.farm_id
    users = {user.farm_id: user.id for user in session.scalars(select(User))}
    thread = Thread(lot_id=lot.id, owner_farm_id=supplier, farm_id=receiver)
    session.add(thread)
    session.flush()
    terms = {"listing_id": request.id, "tonnes": tonnes, "price_eur_per_t": price}
    data = parse(OfferInput, terms)
    offer = make_offer(session, thread, receiver, users[receiver], data, settings.policy, on)
    proposal = answer_offer(
        session, offer, supplier, users[supplier], settings.policy, on, agree=True
    )
    assert proposal is not None
    return proposal


def _look(page: Page, url: str, name: str) -> list[str]:
    """Open `url`, save its screenshot as `name`, and return the broken words of its
    table cells (it must have some)."""
    page.goto(url)
    screenshot(page, name)
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)
    assert page.locator("table td").count() > 0, f"{url}: no table"
    return [str(word) for word in page.eval_on_selector_all("table td", BROKEN_WORDS_JS)]


@pytest.mark.parametrize("screen", SCREENS)
def test_names_wrap_between_words_in_the_tables(
    browser: Browser, live: LiveApp, screen: str
) -> None:
    scene = _scene(live.app)
    width, height = SCREENS[screen]
    pages = {
        COORDINATOR: {
            "desk": f"/review/runs/{scene.run_id}",
            "deal": f"/review/runs/{scene.agreed_run_id}",
            "waiting-deal": f"/review/runs/{scene.waiting_run_id}",
            "runs": "/review",
            "audit": "/audit",
        },
        SUPPLIER: {"home": "/", "my-proposals": "/proposals"},
    }
    broken, wide = {}, {}
    for email, paths in pages.items():
        page = log_in(browser, live, email)
        page.set_viewport_size({"width": width, "height": height})
        for name, path in paths.items():
            words = _look(page, f"{live.url}{path}", f"route-words-{screen}-{name}")
            broken.update({name: words} if words else {})
            page_width, cards = page.evaluate(WIDTHS_JS)
            wide.update({name: (page_width, cards)} if page_width > width or cards else {})
        page.context.close()
    assert not broken and not wide
