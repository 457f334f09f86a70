"""Which province a point lies in: the vendored provinces' boundaries, read in pure Python.

The boundaries are Natural Earth's 1:10 million admin-1 layer (public domain), vendored as
`static/vendor/nl-boundaries/provinces.geojson` by `make vendor-boundaries` and drawn by the
maps as their base layer (`market.core.maps`). They are coarse, and older than 2019: a border
may lie up to about 2 km off (Vaals lies 1.8 km outside Limburg's polygon), and the
Vijfheerenlanden (Utrecht since 2019) still lie in Zuid-Holland, up to about 14 km from
Utrecht's edge (Kedichem: 13 km, measured). So the farm's check (`in_province`, used by the
sign-up and farm schemas) only refuses a farm farther than `PROVINCE_TOLERANCE_KM` from its
province: a mistyped degree or a province picked by mistake, never a farm near a border.
"""

from __future__ import annotations

import json
import math
from functools import cache
from itertools import pairwise
from pathlib import Path

#: The vendored boundaries (GeoJSON, WGS84 lon/lat), `properties.name` as in `PROVINCES`.
BOUNDARIES = Path(__file__).resolve().parents[1] / "static/vendor/nl-boundaries/provinces.geojson"
#: How far outside its province's boundary a farm may lie and pass (km): the data's largest
#: known error is about 14 km (see the module's docstring), so 20 km leaves a margin.
PROVINCE_TOLERANCE_KM = 20.0
#: Kilometres per degree of latitude, and of longitude at the equator (WGS84, rounded).
KM_PER_DEGREE_LAT, KM_PER_DEGREE_LON = 110.574, 111.320

Ring = list[tuple[float, float]]  # (lon, lat) corners, the first repeated at the end
Polygon = list[Ring]  # the outer ring, then its holes


@cache
def provinces() -> dict[str, list[Polygon]]:
    """Each province's polygons (lon/lat degrees), read once from `BOUNDARIES`."""
    collection = json.loads(BOUNDARIES.read_text(encoding="utf-8"))
    shapes: dict[str, list[Polygon]] = {}
    for feature in collection["features"]:
        geometry = feature["geometry"]
        parts = geometry["coordinates"]
        polygons = parts if geometry["type"] == "MultiPolygon" else [parts]
        shapes[feature["properties"]["name"]] = [
            [[(lon, lat) for lon, lat in ring] for ring in polygon] for polygon in polygons
        ]
    return shapes


def _inside(lat: float, lon: float, polygon: Polygon) -> bool:
    """Even-odd ray casting along the latitude: inside the outer ring and in no hole."""
    crossings = False
    for ring in polygon:
        for (x1, y1), (x2, y2) in pairwise(ring):
            if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
                crossings = not crossings
    return crossings


def km_outside_province(lat: float, lon: float, province: str) -> float:
    """How far (km) the point lies outside `province`'s boundary: 0.0 inside it.

    Distances are measured on the plane tangent at the point (longitude shrunk by the cosine
    of the latitude), exact to well under 1 % over the tens of kilometres that matter here.
    Raises `KeyError` for a name not in `PROVINCES`.
    """
    km_lon = KM_PER_DEGREE_LON * math.cos(math.radians(lat))
    nearest = math.inf
    for polygon in provinces()[province]:
        if _inside(lat, lon, polygon):
            return 0.0
        for ring in polygon:
            for (x1, y1), (x2, y2) in pairwise(ring):
                ax, ay = (x1 - lon) * km_lon, (y1 - lat) * KM_PER_DEGREE_LAT
                dx, dy = (x2 - x1) * km_lon, (y2 - y1) * KM_PER_DEGREE_LAT
                length = dx * dx + dy * dy
                share = 0.0 if length == 0 else min(1.0, max(0.0, -(ax * dx + ay * dy) / length))
                nearest = min(nearest, math.hypot(ax + share * dx, ay + share * dy))
    return nearest


def in_province(lat: float, lon: float, province: str) -> bool:
    """Whether a farm at the point may say it lies in `province` (within the tolerance)."""
    return km_outside_province(lat, lon, province) <= PROVINCE_TOLERANCE_KM
