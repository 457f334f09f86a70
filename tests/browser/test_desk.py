"""The coordinator's desk in headless Chromium: 500 proposals, filtered and approved as a set,
on a 1280 px screen and a 390 px phone, each step ending in a screenshot (test-artifacts/).

Besides what the page says, the layout is measured: no proposal's actions may be cut off or
scrolled out of the table at 1280 px, and on the phone every card value lies within the
screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import LiveApp, log_in, screenshot
from tests.web.desk_helpers import add_big_run

SCREENS = {"desktop": (1280, 900), "phone": (390, 844)}


def fits(page: Page, selector: str) -> bool:
    """No element of `selector` has content wider than its box (nothing scrolled away)."""
    return bool(
        page.eval_on_selector_all(
            selector, "els => els.every(e => e.scrollWidth <= e.clientWidth + 1)"
        )
    )


def rightmost(page: Page, selector: str) -> float:
    """The right edge (CSS px) of the widest-reaching visible element of `selector`."""
    return float(
        page.eval_on_selector_all(
            selector,
            "els => Math.max(...els.filter(e => e.offsetParent)"
            ".map(e => e.getBoundingClientRect().right))",
        )
    )


@pytest.mark.parametrize("screen", SCREENS)
def test_a_coordinator_filters_500_proposals_and_approves_the_filtered_set(
    browser: Browser, live: LiveApp, screen: str
) -> None:
    big = add_big_run(live.app)
    page = log_in(browser, live, "coordinator@example.nl")
    width, height = SCREENS[screen]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live.url}/review/runs/{big.run_id}")
    expect(page.locator("#proposals-title")).to_contain_text("Voorstellen (500)")
    expect(page.locator("tr[id^=p]")).to_have_count(50)
    expect(page.locator(".pager")).to_contain_text("Pagina 1 van 10")
    assert fits(page, ".desk .table-wrap")
    if screen == "desktop":
        wrap = page.locator(".desk .table-wrap").bounding_box()
        assert wrap is not None
        assert rightmost(page, ".desk td.review .button") <= wrap["x"] + wrap["width"]
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    else:
        assert rightmost(page, ".desk td, .desk td *, .desk .stat *") <= width
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"desk-{screen}-1-all-500")

    page.select_option("#f-province", "Friesland")
    page.select_option("#f-kind", "cattle_slurry")
    page.select_option("#f-sort", "tonnes")
    page.locator(".desk form.filters button[type=submit]").click()
    expect(page.locator("#proposals-title")).to_contain_text("van 500")
    rows = page.locator("tr[id^=p]")
    count = rows.count()
    assert 0 < count <= 50
    approve = page.get_by_role("button", name=f"De {count} getoonde open voorstellen goedkeuren")
    expect(approve).to_be_visible()
    screenshot(page, f"desk-{screen}-2-filtered")

    approve.click()
    expect(page.locator(".flash-success")).to_contain_text(f"{count} voorstellen goedgekeurd")
    expect(page.locator("#f-province")).to_have_value("Friesland")  # filter and order stay
    expect(page.locator("#f-sort")).to_have_value("tonnes")
    expect(page.locator("td.review", has_text="goedgekeurd")).to_have_count(count)
    assert fits(page, ".desk .table-wrap")
    screenshot(page, f"desk-{screen}-3-approved")
    page.goto(f"{live.url}/review")
    expect(page.locator("tbody tr").first).to_contain_text(str(count))
    screenshot(page, f"desk-{screen}-4-runs")
    page.context.close()
