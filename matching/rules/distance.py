"""The great-circle distance ("as the crow flies") the rules and the engine start from.

INSTANCE.md fixes the measure: the haversine distance on a sphere of radius 6371.0 km;
the engine multiplies it by the instance's road factor. One formula serves arrays (the
engine's lots × requests blocks) and single points (a page's "km from your farm").
"""

from __future__ import annotations

import numpy as np

#: The mean Earth radius of INSTANCE.md, km.
EARTH_RADIUS_KM = 6371.0


def great_circle_km_array(
    lat1: np.ndarray | float,
    lon1: np.ndarray | float,
    lat2: np.ndarray | float,
    lon2: np.ndarray | float,
) -> np.ndarray:
    """Haversine distance in km between broadcastable arrays of degrees.

    d = 2 R asin(√h), h = sin²((φ₂ − φ₁)/2) + cos φ₁ cos φ₂ sin²((λ₂ − λ₁)/2), R = 6371.0 km;
    √h is clipped at 1 against rounding for antipodal points.
    """
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dl = np.radians(np.subtract(lon2, lon1))
    h = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2.0 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))


def great_circle_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Haversine distance in km between two (lat, lon) points in degrees."""
    return float(great_circle_km_array(a[0], a[1], b[0], b[1]))
