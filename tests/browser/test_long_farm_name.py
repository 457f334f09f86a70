"""On a phone a long farm name on "My proposals" wraps inside its card instead of being cut off.

The farmer of Akkerbouw Kampen has one approved proposal from a farm whose name holds a
word longer than a 390 px card has room for beside its label (as a farm registers its legal
name: a compound without spaces). Every character of the name must lie within the card's
box, and the card must not need a sideways scroll. The page is saved as
test-artifacts/long-farm-name.png.
"""

from __future__ import annotations

from playwright.sync_api import Browser
from sqlalchemy import select

from market.models import Farm, ReviewStatus
from tests.browser.conftest import LiveApp, log_in, screenshot
from tests.browser.test_narrow_pages import PHONE
from tests.conftest import state
from tests.factories import add_lot, add_proposal, add_request, add_run

LONG_NAME = "Melkveehouderijmaatschap Biologischeboerderijcombinatiewesterveldhoogeveen"
#: How far (px) the name's text reaches beyond its card's visible box on the right, and how
#: far the card scrolls sideways.
OVERFLOW_JS = """name => {
  const cell = [...document.querySelectorAll("td")].find(td => td.textContent.includes(name));
  const wrap = cell.closest(".table-wrap");
  const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  let right = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const rect of range.getClientRects()) right = Math.max(right, rect.right);
  }
  const box = wrap.getBoundingClientRect();
  return [Math.max(0, right - box.right), wrap.scrollWidth - wrap.clientWidth];
}"""


def test_a_long_farm_name_wraps_on_my_proposals(browser: Browser, live: LiveApp) -> None:
    with state(live.app).session_factory() as session:
        hoeve = session.scalars(select(Farm).where(Farm.name == "De Hoeve")).one()
        kampen = session.scalars(select(Farm).where(Farm.name == "Akkerbouw Kampen")).one()
        hoeve.name = LONG_NAME
        lot, request = add_lot(session, hoeve), add_request(session, kampen)
        approved = {"review_status": ReviewStatus.APPROVED}
        add_proposal(session, add_run(session), lot.id, request.id, 60.0, **approved)
        session.commit()
    page = log_in(browser, live, "akkerbouwer@example.nl")
    page.set_viewport_size(PHONE)
    page.goto(f"{live.url}/proposals")
    screenshot(page, "long-farm-name")
    assert page.evaluate(OVERFLOW_JS, LONG_NAME) == [0, 0]
