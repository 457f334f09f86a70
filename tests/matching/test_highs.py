"""`matching.highs`: HiGHS objects made without the banner HiGHS prints on stdout."""

from __future__ import annotations

import subprocess
import sys


def test_a_highs_object_is_made_without_its_banner() -> None:
    """HiGHS printed "Running HiGHS 1.16.0 … Copyright …" from C++ to descriptor 1 while
    highspy's constructor ran, before `output_flag` could be set; stdout works again after.
    A process of its own: HiGHS prints the banner at the process's first `Highs()` only."""
    probe = "from matching.highs import new_highs\nnew_highs().run()\nprint('ours')"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout == "ours\n"
