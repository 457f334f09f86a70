"""The journey of a deal the farms make themselves, at 1280 px and on a 390 px phone: a
farmer finds another farm's lot on the market, shows interest, the two agree on a deal in
their conversation, the coordinator confirms it, both farms accept, a delivery is recorded
and its declaration opens. Each step ends in a screenshot (test-artifacts/interest-*.png)."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from market.models import AnalysisSource, Farm, Proposal
from tests.browser.conftest import LiveApp, log_in, screenshot
from tests.conftest import state
from tests.factories import add_lot, add_request, farm_today, out_of_season

SCREENS = {"desktop": (1280, 900), "phone": (390, 844)}


def _listings(live: LiveApp) -> None:
    """De Hoeve offers 500 t of cattle slurry at €4/t; Akkerbouw Kampen asks 4,000 kg N."""
    with state(live.app).session_factory() as session:
        farms = {farm.name: farm for farm in session.scalars(select(Farm))}
        add_lot(
            session,
            farms["De Hoeve"],
            analysis_source=AnalysisSource.MEASURED,
            available_from=date(2026, 1, 1),
            price_eur_per_t=4.0,
        )
        add_request(session, farms["Akkerbouw Kampen"], wanted_from=date(2026, 1, 1))
        session.commit()


def _as(browser: Browser, live: LiveApp, email: str, size: tuple[int, int]) -> Page:
    page = log_in(browser, live, email)
    page.set_viewport_size({"width": size[0], "height": size[1]})
    return page


@pytest.mark.parametrize("screen", SCREENS)
def test_two_farms_agree_a_deal_the_coordinator_confirms_and_it_is_delivered(
    browser: Browser, live: LiveApp, screen: str
) -> None:
    size = SCREENS[screen]
    _listings(live)
    receiver = _as(browser, live, "akkerbouwer@example.nl", size)
    receiver.goto(f"{live.url}/listings?side=lots")
    receiver.get_by_role("link", name="De Hoeve").first.click()
    expect(receiver.locator("h1")).to_contain_text("open")
    expect(receiver.locator("#market-facts")).to_be_visible()
    expect(receiver.get_by_text("4,00")).to_be_visible()
    screenshot(receiver, f"interest-1-market-view-{screen}")
    receiver.fill("#body", "Wij zoeken 100 t drijfmest voor het voorjaar. <b>Graag!</b>")
    receiver.get_by_role("button", name="Ik heb interesse").click()
    expect(receiver.locator(".flash-success")).to_contain_text("interesse")
    expect(receiver.get_by_text("<b>Graag!</b>")).to_be_visible()  # markup stays text
    receiver.fill("#tonnes", "100")
    receiver.fill("#price_eur_per_t", "4,50")
    receiver.get_by_role("button", name="Deze afspraak voorstellen").click()
    expect(receiver.locator(".flash-success")).to_contain_text(
        "Uw voorgestelde afspraak is verstuurd"
    )
    screenshot(receiver, f"interest-2-offer-made-{screen}")

    supplier = _as(browser, live, "veehouder@example.nl", size)
    supplier.goto(f"{live.url}/threads")
    supplier.get_by_role("link", name="Rundveedrijfmest").first.click()
    supplier.get_by_role("button", name="Akkoord").click()
    expect(supplier.locator(".flash-success")).to_contain_text("coördinator")
    expect(supplier.locator("#contact-title")).to_be_visible()
    screenshot(supplier, f"interest-3-deal-agreed-{screen}")

    coordinator = _as(browser, live, "coordinator@example.nl", size)
    coordinator.goto(f"{live.url}/threads")
    coordinator.get_by_role("link", name="Rundveedrijfmest").first.click()
    coordinator.get_by_role("link", name="Afspraak bevestigen of afwijzen").click()
    coordinator.get_by_role("button", name="Goedkeuren", exact=True).click()
    expect(coordinator.locator(".flash-success")).to_contain_text("goedgekeurd")
    screenshot(coordinator, f"interest-4-deal-confirmed-{screen}")

    for farmer in (supplier, receiver):
        farmer.goto(f"{live.url}/proposals")
        farmer.get_by_role("button", name="Accepteren").click()
        expect(farmer.locator(".flash-success")).to_be_visible()
    receiver.goto(f"{live.url}/deliveries")
    receiver.get_by_role("link", name="Levering vastleggen").click()
    with state(live.app).session_factory() as session:
        deal = session.scalars(select(Proposal)).one()
        if out_of_season(deal, farm_today()):  # stored until spreading, as the form asks
            receiver.check("#confirm_outside_window")
    receiver.fill("#transport_document_no", "VDM-2026-004712")
    receiver.click("#submit")
    expect(receiver.locator(".flash-success")).to_contain_text("De levering is vastgelegd")
    screenshot(receiver, f"interest-5-delivery-recorded-{screen}")
    link = receiver.get_by_role("link", name="Verklaring van herkomst (pdf)")
    pdf = receiver.request.get(f"{live.url}{link.get_attribute('href')}")
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    supplier.goto(f"{live.url}/listings/mine")
    expect(supplier.locator("section[aria-labelledby='my-news']")).to_contain_text(
        "Akkerbouw Kampen"
    )
    screenshot(supplier, f"interest-6-my-listings-{screen}")
