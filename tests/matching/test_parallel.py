"""The ordered map on threads: results in the items' order, items read lazily, errors raised."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from matching.parallel import THREADS, in_order


def test_results_come_in_the_items_order_whatever_finishes_first() -> None:
    def slow_first(i: int) -> int:
        time.sleep(0.02 if i % 3 == 0 else 0.0)
        return i * i

    assert list(in_order(slow_first, range(20))) == [i * i for i in range(20)]


def test_items_are_read_no_further_than_the_threads_work_ahead() -> None:
    read: list[int] = []

    def items() -> Iterator[int]:
        for i in range(100):
            read.append(i)
            yield i

    results = in_order(lambda i: i, items(), ahead=2)
    assert next(results) == 0
    assert len(read) <= THREADS * 2 + 1
    assert list(results) == list(range(1, 100))


def test_an_error_in_the_work_reaches_the_reader() -> None:
    def fails_at_five(i: int) -> int:
        if i == 5:
            raise ValueError("five")
        return i

    results = in_order(fails_at_five, range(10))
    assert [next(results) for _ in range(5)] == [0, 1, 2, 3, 4]
    with pytest.raises(ValueError, match="five"):
        next(results)
