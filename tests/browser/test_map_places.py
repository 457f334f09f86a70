"""Every listing at one place of the market map can be reached, and the legend names the
request dots.

Two lots of De Hoeve and a request of the same farm lie on one point: drawn as three
markers one upon another, only the top one's popup could be opened, and the legend named
the categories' colours but not the blue dots of requests. Here the arable farmer opens the
market's map (1280 px and 390 px): De Hoeve's three listings are one marker, whose popup
lists each with its kind (a request: "Vraag") and amount, and Kampen's request is a marker
of its own (four points, `data-point-count`, on two markers); the legend has a request dot.
Screenshots:
test-artifacts/map-places-<screen>-<marker>.png, each with its popup open.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect
from sqlalchemy import select

from market.models import Farm
from tests.browser.conftest import LiveApp, log_in, screenshot
from tests.conftest import state
from tests.factories import add_lot, add_request

SCREENS = {"desktop": (1280, 800), "phone": (390, 844)}


def _one_place(live: LiveApp) -> None:
    """De Hoeve: 500 t of cattle slurry, 120 t of solid manure and a request for 900 kg N,
    all at the farm; Akkerbouw Kampen's request for 4,000 kg N elsewhere."""
    with state(live.app).session_factory() as session:
        farms = {farm.name: farm for farm in session.scalars(select(Farm))}
        hoeve = farms["De Hoeve"]
        add_lot(session, hoeve)
        add_lot(session, hoeve, "cattle_solid", tonnes=120.0)
        add_request(session, hoeve, 900.0)
        add_request(session, farms["Akkerbouw Kampen"])
        session.commit()


@pytest.mark.parametrize("screen", SCREENS)
def test_listings_at_one_place_share_a_marker_that_lists_them(
    browser: Browser, live: LiveApp, screen: str
) -> None:
    _one_place(live)
    page = log_in(browser, live, "akkerbouwer@example.nl")
    width, height = SCREENS[screen]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live.url}/listings")
    shown = page.locator("#map")
    expect(shown).to_have_attribute("data-ready", "true")
    expect(shown).to_have_attribute("data-point-count", "4")
    markers = page.locator("#map path.leaflet-interactive")
    expect(markers).to_have_count(2)
    legend = page.locator(".map-figure .legend li")
    expect(legend.filter(has=page.locator(".swatch-request"))).to_have_text(["Vraag"])
    popups = set()
    for index in range(markers.count()):
        markers.nth(index).click(force=True)
        content = page.locator(".leaflet-popup-content")
        expect(content).to_be_visible()
        popups.add(content.inner_text())
        screenshot(page, f"map-places-{screen}-{index}")
        page.keyboard.press("Escape")
    assert popups == {
        "De Hoeve: Rundveedrijfmest, 500\u00a0t\nDe Hoeve: Vaste rundveemest, 120\u00a0t\n"
        "De Hoeve: Vraag, 900\u00a0kg N",
        "Akkerbouw Kampen: Vraag, 4.000\u00a0kg N",
    }
    page.context.close()
