"""A newcomer's layout findings, measured in headless Chromium at 1280 px and on a 390 px phone
(screenshots in test-artifacts/): fields side by side line up whether or not one has a hint,
and the desk's order select shows its whole choice on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import LiveApp, log_in, screenshot
from tests.web.desk_helpers import add_big_run

SCREENS = {"desktop": (1280, 900), "phone": (390, 844)}
#: The width (px) a select needs beside its chosen text: its padding, border and arrow.
SELECT_CHROME_PX = 40
#: The width (px) of the chosen option's text in the select's own font.
CHOSEN_TEXT_JS = """select => {
  const probe = document.createElement("span");
  probe.style.font = getComputedStyle(select).font;
  probe.style.whiteSpace = "nowrap";
  probe.style.position = "absolute";
  probe.textContent = select.options[select.selectedIndex].text;
  document.body.append(probe);
  const width = probe.getBoundingClientRect().width;
  probe.remove();
  return width;
}"""


def top(page: Page, selector: str) -> float:
    box = page.locator(selector).bounding_box()
    assert box is not None, selector
    return float(box["y"])


@pytest.mark.parametrize("screen", SCREENS)
def test_latitude_and_longitude_boxes_line_up_though_one_has_a_hint(
    browser: Browser, live: LiveApp, screen: str
) -> None:
    """Only latitude has a hint ("Alleen als de partij niet op het bedrijf ligt"): its box sat
    a line lower than longitude's beside it."""
    page = log_in(browser, live, "veehouder@example.nl")
    page.set_viewport_size(dict(zip(("width", "height"), SCREENS[screen], strict=True)))
    page.goto(f"{live.url}/lots/new")
    page.locator("#lat").scroll_into_view_if_needed()
    screenshot(page, f"lot-form-{screen}")
    if screen == "desktop":
        assert top(page, "#lat") == top(page, "#lon")
        assert top(page, "#available_from") == top(page, "#available_until")
    else:  # one under the other, each box under its own label
        assert top(page, "#lat") < top(page, "label[for=lon]") < top(page, "#lon")


def test_the_order_select_shows_its_whole_choice_on_a_phone(
    browser: Browser, live: LiveApp
) -> None:
    """ "kg N, grootste eerst" was cut off in half the width of a 390 px screen."""
    big = add_big_run(live.app)
    page = log_in(browser, live, "coordinator@example.nl")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live.url}/review/runs/{big.run_id}")
    select = page.locator("#f-sort")
    select.scroll_into_view_if_needed()
    screenshot(page, "desk-phone-order")
    text = float(select.evaluate(CHOSEN_TEXT_JS))
    width = float(select.evaluate("select => select.clientWidth"))
    assert text + SELECT_CHROME_PX <= width, (text, width)
