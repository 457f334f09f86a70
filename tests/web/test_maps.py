"""Maps work offline: Leaflet and the outline are our own static files; tiles are optional."""

from __future__ import annotations

import json
from pathlib import Path

from flask.testing import FlaskClient

from market.core.app import create_app
from market.core.db import upgrade
from tests.conftest import log_in, settings_for, state
from tests.web.conftest import Market


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
    with client.get("/static/maps/nl.geojson") as response:
        outline = json.loads(response.get_data(as_text=True))
    names = {feature["properties"]["name"] for feature in outline["features"]}
    assert {"Nederland", "Zeeland", "Groningen", "Limburg"} <= names
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
