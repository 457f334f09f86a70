"""After a refused submit, focus is on the error summary at the top of the form.

Every form of the site, sent empty or with a wrong value, comes back with the summary of
`templates/macros/forms.html` (`form_errors`): it has the focus, each problem with a field
links to that field, and the page has no serious axe-core fault. The landing page and the
sign-up form with its summary are photographed at 1280 and 390 px wide for a person to look
at (`test-artifacts/`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.axe import serious_violations
from tests.browser.conftest import TIMEOUT_MS, LiveApp, log_in, screenshot

WIDTHS = (1280, 390)


@dataclass(frozen=True)
class Refusal:
    """Who opens `path`, what `send` does there to have the form refused, and the id of a
    field the summary must link to (None: a problem of no single field)."""

    who: str | None
    path: str
    send: Callable[[Page], None]
    field: str | None


def submit(selector: str = "#submit", **values: str) -> Callable[[Page], None]:
    """Fill the fields `values` (by id) and click `selector`."""

    def send(page: Page) -> None:
        for name, value in values.items():
            page.fill(f"#{name}", value)
        page.click(selector)

    return send


def nothing(page: Page) -> None:
    """A GET form whose refused value is already in the address."""


FARMER, ARABLE, COORDINATOR = (
    "veehouder@example.nl",
    "akkerbouwer@example.nl",
    "coordinator@example.nl",
)
REFUSALS = [
    Refusal(None, "/login", submit(), "email"),
    Refusal(None, "/login", submit(email="veehouder@example.nl", password="wrong-pass"), None),
    Refusal(None, "/signup", submit(), "role"),
    Refusal(FARMER, "/lots/new", submit(), "tonnes"),
    Refusal(FARMER, "/farm/edit", submit(name="", area_ha="veel"), "area_ha"),
    Refusal(FARMER, "/farm", submit("form[action$='/farm/livestock'] [type=submit]"), "head_count"),
    Refusal(FARMER, "/farm", submit("form[action$='/farm/parcels'] [type=submit]"), "ha"),
    Refusal(FARMER, "/account/tokens", submit("form[action$='/account/tokens'] button"), "name"),
    Refusal(ARABLE, "/requests/new", submit(), "n_kg"),
    Refusal(ARABLE, "/listings?max_km=ver", nothing, "max_km"),
    Refusal(COORDINATOR, "/review", submit(start="2026-12-31", until="2026-12-01"), "until"),
    Refusal(COORDINATOR, "/audit?since=gisteren", nothing, "since"),
    Refusal(None, "/figures?year=twintig", nothing, "year"),
]


def open_page(browser: Browser, live: LiveApp, who: str | None, width: int = 1280) -> Page:
    """A Dutch page `width` px wide that lets axe in, logged in as `who` if given."""
    if who is not None:
        page = log_in(browser, live, who, bypass_csp=True)
    else:
        page = browser.new_context(locale="nl-NL", bypass_csp=True).new_page()
        page.set_default_timeout(TIMEOUT_MS)
    page.set_viewport_size({"width": width, "height": 900})
    return page


@pytest.mark.parametrize("refusal", REFUSALS, ids=lambda r: f"{r.who}{r.path}")
def test_a_refused_form_puts_focus_on_its_error_summary(
    browser: Browser, live: LiveApp, refusal: Refusal
) -> None:
    page = open_page(browser, live, refusal.who)
    page.goto(live.url + refusal.path)
    refusal.send(page)
    summary = page.locator("[data-error-summary]").first
    expect(summary).to_be_focused()
    expect(summary.locator("h2")).to_have_text("Verbeter het volgende")
    if refusal.field is not None:
        link = summary.locator(f"a[href='#{refusal.field}']")
        expect(link).to_have_count(1)
        expect(link).to_contain_text(":")  # "label: message", never a bare message
        link.click()
        expect(page.locator(f"#{refusal.field}")).to_be_focused()
    assert not serious_violations(page), serious_violations(page)
    page.context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_screenshots_of_the_landing_page_and_a_refused_sign_up(
    browser: Browser, live: LiveApp, width: int
) -> None:
    page = open_page(browser, live, None, width)
    page.goto(live.url + "/")
    expect(page.locator("h1")).to_have_text(
        "Biologische mest, gekoppeld aan het land dat hem nodig heeft"
    )
    expect(page.get_by_role("link", name="Inloggen").first).to_be_visible()
    expect(page.get_by_role("link", name="Meld uw bedrijf aan").first).to_be_visible()
    screenshot(page, f"landing-{width}")
    page.goto(live.url + "/signup")
    page.fill("#email", "nieuw@example.nl")
    page.click("#submit")
    expect(page.locator("[data-error-summary]")).to_be_focused()
    screenshot(page, f"signup-error-summary-{width}")
    assert not serious_violations(page)
    page.context.close()
