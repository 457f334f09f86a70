"""The marketplace's main journey with the keyboard alone (WCAG 2.1.1), at 1280 px and 390 px.

A livestock farmer logs in, goes to My listings, opens the form and offers 500 t of cattle
slurry; the coordinator logs in, starts a run from the run list and approves its proposal.
Nothing is clicked and no field is filled by the test: every step is Tab, Shift+Tab, typing,
Enter or Space. On every stop of the Tab key the focused element must show a focus mark
(an outline or a box shadow) and lie on the screen, so a sighted keyboard user sees where
they are. The pages are saved as test-artifacts/keyboard-*.png.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from market.models import Farm, MatchRun
from tests.browser.conftest import TIMEOUT_MS, LiveApp, screenshot
from tests.browser.test_journeys import solve
from tests.conftest import state
from tests.factories import PASSWORD, add_request

SCREENS = {"desktop": (1280, 900), "phone": (390, 844)}
#: Tab stops allowed on the way to one control: a page's header, filters and table fit.
MOST_TABS = 150
#: What the focused element looks like: its tag, text, whether a mark shows and where it is.
FOCUS_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) { return null; }
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  const outlined = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  return {
    tag: el.tagName, id: el.id, text: (el.innerText || el.value || "").trim().slice(0, 40),
    marked: outlined || style.boxShadow !== "none",
    onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
      && box.top < innerHeight && box.left < innerWidth,
  };
}"""


def focused(page: Page) -> dict[str, Any] | None:
    result: dict[str, Any] | None = page.evaluate(FOCUS_JS)
    return result


def tab_to(page: Page, selector: str) -> None:
    """Press Tab until the first element matching `selector` (a Playwright selector) has the
    focus; every element passed on the way must show its focus mark on the screen."""
    target = page.locator(selector).first
    for _ in range(MOST_TABS):
        page.keyboard.press("Tab")
        here = focused(page)
        if here is None:
            continue
        assert here["marked"] and here["onScreen"], f"focus not visible on {here}"
        if target.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"{selector} not reached with {MOST_TABS} presses of Tab")


def type_into(page: Page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.type(text)


def log_in(browser: Browser, live: LiveApp, email: str, size: tuple[int, int]) -> Page:
    """A fresh Dutch context at `size`, logged in with the keyboard only."""
    page = browser.new_context(
        locale="nl-NL", viewport={"width": size[0], "height": size[1]}
    ).new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{live.url}/login")  # typed into the address bar
    type_into(page, "#email", email)
    type_into(page, "#password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live.url}/")
    return page


def follow(page: Page, href: str) -> None:
    """Tab to the link to `href` and press Enter on it."""
    tab_to(page, f'a[href="{href}"]')
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{href}")


def offer_slurry(browser: Browser, live: LiveApp, size: tuple[int, int], screen: str) -> None:
    farmer = log_in(browser, live, "veehouder@example.nl", size)
    follow(farmer, "/listings/mine")
    follow(farmer, "/lots/new")
    tab_to(farmer, "#kind")
    farmer.keyboard.type("Rundveedrijfmest")  # a closed select picks the option typed
    expect(farmer.locator("#kind")).to_have_value("cattle_slurry")
    type_into(farmer, "#tonnes", "500")
    type_into(farmer, "#n_kg_per_t", "4,4")
    screenshot(farmer, f"keyboard-1-lot-form-{screen}")
    tab_to(farmer, "#submit")
    farmer.keyboard.press("Enter")
    expect(farmer.locator(".flash-success")).to_contain_text("Uw partij is geplaatst")
    screenshot(farmer, f"keyboard-2-lot-posted-{screen}")
    farmer.context.close()


def _wanted(live: LiveApp) -> None:
    """Akkerbouw Kampen, 20 km away, asks for 1,500 kg N of any organic kind."""
    with state(live.app).session_factory() as session:
        kampen = session.scalars(select(Farm).where(Farm.name == "Akkerbouw Kampen")).one()
        add_request(session, kampen, 1500.0)
        session.commit()


@pytest.mark.parametrize("screen", SCREENS)
def test_a_lot_is_offered_and_its_proposal_approved_with_the_keyboard_alone(
    browser: Browser, live: LiveApp, screen: str
) -> None:
    size = SCREENS[screen]
    offer_slurry(browser, live, size, screen)
    _wanted(live)
    coordinator = log_in(browser, live, "coordinator@example.nl", size)
    follow(coordinator, "/review")
    tab_to(coordinator, "#submit")
    coordinator.keyboard.press("Enter")
    expect(coordinator.locator("#run-state")).to_contain_text("in de wachtrij")
    with state(live.app).session_factory() as session:
        run_id = session.scalars(select(MatchRun.id)).one()
    solve(live, run_id)
    expect(coordinator.locator("#totals-title")).to_be_visible()  # the poller reloaded
    tab_to(coordinator, "tr[id^=p] button:text-is('Goedkeuren')")
    screenshot(coordinator, f"keyboard-3-approve-focused-{screen}")
    coordinator.keyboard.press("Space")
    expect(coordinator.locator(".flash-success")).to_be_visible()
    expect(coordinator.locator("tr[id^=p] .review")).to_contain_text("goedgekeurd")
    screenshot(coordinator, f"keyboard-4-approved-{screen}")
