"""No serious or critical axe-core violation on any page of the demo, for any role.

The demo data set (`market.demo`) is seeded, with a solved run whose proposals a coordinator
approved, one proposal waiting for review and one delivery, so the run, proposal and
delivery pages exist. Each demo account (and a visitor) then follows every link from the
front page; a page is checked once per shape of its path (`/lots/3` stands for every lot).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from config import Settings
from market.core.clock import today
from market.demo.data import ACCOUNTS
from market.demo.seed import seed_demo
from tests.browser.axe import Violation, serious_violations
from tests.browser.conftest import TIMEOUT_MS, LiveApp, serving
from tests.browser.crawl import crawl
from tests.browser.seeding import reviewed_run
from tests.conftest import running_app, state

#: Paths not to follow: leaving, switching language, static files and downloads (a page
#: that answers anything but HTML is skipped too).
MOST_PAGES = 60


@pytest.fixture
def demo(settings: Settings) -> Iterator[LiveApp]:
    """The demo market with a reviewed run and a delivery, served on a free port."""
    with running_app(settings) as app:
        with state(app).session_factory() as session:
            seed_demo(session, today(settings))
            reviewed_run(session, settings)
            session.commit()
        with serving(app) as live:
            yield live


def visit_all(page: Page, live: LiveApp) -> tuple[list[str], list[Violation]]:
    """Every page reachable by links from the front page: its path and axe's findings."""
    visited, found = [], []
    for path in crawl(page, live, ["/"], MOST_PAGES):
        visited.append(path)
        found += serious_violations(page)
    return visited, found


def open_as(browser: Browser, live: LiveApp, email: str | None) -> Page:
    """A fresh Dutch context that lets axe in (bypass_csp), logged in as `email` if given."""
    page = browser.new_context(locale="nl-NL", bypass_csp=True).new_page()
    page.set_default_timeout(TIMEOUT_MS)
    if email is not None:
        account = next(a for a in ACCOUNTS if a.email == email)
        page.goto(f"{live.url}/login")
        page.fill("#email", account.email)
        page.fill("#password", account.password)
        page.click("#submit")
        page.wait_for_url(f"{live.url}/**")
    return page


@pytest.mark.parametrize(
    ("who", "pages"),
    [
        (None, {"/", "/login", "/signup", "/figures", "/password/forgot"}),
        (
            "veehouder@demo.mestmatch.nl",
            {"/farm", "/farm/edit", "/listings", "/proposals", "/deliveries/N", "/lots/N"},
        ),
        (
            "akkerbouwer@demo.mestmatch.nl",
            {"/farm", "/requests/new", "/requests/N/edit", "/deliveries", "/account/tokens"},
        ),
        (
            "coordinator@demo.mestmatch.nl",
            {"/farms", "/farms/N", "/review", "/review/runs/N", "/audit", "/deliveries/N"},
        ),
    ],
)
def test_no_page_has_serious_accessibility_faults(
    browser: Browser, demo: LiveApp, who: str | None, pages: set[str]
) -> None:
    page = open_as(browser, demo, who)
    visited, found = visit_all(page, demo)
    page.context.close()
    assert pages <= {re.sub(r"\d+", "N", path) for path in visited}, visited
    assert not found, "\n".join(str(violation) for violation in found)


def test_axe_sees_a_link_whose_name_hides_its_visible_text(browser: Browser) -> None:
    """The fault the language links had ("NL" named "Nederlands"): the check catches it."""
    page = browser.new_page()
    page.set_content(
        '<html lang="nl"><head><title>Taal</title></head><body><main>'
        '<a href="/language/nl" aria-label="Nederlands">NL</a></main></body></html>'
    )
    found = serious_violations(page)
    page.close()
    assert [violation.rule for violation in found] == ["label-content-name-mismatch"]
