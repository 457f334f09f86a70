"""The price map and the suggested price in Chromium, at 1280 and 390 px: the run's flows
coloured by their price band over the offline provinces, popups written as text (a farm's
markup stays characters), the table behind it, and the farmer's proposal with its price.
Screenshots go to test-artifacts/price-map-*.png and proposal-price-*.png."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from config import Settings
from market.models import Farm
from tests.browser.axe import serious_violations
from tests.browser.conftest import LiveApp, log_in, screenshot, serving
from tests.conftest import running_app, state
from tests.market.test_proposal_terms_pages import COORDINATOR, SUPPLIER, Priced, priced_market

WIDTHS = {"desktop": 1280, "phone": 390}
#: The receiver's name as typed, markup and all: the popup must show it as characters.
MARKED = "Biohof <b>Drenthe</b>"
#: The bands of review/_prices.html: € 12.50/t is "10 or more", € -3.40/t "-10 to 0".
RECEIVER_PAYS, SUPPLIER_PAYS = "#542788", "#f1a340"
PROVINCES = 12


@pytest.fixture
def market(settings: Settings) -> Iterator[tuple[LiveApp, Priced]]:
    with running_app(settings) as app:
        with state(app).session_factory() as session:
            priced = priced_market(session)
            session.query(Farm).filter_by(name="Biohof Drenthe").one().name = MARKED
            session.commit()
        with serving(app) as live:
            yield live, priced


def _flows(page: Page) -> list[str]:
    """The stroke colours of the price map's lines (the paths after the provinces that are
    not the receiving ends, which are drawn in the page's ink)."""
    strokes = page.locator("#price-map .leaflet-overlay-pane path.leaflet-interactive")
    colours = [strokes.nth(i).get_attribute("stroke") or "" for i in range(strokes.count())]
    return [colour for colour in colours if colour != "#1c2421"]


#: Where on a line the popup is opened: past the shared supplier, before the receiver's dot.
ALONG = 0.6


def _popup(page: Page, colour: str) -> str:
    """Click the line of `colour` where a person would (a point on it, not its box's
    centre, which two lines from one farm may share) and read its popup."""
    # The map pans to show the last popup: wait until it stands still.
    page.wait_for_function("() => !document.querySelector('#price-map .leaflet-pan-anim')")
    line = page.locator(f'#price-map path[stroke="{colour}"]')
    x, y = line.evaluate(
        "(path, along) => { const p = path.getPointAtLength(path.getTotalLength() * along);"
        " const s = new DOMPoint(p.x, p.y).matrixTransform(path.getScreenCTM());"
        " return [s.x, s.y]; }",
        ALONG,
    )
    hit = page.evaluate("([x, y]) => document.elementFromPoint(x, y).outerHTML", [x, y])
    page.mouse.click(x, y)
    content = page.locator("#price-map .leaflet-popup-content")
    expect(content, hit).to_be_visible()
    assert content.locator("b").count() == 0  # the farm's markup stays text
    text = content.inner_text()
    page.keyboard.press("Escape")
    return text


def test_the_price_map_colours_each_flow_by_its_suggested_price(
    browser: Browser, market: tuple[LiveApp, Priced]
) -> None:
    live, priced = market
    page = log_in(browser, live, COORDINATOR, bypass_csp=True)  # axe-core
    for name, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live.url}/review/runs/{priced.run}")
        price_map = page.locator("#price-map")
        expect(price_map).to_have_attribute("data-ready", "true")
        expect(price_map).to_have_attribute("data-flow-count", "2")
        # the provinces, two lines and their two receiving ends
        expect(price_map.locator(".leaflet-overlay-pane path")).to_have_count(PROVINCES + 4)
        assert sorted(_flows(page)) == sorted([RECEIVER_PAYS, SUPPLIER_PAYS])
        price_map.scroll_into_view_if_needed()
        screenshot(page, f"price-map-{name}")
        assert (
            _popup(page, RECEIVER_PAYS)
            == "De Hoeve → Akkerbouw Kampen: €\xa012,50 per ton · 120\xa0t"
        )
        assert _popup(page, SUPPLIER_PAYS) == f"De Hoeve → {MARKED}: €\xa0-3,40 per ton · 180\xa0t"
        swatches = page.locator("#price-legend .swatch")
        assert swatches.first.evaluate("s => getComputedStyle(s).backgroundColor") == (
            "rgb(179, 88, 6)"
        )
        page.locator("#price-table summary").click()
        rows = page.locator("#price-table tbody tr")
        expect(rows).to_have_count(2)
        expect(rows.first).to_contain_text(MARKED)  # cheapest first: the supplier pays
        expect(rows.first).to_contain_text("€ -612,00")
        screenshot(page, f"price-table-{name}")
        assert serious_violations(page) == []
    page.context.close()


def test_the_supplier_reads_the_suggested_price_on_its_proposals(
    browser: Browser, market: tuple[LiveApp, Priced]
) -> None:
    live, _ = market
    page = log_in(browser, live, SUPPLIER)
    for name, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live.url}/proposals")
        cells = page.locator("td.terms .price")
        expect(cells).to_have_count(2)
        expect(page.locator("#price-source")).to_contain_text("De richtprijs is de prijs")
        expect(cells.filter(has_text="12,50")).to_have_text(
            "U ontvangt € 12,50 per ton, € 1.500,00 in totaal."
        )
        expect(cells.filter(has_text="3,40")).to_have_text(
            "U betaalt € 3,40 per ton, € 612,00 in totaal."
        )
        expect(page.locator("td.terms .delivery").first).to_contain_text(
            "6 vrachten · leveren mag vanaf 16 feb 2027"
        )
        screenshot(page, f"proposal-price-{name}")
        # The fault found at 1280 px: the table 1208 px wide in a 1118 px box, the answers cut.
        overflow = page.evaluate(
            "[...document.querySelectorAll('.sheet *')]"
            ".map(e => e.scrollWidth - e.clientWidth).reduce((a, b) => Math.max(a, b), 0)"
        )
        assert overflow <= 1, f"{name}: something in the table scrolls sideways by {overflow} px"
    page.context.close()
