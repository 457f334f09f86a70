"""HiGHS without its banner, so that stdout carries only our own lines.

highspy's `Highs()` enables its callbacks inside the constructor, and that first call
prints "Running HiGHS 1.16.0 … Copyright …" from C++ straight to file descriptor 1 (once
per process, at its first HiGHS object), before any option (`output_flag`) can be set;
HiGHS has no option or environment variable that stops it alone (ERGO-Code/HiGHS#1932:
"It can't be switched off independently"). PuLP's HiGHS interface makes its `Highs()` the
same way. So descriptor 1 points at /dev/null while a HiGHS object is made
(`banner_silenced`), and every place that makes one goes through here: `new_highs` for
ours, `matching.solvers` around PuLP's.

The descriptor belongs to the process: a lock keeps two threads from interleaving the swap
(which could leave stdout on /dev/null for good), and what another thread writes to stdout
during the construction is lost. HiGHS flushes its lines itself, so nothing of the banner
stays in C's buffer to come out after the swap.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import highspy

STDOUT = 1
_SWAP = threading.Lock()


@contextmanager
def banner_silenced() -> Iterator[None]:
    """Descriptor 1 on /dev/null for the duration (stderr stays: errors still show)."""
    with _SWAP:
        saved = os.dup(STDOUT)
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, STDOUT)
            yield
        finally:
            os.dup2(saved, STDOUT)
            os.close(saved)
            os.close(null)


def new_highs() -> highspy.Highs:
    """A HiGHS object with its output off, made without its banner."""
    with banner_silenced():
        highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    return highs
