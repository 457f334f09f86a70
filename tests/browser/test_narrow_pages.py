"""No page is wider than a 390 px phone: nothing sticks out sideways, nothing needs a page scroll.

The demo market (`market.demo`) with a reviewed run (one proposal approved and delivered, one
waiting, one declined with a long reason), an interest thread with a long message, is opened
by a farmer and by the coordinator on a 390 × 844 screen. Each follows every link from the
front page and the conversations; on each page (once per shape of its path: `/lots/3` stands
for every lot) the document may be no wider than the screen. A table too wide for it scrolls
inside its own box; a table stacked into cards must fit in its box with nothing to scroll.
Each page is saved as test-artifacts/narrow-<who>-<page>.png.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, ViewportSize
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from config import Settings
from market.core.clock import today
from market.demo.data import ACCOUNTS
from market.demo.seed import seed_demo
from market.interest.services.threads import start_thread
from market.models import (
    Delivery,
    FarmerResponse,
    ReviewStatus,
    RunPhase,
    RunStatus,
    User,
)
from tests.browser.conftest import TIMEOUT_MS, LiveApp, screenshot, serving
from tests.browser.crawl import crawl
from tests.browser.seeding import reviewed_run
from tests.conftest import running_app, state
from tests.factories import add_proposal, add_run

PHONE: ViewportSize = {"width": 390, "height": 844}
#: Paths not to follow: leaving, switching language, static files and downloads.
MOST_PAGES = 60
#: Where the crawl starts: the front page, and the conversations, which no menu links to
#: (a farmer comes to them from a mail or a listing).
START = ("/", "/threads")
#: One unbroken word longer than a phone is wide, as people paste links and codes.
LONG_WORD = "https://example.nl/" + "mestmatch" * 8
#: A transport document number as long as the form takes it in one word (a newcomer's VDM
#: number once made a delivery page 438 px wide).
LONG_CODE = "VDM" + "0123456789" * 4
#: What the document may measure across (px): the screen.
WIDEST = PHONE["width"]
#: The page's width (px), and the widest of its tables stacked into cards (px beyond its box:
#: a card is as wide as the screen, so nothing in it may need a sideways scroll).
MEASURE_JS = """() => {
  const cards = [...document.querySelectorAll(".table-wrap")]
    .filter(box => box.querySelector("table.stacked"))
    .map(box => box.scrollWidth - box.clientWidth);
  return [document.documentElement.scrollWidth, Math.max(0, ...cards)];
}"""


@pytest.fixture
def demo(settings: Settings) -> Iterator[LiveApp]:
    """The demo market with a reviewed run, a delivery and a thread, served on a free port."""
    with running_app(settings) as app:
        with state(app).session_factory() as session:
            seed_demo(session, today(settings))
            _reviewed_run(session, settings)
            session.commit()
        with serving(app) as live:
            yield live


def _reviewed_run(session: Session, settings: Settings) -> None:
    """`reviewed_run`, and in an earlier run a proposal Dronten declined with a long reason;
    Dronten asked about De Terp's first lot in a long message; every delivery has a long
    transport document number."""
    seeded = reviewed_run(session, settings)
    session.execute(update(Delivery).values(transport_document_no=LONG_CODE))
    add_proposal(
        session,
        add_run(session, settings, status=RunStatus.SOLVED, phase=RunPhase.DONE),
        seeded.lots[1].id,
        seeded.request.id,
        12.5,
        review_status=ReviewStatus.APPROVED,
        receiver_response=FarmerResponse.DECLINED,
        receiver_reason="Te ver weg voor onze tankwagen, zie " + LONG_WORD,
    )
    author = session.scalars(select(User).where(User.farm_id == seeded.receiver.id)).first()
    assert author is not None
    start_thread(
        session, seeded.receiver, author.id, seeded.lots[0], "Hebt u nog 100 t? " + LONG_WORD
    )


def open_as(browser: Browser, live: LiveApp, email: str) -> Page:
    """A fresh Dutch phone-sized context, logged in as demo account `email`."""
    page = browser.new_context(locale="nl-NL", viewport=PHONE).new_page()
    page.set_default_timeout(TIMEOUT_MS)
    account = next(a for a in ACCOUNTS if a.email == email)
    page.goto(f"{live.url}/login")
    page.fill("#email", account.email)
    page.fill("#password", account.password)
    page.click("#submit")
    page.wait_for_url(f"{live.url}/**")
    return page


def widths(page: Page, live: LiveApp, who: str) -> dict[str, tuple[int, int]]:
    """Every page reachable by links from the start: its path, the document's width and how
    far its cards stick out (px, `MEASURE_JS`); each page saved as a screenshot."""
    found = dict[str, tuple[int, int]]()
    for path in crawl(page, live, START, MOST_PAGES):
        width, cards = page.evaluate(MEASURE_JS)
        found[path] = (width, cards)
        screenshot(page, f"narrow-{who}-{_name(re.sub(r'[0-9]+', 'N', path))}")
    return found


def _name(shape: str) -> str:
    return shape.strip("/").replace("/", "-") or "home"


@pytest.mark.parametrize(
    ("email", "who", "pages"),
    [
        (
            "veehouder@demo.mestmatch.nl",
            "farmer",
            {"/farm", "/listings", "/listings/mine", "/proposals", "/threads", "/threads/N"},
        ),
        (
            "coordinator@demo.mestmatch.nl",
            "coordinator",
            {"/farms", "/farms/N", "/review", "/review/runs/N", "/threads", "/deliveries/N"},
        ),
    ],
)
def test_no_page_is_wider_than_a_phone(
    browser: Browser, demo: LiveApp, email: str, who: str, pages: set[str]
) -> None:
    page = open_as(browser, demo, email)
    found = widths(page, demo, who)
    page.context.close()
    assert pages <= {re.sub(r"\d+", "N", path) for path in found}, sorted(found)
    too_wide = {path: sizes for path, sizes in found.items() if sizes[0] > WIDEST or sizes[1]}
    assert not too_wide, too_wide
