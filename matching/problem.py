"""A validated instance as arrays: the numbers the model needs per farm, lot and request.

Reading the document once into numpy arrays keeps everything after it vectorised: arc
generation, pricing and explanations work on whole columns, never on Python dicts per arc.
Units: t, kg N, kg P2O5, km, EUR, ha. This module reads the requests and puts the whole
together (`Problem.read`); the policy numbers (`matching.problem_params`), farms
(`matching.problem_farms`) and lots (`matching.problem_lots`) are read in their own modules.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from matching.columns import column, days
from matching.problem_farms import Farms, read_farms
from matching.problem_lots import Lots, read_lots
from matching.problem_params import Params
from matching.rules import KINDS


@dataclass(frozen=True)
class Requests:
    """Per-request arrays; `accepts[k, j]` says whether request j takes kind k (null = all);
    wanted_from/until: day ordinals of the window (-inf/+inf when open)."""

    ids: list[str]
    farm: np.ndarray
    n_kg: np.ndarray
    accept_nonorganic: np.ndarray
    max_km: np.ndarray
    accepts: np.ndarray  # (len(KINDS), requests) bool
    wanted_from: np.ndarray
    wanted_until: np.ndarray


def read_requests(docs: Sequence[Mapping[str, Any]], farms: Farms) -> Requests:
    index = {fid: i for i, fid in enumerate(farms.ids)}
    accepts = np.ones((len(KINDS), len(docs)), dtype=bool)
    for j, r in enumerate(docs):
        if r.get("kinds") is not None:
            accepts[:, j] = [k in r["kinds"] for k in KINDS]
    return Requests(
        ids=[r["id"] for r in docs],
        farm=np.array([index[r["farm"]] for r in docs], dtype=np.int64),
        n_kg=column(docs, "n_kg", 0.0),
        accept_nonorganic=np.array([bool(r.get("accept_nonorganic")) for r in docs], dtype=bool),
        max_km=column(docs, "max_distance_km", math.inf),
        accepts=accepts,
        wanted_from=days(docs, "wanted_from", -math.inf),
        wanted_until=days(docs, "wanted_until", math.inf),
    )


@dataclass(frozen=True)
class Problem:
    """One instance, read: params, farms, lots, requests, the distance overrides and the
    excluded pairs as sorted keys lot index × len(requests) + request index (no arc)."""

    doc: Mapping[str, Any]
    params: Params
    farms: Farms
    lots: Lots
    requests: Requests
    overrides: dict[tuple[int, int], float]  # (lot index, request index) -> road km
    excluded: np.ndarray  # int64 keys of `excluded_pairs`, ascending, unique

    @classmethod
    def read(cls, doc: Mapping[str, Any]) -> Problem:
        """Read a document that `validate_instance` accepted."""
        params = Params.of(doc["params"])
        farms = read_farms(doc["farms"], params)
        lots = read_lots(doc["lots"], farms, doc["farms"], str(doc["date"]), params.loads)
        requests = read_requests(doc["requests"], farms)
        lot_at = {x: i for i, x in enumerate(lots.ids)}
        req_at = {r: j for j, r in enumerate(requests.ids)}
        overrides = {
            (lot_at[d["lot"]], req_at[d["request"]]): float(d["km"])
            for d in doc.get("distances") or []
        }
        pairs = doc.get("excluded_pairs") or []
        keys = [lot_at[d["lot"]] * len(req_at) + req_at[d["request"]] for d in pairs]
        excluded = np.unique(np.array(keys, dtype=np.int64))
        return cls(doc, params, farms, lots, requests, overrides, excluded)
