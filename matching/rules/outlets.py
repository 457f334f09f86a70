"""What moving a lot is worth to its supplier and what a truck carries (issue 11).

Outlet (INSTANCE.md `lots[].outlet_eur_per_t`): a livestock farm with a legal surplus must
place it (R3) and pays to be rid of it elsewhere, so every tonne placed through the market
saves the supplier its outlet cost. The figure for a lot is the farmer's own when stated, else
the run's when the coordinator set one, else the default of the lot's kind
(`matching/data/outlet_costs.json`: mestverwaarding.nl 2022 for slurries, estimates for the
rest). The run's figure replaces the kind defaults only: a farmer who states what the lot's
outlet costs knows better than any average.

Loads (INSTANCE.md `params.loads`, `lots[].load_t`): liquid kinds go by slurry tanker, solid
ones by trailer, each with its tonnes per load; the prices per load and per load-km are the
defaults a coordinator starts from (`matching/data/truck_loads.json`, estimates).
"""

from __future__ import annotations

from matching.rules.calendar import form_of
from matching.rules.market_data import outlet_costs, truck_loads


def default_outlet_eur_per_t(kind: str) -> float:
    """EUR/t the supplier of a lot of `kind` pays elsewhere (≥ 0). Raises KeyError for an
    unknown kind."""
    return float(outlet_costs()["kinds"][kind]["eur_per_t"])


def outlet_eur_per_t(kind: str, lot_eur_per_t: float | None, run_eur_per_t: float | None) -> float:
    """The outlet written for one lot: the lot's own figure ?? the run's ?? the kind's."""
    if lot_eur_per_t is not None:
        return lot_eur_per_t
    if run_eur_per_t is not None:
        return run_eur_per_t
    return default_outlet_eur_per_t(kind)


def load_t(kind: str) -> float:
    """Tonnes one load of `kind` carries (> 0): the tanker's for liquid kinds, the trailer's
    for solid ones."""
    data = truck_loads()
    vehicle = data["vehicle_of_form"][form_of(kind)]
    return float(data["vehicles"][vehicle]["capacity_t"])


def default_load_prices() -> tuple[float, float]:
    """(EUR per load, EUR per load-km): the defaults of a run with whole loads."""
    data = truck_loads()
    return float(data["eur_per_load"]), float(data["eur_per_load_km"])


def default_capacity_t() -> float:
    """`params.loads.capacity_t`: the largest vehicle's tonnes (every lot states its own
    `load_t`, so this is only the format's required figure)."""
    return max(float(v["capacity_t"]) for v in truck_loads()["vehicles"].values())
