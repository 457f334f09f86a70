"""The benchmark table states each engine run's proven gap beside its status (issue 14)."""

from __future__ import annotations

from matching.tools.bench_table import engine_row


def test_an_engine_row_shows_the_proven_gap() -> None:
    row = engine_row("engine highs", {"status": "time_limit", "objective": 99.0, "bound": 100.0})
    assert "| time_limit, gap 1 % |" in row


def test_a_row_without_a_bound_shows_the_status_alone() -> None:
    row = engine_row("engine highs", {"status": "failed: killed"})
    assert "| failed: killed |" in row


def test_float_noise_is_no_gap() -> None:
    row = engine_row("engine highs", {"status": "optimal", "objective": 1e6, "bound": 1e6 + 1e-8})
    assert "| optimal, gap 0 % |" in row
