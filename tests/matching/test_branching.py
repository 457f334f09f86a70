"""Branch-and-price's pruning threshold: a node stops pricing once its bound is `enough`."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from matching.branching import _beats, _enough


@given(
    st.floats(min_value=-1e12, max_value=1e12, allow_nan=False),
    st.sampled_from([0.0, 1e-6, 1e-4, 1e-2]),
)
def test_enough_is_the_largest_bound_that_cannot_beat_the_incumbent(
    incumbent: float, gap: float
) -> None:
    top = _enough(incumbent, gap)
    assert not _beats(top, incumbent, gap)
    # Just above the exact threshold (`_enough` stays 1e-9 of the scale below it) a node
    # could still beat the incumbent, so it must go on pricing.
    assert _beats(top + 1e-8 * max(1.0, abs(top)), incumbent, gap)
