"""Maps in the browser without a tile server: the provinces are the base layer, and the
sign-up and farm forms have a map that fills the coordinate fields (mouse and keyboard)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, Response
from playwright.sync_api import Browser, Page, expect

from config import Settings
from tests.browser.axe import serious_violations
from tests.browser.conftest import TIMEOUT_MS, LiveApp, log_in, screenshot, serving
from tests.conftest import running_app

#: Any PNG will do as a tile: Leaflet's own layers icon.
TILE = Path(__file__).resolve().parents[2] / "market/static/vendor/leaflet/images/layers.png"

WIDTHS = {"desktop": 1280, "phone": 390}


def _degrees(page: Page, field: str) -> float:
    """The field's value as the Dutch page writes it ("52,19836")."""
    return float(page.input_value(field).replace(",", "."))


def _only_our_own_host(page: Page, live: LiveApp) -> list[str]:
    """Every URL the page asks for that is not the app itself (filled as the page loads)."""
    ours = urlsplit(live.url).netloc
    elsewhere: list[str] = []
    page.on(
        "request", lambda r: None if urlsplit(r.url).netloc == ours else elsewhere.append(r.url)
    )
    return elsewhere


def test_the_provinces_are_drawn_under_the_listings_without_a_tile_server(
    browser: Browser, live: LiveApp
) -> None:
    page = log_in(browser, live, "akkerbouwer@example.nl")
    elsewhere = _only_our_own_host(page, live)
    for name, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live.url}/listings")
        expect(page.locator("#map")).to_have_attribute("data-ready", "true")
        assert page.locator("#map").get_attribute("data-tiles") == ""
        expect(page.locator("#map .leaflet-tile")).to_have_count(0)
        expect(page.locator("#map .leaflet-overlay-pane path")).to_have_count(
            12
        )  # the provinces, no listings
        screenshot(page, f"map-base-layer-{name}")
    assert elsewhere == []
    page.context.close()


def test_clicking_the_sign_up_map_fills_the_coordinates_and_typing_moves_the_marker(
    browser: Browser, live: LiveApp
) -> None:
    page = browser.new_context(locale="nl-NL", bypass_csp=True).new_page()  # axe-core
    page.set_default_timeout(TIMEOUT_MS)
    for name, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live.url}/signup")
        place = page.locator("#place-map")
        expect(place).to_have_attribute("data-ready", "true")
        expect(page.locator("#place-map-hint")).to_be_visible()
        expect(place.locator(".leaflet-overlay-pane path")).to_have_count(12)
        assert page.input_value("#lat") == "" and page.input_value("#lon") == ""
        place.scroll_into_view_if_needed()
        place.click()  # the centre of the map, which opens on the Netherlands at [52.2, 5.5]
        expect(place).to_have_attribute("data-placed", "true")
        assert "," in page.input_value("#lat")  # written as the Dutch form reads it
        assert 51.5 < _degrees(page, "#lat") < 53.0 and 4.5 < _degrees(page, "#lon") < 6.5
        screenshot(page, f"map-place-farm-{name}")
        assert serious_violations(page) == []  # the map shown, the farm placed

    page.goto(f"{live.url}/signup")
    expect(page.locator("#place-map")).to_have_attribute("data-ready", "true")
    page.fill("#lat", "52,98")
    page.fill("#lon", "6,70")  # typed: the marker appears at the typed place
    expect(page.locator("#place-map .leaflet-overlay-pane path")).to_have_count(13)
    page.context.close()


def test_the_keyboard_places_the_farm_at_the_cross_and_the_form_saves_it(
    browser: Browser, live: LiveApp
) -> None:
    page = log_in(browser, live, "veehouder@example.nl")
    page.goto(f"{live.url}/farm/edit")
    place = page.locator("#place-map")
    expect(place).to_have_attribute("data-ready", "true")
    expect(place.locator(".leaflet-overlay-pane path")).to_have_count(
        13
    )  # the 12 provinces and the farm
    assert (_degrees(page, "#lat"), _degrees(page, "#lon")) == (52.51, 6.09)
    place.focus()
    page.keyboard.press("ArrowUp")  # the map moves 80 px north (Leaflet's keyboardPanDelta)
    page.wait_for_function(
        "() => document.querySelector('#place-map .leaflet-map-pane').style.transform"
        " === 'translate3d(0px, 80px, 0px)'"
    )
    page.keyboard.press("Enter")  # the farm goes to the cross at the centre
    expect(place).to_have_attribute("data-placed", "true")
    moved = _degrees(page, "#lat")
    assert 52.51 < moved < 52.6 and abs(_degrees(page, "#lon") - 6.09) < 0.001
    page.click("#submit")
    page.wait_for_url(f"{live.url}/farm")
    page.goto(f"{live.url}/farm/edit")
    assert _degrees(page, "#lat") == moved
    page.context.close()


def test_a_configured_tile_server_lies_under_the_provinces_lines(
    browser: Browser, settings: Settings
) -> None:
    tiles = Flask("tiles")
    tiles.add_url_rule(
        "/<int:z>/<int:x>/<int:y>.png",
        "tile",
        lambda z, x, y: Response(TILE.read_bytes(), mimetype="image/png"),
    )
    with serving(tiles) as tile_server:
        tiled = replace(settings, tile_url=f"{tile_server.url}/{{z}}/{{x}}/{{y}}.png")
        with running_app(tiled) as app, serving(app) as live:
            page = browser.new_context(locale="nl-NL").new_page()
            page.set_default_timeout(TIMEOUT_MS)
            page.goto(f"{live.url}/signup")
            place = page.locator("#place-map")
            expect(place).to_have_attribute("data-ready", "true")
            expect(place.locator(".leaflet-tile-loaded").first).to_be_visible()
            provinces = place.locator(".leaflet-overlay-pane path")
            expect(provinces).to_have_count(12)
            assert provinces.first.get_attribute("fill-opacity") == "0"  # lines only
            page.context.close()
