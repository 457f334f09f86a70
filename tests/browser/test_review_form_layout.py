"""A fresh-eyes tester's layout findings on the coordinator's forms, measured in headless
Chromium at 1280 px and on a 390 px phone (screenshots in test-artifacts/): a run's "from"
box sat lower than "until" beside it because of its hint, and the adjust page's button
touched the link back to the run."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page
from sqlalchemy import select

from market.models import Proposal
from tests.browser.conftest import LiveApp, log_in, screenshot
from tests.conftest import state
from tests.web.desk_helpers import add_big_run

SCREENS = {"desktop": (1280, 900), "phone": (390, 844)}
#: The least room (px) between a button and a link beside it, or between their lines.
GAP_PX = 8


def box(page: Page, selector: str) -> dict[str, float]:
    found = page.locator(selector).bounding_box()
    assert found is not None, selector
    return found


def coordinator_page(browser: Browser, live: LiveApp, screen: str) -> Page:
    page = log_in(browser, live, "coordinator@example.nl")
    page.set_viewport_size(dict(zip(("width", "height"), SCREENS[screen], strict=True)))
    return page


@pytest.mark.parametrize("screen", SCREENS)
def test_a_runs_from_and_until_boxes_line_up(browser: Browser, live: LiveApp, screen: str) -> None:
    page = coordinator_page(browser, live, screen)
    page.goto(f"{live.url}/review")
    screenshot(page, f"review-start-{screen}")
    if screen == "desktop":
        assert box(page, "#start")["y"] == box(page, "#until")["y"]
    else:  # one under the other, each box under its own label
        assert box(page, "#start")["y"] < box(page, "label[for=until]")["y"]


@pytest.mark.parametrize("screen", SCREENS)
def test_the_adjust_button_and_the_way_back_do_not_touch(
    browser: Browser, live: LiveApp, screen: str
) -> None:
    run = add_big_run(live.app, proposals=1)
    with state(live.app).session_factory() as session:
        proposal_id = session.scalars(
            select(Proposal.id).where(Proposal.run_id == run.run_id)
        ).one()
    page = coordinator_page(browser, live, screen)
    page.goto(f"{live.url}/review/proposals/{proposal_id}/adjust")
    screenshot(page, f"review-adjust-{screen}")
    button, back = box(page, "#submit"), box(page, f"form a[href$='/review/runs/{run.run_id}']")
    beside = back["x"] >= button["x"] + button["width"] + GAP_PX
    below = back["y"] >= button["y"] + button["height"] + GAP_PX
    assert beside or below, (button, back)
