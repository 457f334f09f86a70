"""The suggested prices, checked from the instance and the solution alone (checker part 3).

A solution may carry prices (docs/prices.md): `flows[].price_eur_per_t`,
`lots[].rent_eur_per_t`, and the shadow values that certify them (`matching.price_quotes`;
a missing one is 0). Per flow j = lot l → request r at farm f (EUR/t; c_j = cost_eur / t,
the supplier pays it and saves its outlet o_l):
    supplier's gain  s_j = price_j + o_l − c_j ≥ 0
    receiver's gain  b_j = n_value·N_l − price_j + λ_f·(a_l − a_min(f))·N_l ≥ 0
and the shadow values are complementary to the flows: a value above 0 only where its limit
is reached (lot placed in full, request met, N room, phosphate room, A-share at its floor).
Without a minimum delivery or truck loads the prices are exact LP duals: every flow gives
its supplier the lot's rent (s_j = rent_l) and its receiver the rent of what it uses
(b_j = R_j = N·β_r + animal N·μ_f + P2O5·π_f), and no legal arc lets a pair both gain at
another price (`matching.price_check_arcs`). With them the rent is the tonne-weighted
supplier's gain, a receiving farm gains on all its deliveries together
(Σ (n_value·N − price)·t ≥ 0; where they lose at any price, as a plan stopped short of its
bound may keep, it loses that and no more, within the gap), and the pairs are checked on
what both sides have left.
No model code: the rules come from `check_rules` through `RuleBook`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from matching.check_arcs import RuleBook
from matching.check_costs import cost_eur
from matching.check_totals import TOL_ABS, TOL_REL, Totals, close, finite, within
from matching.price_check_arcs import stability_problems
from matching.price_quotes import Quotes, exact_duals, has_prices, read_quotes


def _whole_farm(book: RuleBook) -> bool:
    """With integer decisions a receiving farm is checked on all its deliveries together
    (docs/prices.md: a minimum delivery or a whole truck of A manure may bring it more
    A-share room than it uses, and no price pays that flow on its own)."""
    return not exact_duals(book)


@dataclass
class _Gains:
    """Per flow: the supplier's gain and the receiver's plain gain n_value·N − price, EUR/t."""

    supplier: float
    receiver: float
    scale: float


def _gain_problems(
    book: RuleBook, quotes: Quotes, flow: Mapping[str, Any], price: float
) -> tuple[list[str], _Gains]:
    """(problems, gains) of one priced flow."""
    lot_id, request_id, t = str(flow["lot"]), str(flow["request"]), float(flow["tonnes"])
    c = cost_eur(book, flow, t, book.km(lot_id, request_id)) / t
    outlet = float(book.lots[lot_id].get("outlet_eur_per_t") or 0.0)
    n_eur = float(book.params["n_value_eur_per_kg"]) * book.lot_facts[lot_id].n_per_t
    gains = _Gains(price + outlet - c, n_eur - price, abs(price) + outlet + c + n_eur)
    receiver = gains.receiver + quotes.a_credit(book, lot_id, request_id)
    out = []
    if not within(0.0, gains.supplier, gains.scale):
        out.append(f"the supplier loses {-gains.supplier:.6f} EUR/t at this price")
    if not _whole_farm(book) and not within(0.0, receiver, gains.scale):
        out.append(f"the receiver loses {-receiver:.6f} EUR/t at this price")
    if exact_duals(book):
        rent, scale = quotes.rent.get(lot_id, 0.0), gains.scale
        if not close(gains.supplier, rent, scale):
            out.append(
                f"the supplier gains {gains.supplier:.6f} EUR/t, not its lot's rent {rent:.6f}"
            )
        owed = quotes.receiver_rent(book, lot_id, request_id)
        if not close(receiver, owed, scale + owed):
            out.append(f"the receiver gains {receiver:.6f} EUR/t, not its shadow rent {owed:.6f}")
    return out, gains


def flow_price_problems(
    book: RuleBook, quotes: Quotes, flows: Sequence[Mapping[str, Any]], gap: float
) -> list[str]:
    """Every countable flow has a price that leaves both sides a gain ≥ 0 (a farm checked
    whole gains on all its deliveries together, `_farm_problems`; `gap` EUR is the
    solution's bound − objective); each lot's rent is what its supplier gains per tonne
    (tonne-weighted over its flows; 0 without flows)."""
    out: list[str] = []
    earned: dict[str, float] = defaultdict(float)
    placed: dict[str, float] = defaultdict(float)
    farm_gain: dict[str, float] = defaultdict(float)
    farm_surplus: dict[str, float] = defaultdict(float)
    farm_scale: dict[str, float] = defaultdict(float)
    for i, flow in enumerate(flows):
        label = f"flows[{i}] {flow['lot']}->{flow['request']}"
        price = finite(flow.get("price_eur_per_t"))
        if price is None:
            out.append(f"{label}: price_eur_per_t is {flow.get('price_eur_per_t')!r}")
            continue
        problems, gains = _gain_problems(book, quotes, flow, price)
        out += [f"{label}: {p}" for p in problems]
        lot_id, t = str(flow["lot"]), float(flow["tonnes"])
        earned[lot_id] += gains.supplier * t
        placed[lot_id] += t
        if _whole_farm(book):
            farm = book.requests[str(flow["request"])]["farm"]
            farm_gain[farm] += gains.receiver * t
            farm_surplus[farm] += (gains.supplier + gains.receiver) * t
            farm_scale[farm] += gains.scale * t
    for farm, gain in farm_gain.items():
        out += _farm_problems(farm, gain, farm_surplus[farm], farm_scale[farm], gap)
    for lot_id in book.lots:
        rent, t = quotes.rent.get(lot_id, 0.0), placed.get(lot_id, 0.0)
        mean = earned.get(lot_id, 0.0) / t if t > 0 else 0.0
        if not close(rent, mean, abs(rent) + abs(mean)):
            out.append(f"lot {lot_id}: rent_eur_per_t is {rent:.6f}, its flows give {mean:.6f}")
    return out


def _farm_problems(farm: str, gain: float, surplus: float, scale: float, gap: float) -> list[str]:
    """A receiving farm checked whole gains ≥ 0 on its deliveries (EUR), unless they lose at
    any price: their own surplus Σ (n_value·N + outlet)·t − cost_eur < 0, which a plan
    stopped short of its bound may keep (a truck load rounded in that its tonnes do not pay
    for). Then the farm may lose that surplus and no more (its suppliers gain nothing on
    those flows), and only if it is within the gap: dropping every delivery into the farm
    is a feasible plan worth objective − surplus, so a larger loss proves the bound wrong
    (docs/prices.md)."""
    if within(0.0, gain, scale):
        return []
    if surplus < 0.0 and within(surplus, gain, scale):
        if within(-surplus, gap, scale):
            return []
        return [
            f"farm {farm}: its deliveries lose {-surplus:.6f} EUR at any price, more than "
            f"the solution's gap {gap:.6f} EUR"
        ]
    return [f"farm {farm}: loses {-gain:.6f} EUR on its deliveries at these prices"]


def _slack_problem(label: str, value: float, slack: float, scale: float) -> list[str]:
    """Complementary slackness: value × slack within 1e-6 of max(1, value × scale)."""
    if value <= 0.0 or value * max(0.0, slack) <= TOL_ABS + TOL_REL * value * scale + TOL_REL:
        return []
    return [f"{label} is {value:.6f} although {slack:.6f} is left"]


def slackness_problems(book: RuleBook, quotes: Quotes, totals: Totals) -> list[str]:
    """A shadow value above 0 only on a limit that is reached (module docstring)."""
    out = []
    if exact_duals(book):
        for lot_id, rent in quotes.rent.items():
            tonnes = float(book.lots[lot_id]["tonnes"]) if lot_id in book.lots else 0.0
            left = tonnes - totals.lot_t.get(lot_id, 0.0)
            out += _slack_problem(f"lot {lot_id}: rent", rent, left, tonnes)
    for request_id, beta in quotes.request.items():
        wanted = float(book.requests[request_id]["n_kg"]) if request_id in book.requests else 0.0
        left = wanted - totals.request_n.get(request_id, 0.0)
        out += _slack_problem(f"request {request_id}: shadow", beta, left, wanted)
    for farm_id, facts in book.farm_facts.items():
        room = facts.room_left_kg
        left = room - totals.farm_animal_n.get(farm_id, 0.0)
        mu, pi = quotes.farm["room"].get(farm_id, 0.0), quotes.farm["p2o5"].get(farm_id, 0.0)
        out += _slack_problem(f"farm {farm_id}: N room shadow", mu, left, room)
        p_room = facts.p2o5_room_kg
        p_left = float("inf") if p_room is None else p_room - totals.farm_p2o5.get(farm_id, 0.0)
        out += _slack_problem(f"farm {farm_id}: P2O5 shadow", pi, p_left, p_room or 0.0)
        a_left = facts.d0 + totals.farm_a_slack.get(farm_id, 0.0) - min(0.0, facts.d0)
        a_scale = totals.farm_a_abs.get(farm_id, 0.0) + abs(facts.d0)
        lam = quotes.farm["a_share"].get(farm_id, 0.0)
        out += _slack_problem(f"farm {farm_id}: A-share shadow", lam, a_left, a_scale)
    return out


def price_problems(book: RuleBook, totals: Totals, solution: Mapping[str, Any]) -> list[str]:
    """Every violation of the price certificate, one sentence each; [] when the solution has
    no prices, or no plan (`solution_found` false). `totals` are the checker's flow sums."""
    if not has_prices(solution) or solution.get("solution_found") is False:
        return []
    quotes = read_quotes(solution)
    flows = [f for f in solution.get("flows") or [] if _countable(book, f)]
    out = list(quotes.problems)
    gap = _gap(solution)
    out += flow_price_problems(book, quotes, flows, gap)
    out += slackness_problems(book, quotes, totals)
    return out + stability_problems(book, quotes, totals, flows, gap)


def _gap(solution: Mapping[str, Any]) -> float:
    """bound − objective (EUR, ≥ 0): what the solve left unproven; 0 when either is not a
    number."""
    bound, objective = finite(solution.get("bound")), finite(solution.get("objective"))
    return 0.0 if bound is None or objective is None else max(0.0, bound - objective)


def _countable(book: RuleBook, flow: Mapping[str, Any]) -> bool:
    tonnes = finite(flow.get("tonnes"))
    return (
        flow.get("lot") in book.lots
        and flow.get("request") in book.requests
        and tonnes is not None
        and tonnes > 0
    )
