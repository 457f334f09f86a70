"""What an LP point does with each R5 farm's two sides, and how branch-and-price reads it."""

from __future__ import annotations

import numpy as np

from matching.bounds import EitherOr, SidesUsed
from matching.branching import settled


def _sides(
    lo: list[float], hi: list[float], out_eur: list[float], in_eur: list[float]
) -> SidesUsed:
    return SidesUsed(np.array(lo), np.array(hi), np.array(out_eur), np.array(in_eur))


def test_use_reads_the_shipped_share_the_non_organic_share_and_their_worth() -> None:
    # One farm: its organic lot (row 0, 100 t) and its request's R5 row (row 1, 500 kg N).
    eo = EitherOr(np.array([7]), np.array([0, 2]), np.array([0, 1]), np.array([-100.0, 500.0]))
    y = np.array([0.4])
    shipped_t, nonorganic_kg = 30.0, 100.0
    activity = np.array([shipped_t - 100.0 * 0.4, nonorganic_kg + 500.0 * 0.4])
    used = eo.use(activity, np.array([-2.0, 0.5]), y)
    assert used.lo == np.array([0.3])  # y ≥ 30 / 100
    assert used.hi == np.array([0.8])  # y ≤ 1 − 100 / 500
    assert used.out_eur == np.array([200.0])  # 100 t × 2 EUR/t
    assert used.in_eur == np.array([250.0])  # 500 kg × 0.5 EUR/kg


def test_a_farm_using_one_side_is_decided_whatever_its_y() -> None:
    # Farm 0 ships nothing (y may be 0), farm 1 takes no non-organic N (y may be 1), farm 2
    # neither (its y rounded), farm 3 uses both: the only one to branch on.
    y = np.array([0.3, 0.4, 0.7, 0.5])
    sides = _sides([0.0, 0.2, 0.0, 0.5], [0.6, 1.0, 1.0, 0.5], [9.0] * 4, [9.0] * 4)
    binaries, score = settled(y, sides)
    assert binaries[:3].tolist() == [0.0, 1.0, 1.0]
    assert score[:3].tolist() == [0.0, 0.0, 0.0]
    assert score[3] > 0


def test_the_farm_whose_smaller_side_is_worth_most_is_branched_first() -> None:
    # Farm 0 is the most fractional (y 0.5) but little is at stake; farm 1 (y 0.9) ships
    # 90 % of lots worth 5,000 EUR and takes 10 % of requests worth 5,000 EUR: 500 EUR.
    y = np.array([0.5, 0.9])
    sides = _sides([0.5, 0.9], [0.5, 0.9], [100.0, 5000.0], [100.0, 5000.0])
    _, score = settled(y, sides)
    assert np.allclose(score, [50.0, 500.0])
    assert int(np.argmax(score)) == 1
