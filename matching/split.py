"""`split_instance`: a document cut into its independent components, each a valid instance.

The worker solves a large market's parts on several machines and merges their solutions with
`matching.merge.merge_solutions`; the parts follow the components `matching.engine.prepare`
labels (farms linked by a legal arc), so the merged optimum is the whole one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from matching.components import groups
from matching.engine import Prepared, prepare
from matching.problem import Problem


def split_instance(doc: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Independent component instances, biggest first; farms that can trade with nobody go
    together into one last instance. Each is a valid instance document."""
    return split_prepared(doc, prepare(doc))


def split_prepared(doc: Mapping[str, Any], prepared: Prepared) -> list[dict[str, Any]]:
    """`split_instance` of a document `prepare` has read."""
    p, store, labels = prepared.p, prepared.store, prepared.labels
    linked = np.zeros(len(p.farms.ids), dtype=bool)
    linked[p.lots.farm[store.lot]] = True
    linked[p.requests.farm[store.req]] = True
    linked_farms = np.flatnonzero(linked)
    farm_sets = [np.sort(linked_farms[g]) for g in groups(labels, linked_farms)]
    lonely = np.flatnonzero(~linked)
    if lonely.size:
        farm_sets.append(lonely)
    return [_sub_document(doc, p, s) for s in farm_sets]


def _sub_document(doc: Mapping[str, Any], p: Problem, farms: np.ndarray) -> dict[str, Any]:
    ids = {p.farms.ids[g] for g in farms.tolist()}
    lots = [x for x in doc["lots"] if x["farm"] in ids]
    requests = [r for r in doc["requests"] if r["farm"] in ids]
    lot_ids, req_ids = {x["id"] for x in lots}, {r["id"] for r in requests}

    def inside(key: str) -> list[dict[str, Any]]:
        """`distances` / `excluded_pairs` items whose lot and request are both in the part."""
        return [d for d in doc.get(key) or [] if d["lot"] in lot_ids and d["request"] in req_ids]

    return {
        **doc,
        "farms": [f for f in doc["farms"] if f["id"] in ids],
        "lots": lots,
        "requests": requests,
        "distances": inside("distances"),
        "excluded_pairs": inside("excluded_pairs"),
    }
