"""Maps work offline: Leaflet and the provinces are our own static files; tiles are optional."""

from __future__ import annotations

import json
from pathlib import Path

from flask.testing import FlaskClient

from market.core.app import create_app
from market.core.db import upgrade
from market.models import PROVINCES
from tests.conftest import log_in, post_form, settings_for, state
from tests.web.conftest import Market
from tests.web.test_signup import FORM as SIGNUP_FORM


def test_browse_shows_a_map_of_the_listings_from_our_own_files(
    client: FlaskClient, marketplace: Market
) -> None:
    log_in(client, marketplace.livestock_email)
    page = client.get("/listings").get_data(as_text=True)
    assert 'data-tiles=""' in page
    assert "/static/vendor/leaflet/leaflet.js" in page and "https://" not in page.split("<main")[0]
    assert page.count("&#34;side&#34;: &#34;lot&#34;") == 2  # the two open lots
    with client.get("/static/vendor/leaflet/leaflet.js") as leaflet:
        assert leaflet.status_code == 200
    assert "/static/vendor/nl-boundaries/provinces.geojson" in page
    with client.get("/static/vendor/nl-boundaries/provinces.geojson") as response:
        boundaries = json.loads(response.get_data(as_text=True))
    names = {feature["properties"]["name"] for feature in boundaries["features"]}
    assert names == set(PROVINCES)
    assert client.get("/listings").headers["Content-Security-Policy"].count("img-src") == 0


def test_a_tile_server_is_configurable_and_allowed_by_the_csp(tmp_path: Path) -> None:
    tiles = "https://tiles.example.nl/{z}/{x}/{y}.png"
    settings = settings_for(tmp_path / "instance", MESTMATCH_TILE_URL=tiles)
    upgrade(settings.database_url)
    app = create_app(settings)
    response = app.test_client().get("/figures")
    assert response.headers["Content-Security-Policy"].endswith(
        "img-src 'self' https://tiles.example.nl"
    )
    assert app.jinja_env.globals["map_tile_url"] == tiles
    state(app).session_factory.kw["bind"].dispose()


def test_the_farm_page_shows_where_the_farm_lies(client: FlaskClient, marketplace: Market) -> None:
    log_in(client, marketplace.arable_email)
    page = client.get("/farm").get_data(as_text=True)
    assert 'aria-label="Waar het bedrijf ligt"' in page
    assert "&#34;lat&#34;: 52.1, &#34;lon&#34;: 5.3" in page


def test_the_sign_up_form_has_a_hidden_map_to_place_the_farm(client: FlaskClient) -> None:
    page = client.get("/signup").get_data(as_text=True)
    assert 'id="place-map"' in page and 'data-lat-field="lat" data-lon-field="lon"' in page
    assert 'aria-label="Kaart om uw bedrijf aan te wijzen"' in page
    assert '<div class="map place-map" id="place-map" role="region" hidden' in page  # for JS
    assert "/static/js/place_map.js" in page and "/static/js/base_map.js" in page


def test_coordinates_outside_the_chosen_province_are_refused_in_dutch(client: FlaskClient) -> None:
    form = {**SIGNUP_FORM, "province": "Zeeland", "lat": "52,98", "lon": "6,70"}
    page = post_form(client, "/signup", form).get_data(as_text=True)
    assert "De coördinaten liggen buiten de provincie die u koos." in page


def test_every_page_names_its_icon_and_the_app_serves_it(client: FlaskClient) -> None:
    """The newcomer's console showed a 404 for /favicon.ico on every page: the pages name
    our own icon, served with the other static files (no request leaves the app)."""
    page = client.get("/login").get_data(as_text=True)
    assert '<link rel="icon" type="image/svg+xml" href="/static/favicon.svg">' in page
    with client.get("/static/favicon.svg") as icon:  # a file response: closed after reading
        assert icon.status_code == 200 and icon.data.startswith(b"<svg")
