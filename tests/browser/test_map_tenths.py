"""The map's popups write kg N to the tenth, as the search list beside them does: a request
of 2,500.5 kg N read "2.501 kg N" on the map and "2.500,5" in the list."""

from __future__ import annotations

from playwright.sync_api import Browser, expect
from sqlalchemy import select

from market.models import Farm
from tests.browser.conftest import LiveApp, log_in, screenshot
from tests.conftest import state
from tests.factories import add_request


def test_a_request_reads_to_the_tenth_on_the_map(browser: Browser, live: LiveApp) -> None:
    with state(live.app).session_factory() as session:
        hoeve = session.scalars(select(Farm).where(Farm.name == "De Hoeve")).one()
        add_request(session, hoeve, 2500.5)
        session.commit()
    page = log_in(browser, live, "akkerbouwer@example.nl")
    page.goto(f"{live.url}/listings")
    expect(page.locator("#map")).to_have_attribute("data-ready", "true")
    page.locator("#map path.leaflet-interactive").first.click(force=True)
    content = page.locator(".leaflet-popup-content")
    expect(content).to_have_text("De Hoeve: Vraag, 2.500,5\u00a0kg N")
    screenshot(page, "map-tenths")
    page.context.close()
