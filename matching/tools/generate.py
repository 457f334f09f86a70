"""`python -m matching generate --farms N [--seed S] -o INSTANCE.json`: synthetic instances.

National-scale test data for benchmarks and what-if runs: farms clustered in the real
agricultural regions (`generate_farms`), lots and requests per farm profile
(`generate_lots`) with nutrient contents from the standard contents table. Everything is
drawn from one `random.Random(seed)`, so a seed gives the same document on every machine.
At 2,000 farms the default parameters give on the order of 100,000 candidate arcs within
150 road km and a few dozen farms that need the R5 either-or decision.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Mapping, Sequence
from typing import Any

from matching.tools.generate_farms import draw_sites
from matching.tools.generate_lots import Contents, build_farm, build_lots, build_requests
from matching.validate import write_document
from matching.vocabulary import INSTANCE_FORMAT

DEFAULT_DATE = "2026-11-22"
# The rulebook's numbers (RULES.md R1, R8; prices and reach as in config.settings.policy).
DEFAULT_PARAMS: Mapping[str, Any] = {
    "n_cap_kg_per_ha": 170,
    "a_share_min": 0.70,
    "n_value_eur_per_kg": 2.0,
    "transport_eur_per_t_km": 0.15,
    "road_factor": 1.3,
    "max_distance_km": 150,
    "min_delivery_t": None,
}
OVERRIDE_SHARE = 0.005  # share of lots with a measured road distance to one request


def standard_contents() -> Contents:
    """kind -> (N, P2O5, K2O) kg per tonne from `matching/data/standard_contents.json`."""
    from matching.reference import standard_contents as table

    rows = table()["kinds"]
    return {
        kind: (float(r["n_kg_per_t"]), float(r["p2o5_kg_per_t"]), float(r["k2o_kg_per_t"]))
        for kind, r in rows.items()
    }


def _overrides(rng: random.Random, lots: list[dict], requests: list[dict]) -> list[dict]:
    """A few measured road distances (route planner km) for random lot/request pairs."""
    if not requests:
        return []
    count = max(1, round(OVERRIDE_SHARE * len(lots)))
    pairs = {(rng.choice(lots)["id"], rng.choice(requests)["id"]) for _ in range(count)}
    return [
        {"lot": lot, "request": req, "km": round(rng.uniform(5, 140), 1)}
        for lot, req in sorted(pairs)
    ]


def generate_instance(
    farms: int, seed: int = 0, *, date: str = DEFAULT_DATE, contents: Contents | None = None
) -> dict[str, Any]:
    """An instance document with `farms` farms, reproducible from `seed`."""
    rng = random.Random(seed)
    table = standard_contents() if contents is None else contents
    year = int(date[:4])
    params = dict(DEFAULT_PARAMS)
    farm_docs, lots, requests = [], [], []
    for site in draw_sites(rng, farms):
        farm = build_farm(rng, site, float(params["n_cap_kg_per_ha"]))
        farm_docs.append(farm)
        lots += build_lots(rng, site, farm, table, year)
        requests += build_requests(rng, site, farm)
    return {
        "format": INSTANCE_FORMAT,
        "date": date,
        "params": params,
        "farms": farm_docs,
        "lots": lots,
        "requests": requests,
        "distances": _overrides(rng, lots, requests),
    }


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m matching generate", description="Write a realistic synthetic instance."
    )
    parser.add_argument("--farms", type=int, required=True, help="number of farms")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--date", default=DEFAULT_DATE, help="instance date (YYYY-MM-DD)")
    parser.add_argument("-o", "--output", required=True, help="instance JSON to write")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Write the instance; 0 on success, 2 on a bad argument."""
    args = _parser().parse_args(argv)
    if args.farms < 1:
        print("--farms must be at least 1")
        return 2
    doc = generate_instance(args.farms, args.seed, date=args.date)
    write_document(args.output, doc)
    print(
        f"wrote {args.output}: {len(doc['farms'])} farms, {len(doc['lots'])} lots, "
        f"{len(doc['requests'])} requests"
    )
    return 0
