"""The three journeys of the marketplace in headless Chromium, each ending in a screenshot.

The run is solved by the worker's own pipeline, called in this process while the browser
watches the run page poll its progress (tests/integration start real worker processes).
"""

from __future__ import annotations

from playwright.sync_api import Browser, expect
from sqlalchemy import select

from market.models import MatchRun
from tests.browser.conftest import LiveApp, log_in, screenshot
from tests.conftest import state
from worker import pipeline
from worker.context import WorkerContext


def post_lot(browser: Browser, live: LiveApp) -> None:
    page = log_in(browser, live, "veehouder@example.nl")
    page.goto(f"{live.url}/lots/new")
    page.select_option("#kind", "cattle_slurry")
    page.fill("#tonnes", "500")
    page.fill("#n_kg_per_t", "4,4")
    page.click("#submit")
    expect(page.locator(".flash-success")).to_contain_text("Uw partij is geplaatst")
    expect(page.locator("main")).to_contain_text("Rundveedrijfmest")
    screenshot(page, "journey-1-lot-posted")
    page.context.close()


def post_request(browser: Browser, live: LiveApp, points: int) -> None:
    """Ends on the browse map: `points` listings over the 12 provinces (the base layer)."""
    page = log_in(browser, live, "akkerbouwer@example.nl")
    page.goto(f"{live.url}/requests/new")
    page.fill("#n_kg", "1500")
    page.select_option("#land_use", "arable_clay_peat")
    page.click("#submit")
    expect(page.locator(".flash-success")).to_be_visible()
    page.goto(f"{live.url}/listings")
    expect(page.locator("#map")).to_have_attribute("data-ready", "true")
    expect(page.locator("#map")).to_have_attribute("data-point-count", str(points))
    expect(page.locator("#map path.leaflet-interactive")).to_have_count(points)
    expect(page.locator("#map .leaflet-overlay-pane path")).to_have_count(12 + points)
    screenshot(page, "journey-2-request-posted")
    page.context.close()


def test_a_livestock_farmer_posts_a_lot(browser: Browser, live: LiveApp) -> None:
    post_lot(browser, live)


def test_an_arable_farmer_posts_a_request_and_sees_it_on_the_map(
    browser: Browser, live: LiveApp
) -> None:
    post_request(browser, live, points=1)


def solve(live: LiveApp, run_id: int) -> None:
    """What the worker's run_matching task does for a one-component run."""
    ctx = WorkerContext(state(live.app).settings)
    try:
        plan = pipeline.claim_and_prepare(ctx, run_id, "browser-test")
        assert plan is not None
        for index in plan.pending:
            pipeline.solve_stored_component(ctx, run_id, index, plan.token)
        assert pipeline.finish_run(ctx, run_id, plan.token) == "solved"
    finally:
        ctx.dispose()


def test_a_coordinator_runs_matching_and_the_delivery_gets_its_papers(
    browser: Browser, live: LiveApp
) -> None:
    post_lot(browser, live)
    post_request(browser, live, points=2)
    coordinator = log_in(browser, live, "coordinator@example.nl")
    coordinator.goto(f"{live.url}/review")
    coordinator.click("#submit")
    expect(coordinator.locator("#run-state")).to_contain_text("in de wachtrij")
    with state(live.app).session_factory() as session:
        run_id = session.scalars(select(MatchRun.id)).one()
    solve(live, run_id)
    expect(coordinator.locator("#totals-title")).to_be_visible()  # the poller reloaded
    expect(coordinator.locator("#map")).to_have_attribute("data-flow-count", "1")
    coordinator.locator("form.adjust input[name=tonnes]").fill("9999")  # rechecked live
    expect(coordinator.locator("[data-check-note]")).to_contain_text(
        "Van deze partij kan nog 500 t"
    )
    coordinator.get_by_role("button", name="Alles goedkeuren").click()
    expect(coordinator.locator(".flash-success")).to_contain_text("1 voorstel goedgekeurd.")
    screenshot(coordinator, "journey-3-run-approved")
    for email in ("veehouder@example.nl", "akkerbouwer@example.nl"):
        farmer = log_in(browser, live, email)
        farmer.goto(f"{live.url}/proposals")
        farmer.get_by_role("button", name="Accepteren").click()
        expect(farmer.locator(".flash-success")).to_be_visible()
        farmer.context.close()
    receiver = log_in(browser, live, "akkerbouwer@example.nl")
    receiver.goto(f"{live.url}/deliveries")
    receiver.get_by_role("link", name="Levering vastleggen").click()
    receiver.fill("#transport_document_no", "VDM-2026-004711")
    # The proposal names its delivery window (the receiver's spreading period); weighed
    # today, perhaps outside it, the receiver confirms the manure goes into storage.
    expect(receiver.locator("form .hint").first).to_contain_text("leveren mag")
    receiver.get_by_label("Geleverd buiten de leverperiode").check()
    screenshot(receiver, "journey-3-delivery-form")
    receiver.click("#submit")
    expect(receiver.locator(".flash-success")).to_contain_text("De levering is vastgelegd")
    link = receiver.get_by_role("link", name="Verklaring van herkomst (pdf)")
    pdf = receiver.request.get(f"{live.url}{link.get_attribute('href')}")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    screenshot(receiver, "journey-3-delivery-recorded")
