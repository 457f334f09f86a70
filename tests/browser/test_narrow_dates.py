"""On a phone a date stays on one line, and an e-mail address breaks only where it sensibly can.

At 390 px a table cell or a figure's value is narrow: a Dutch date and time ("30-11-2026,
14:05") broke after a hyphen ("30-11-" above "2026"), a date ("16 feb 2027") between its
day, month and year, and an address in a farm's contact details mid-word
("administratie.melkveebe/drijf@…"). The demo market with a reviewed run and a deal agreed
in a conversation between two farms with long addresses is opened by a farmer and by the
coordinator on a 390 × 844 screen; each follows every link from the front page and the
conversations (as `test_narrow_pages`). On each page every date written in its text
must lie on one line (a Range over it has one client rectangle); an address may break
before its "@" and nowhere else (its name and its "@domain" each on one line) unless that
part alone is wider than its box. Pages are saved as test-artifacts/dates-<who>-<page>.png.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page
from sqlalchemy import select
from sqlalchemy.orm import Session

from config import Settings
from market.core.clock import today
from market.core.schemas import parse
from market.interest.schemas import OfferInput
from market.interest.services.deals import answer_offer, make_offer
from market.interest.services.threads import start_thread
from market.models import Farm, Lot, Request, Role, User
from tests.browser import test_narrow_pages
from tests.browser.conftest import LiveApp, screenshot
from tests.browser.crawl import crawl
from tests.browser.test_narrow_pages import START, open_as
from tests.conftest import state
from tests.factories import add_user

#: The farms of the deal: the supplier, the receiver (as `reviewed_run` names them).
TRADERS = ("Melkveebedrijf De Terp", "Akkerbouw Dronten")
#: The long addresses the two farms of the deal get (the receiver's, then the supplier's).
ADDRESSES = (
    "administratie.akkerbouwbedrijf@akkerbouw-dronten-biologisch.nl",
    "melkveebedrijf.de.terp@biologische-melkveehouderij.nl",
)
MOST_PAGES = 60
#: The dates a page writes: Dutch short ("30-11-2026"), ISO ("2026-11-30"), Dutch medium
#: and long ("30 nov 2026", "30 november 2026"), English medium ("Nov 30, 2026").
DATE = (
    r"\d{1,2}-\d{1,2}-\d{4}|\d{4}-\d{2}-\d{2}"
    r"|\d{1,2} (?:jan|feb|mrt|maart|apr|mei|jun|jul|aug|sep|okt|nov|dec)[a-z]*\.? \d{4}"
    r"|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{1,2}, \d{4}"
)
#: An e-mail address, split into its name and its "@domain".
ADDRESS = r"[\w.+-]+(?=@)|@[\w-]+(?:\.[\w-]+)+"
#: Each piece of text matching one of `patterns` that lies on more than one line (a Range
#: over it has several client rectangles), unless it is wider than the box it is in.
BROKEN_JS = """patterns => {
  const broken = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const box = node.parentElement.closest("td, dd, li, p, div") || node.parentElement;
    const width = box.getBoundingClientRect().width;
    for (const pattern of patterns) {
      for (const found of node.data.matchAll(new RegExp(pattern, "g"))) {
        const range = document.createRange();
        range.setStart(node, found.index);
        range.setEnd(node, found.index + found[0].length);
        const rects = [...range.getClientRects()].filter(rect => rect.width > 0);
        const wide = rects.reduce((sum, rect) => sum + rect.width, 0);
        if (rects.length > 1 && wide < width) broken.push(found[0]);
      }
    }
  }
  return broken;
}"""


#: The demo market of `test_narrow_pages` (a reviewed run, a conversation), served.
demo = test_narrow_pages.demo


@pytest.fixture
def dealt(demo: LiveApp) -> LiveApp:
    """`demo` with a deal agreed in the conversation."""
    with state(demo.app).session_factory() as session:
        _agreed_deal(session, state(demo.app).settings)
        session.commit()
    return demo


def _agreed_deal(session: Session, settings: Settings) -> None:
    """Dronten offers for 10 t of De Terp's first lot in their conversation and De Terp
    agrees; each farm has a second account with a long address (shown as contact)."""
    terp, dronten = (
        session.scalars(select(Farm).where(Farm.name == name)).one() for name in TRADERS
    )
    lot = session.scalars(select(Lot).where(Lot.farm_id == terp.id).order_by(Lot.id)).first()
    wanted = session.scalars(select(Request).where(Request.farm_id == dronten.id)).first()
    assert lot is not None and wanted is not None
    farms = (dronten, terp)
    for farm, address in zip(farms, ADDRESSES, strict=True):
        add_user(session, address, Role.ARABLE_FARMER, farm)
    receiver, supplier = (
        session.scalars(select(User.id).where(User.farm_id == farm.id)).first() for farm in farms
    )
    assert receiver is not None and supplier is not None
    thread = start_thread(session, dronten, receiver, lot, None)
    on, policy = today(settings), settings.policy
    terms = parse(OfferInput, {"listing_id": wanted.id, "tonnes": 10, "price_eur_per_t": 2})
    offer = make_offer(session, thread, dronten.id, receiver, terms, policy, on)
    answer_offer(session, offer, terp.id, supplier, policy, on, agree=True)


def broken_pieces(page: Page, live: LiveApp, who: str) -> dict[str, list[str]]:
    """Every page reachable by links from the start with the dates and address parts on it
    that lie on more than one line; each page saved."""
    found = {}
    for path in crawl(page, live, START, MOST_PAGES):
        shape = re.sub(r"\d+", "N", path).strip("/").replace("/", "-") or "home"
        screenshot(page, f"dates-{who}-{shape}")
        broken = page.evaluate(BROKEN_JS, [DATE, ADDRESS])
        found.update({path: broken} if broken else {})
    return found


@pytest.mark.parametrize(
    ("email", "who"),
    [("veehouder@demo.mestmatch.nl", "farmer"), ("coordinator@demo.mestmatch.nl", "coordinator")],
)
def test_dates_and_addresses_do_not_break_inside(
    browser: Browser, dealt: LiveApp, email: str, who: str
) -> None:
    page = open_as(browser, dealt, email)
    broken = broken_pieces(page, dealt, who)
    page.context.close()
    assert not broken, broken
