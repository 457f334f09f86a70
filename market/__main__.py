"""`python -m market migrate` / `python -m market seed-demo`."""

from market.core.cli import cli

cli(prog_name="python -m market")
