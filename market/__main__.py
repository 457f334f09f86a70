"""`python -m market migrate` / `python -m market seed-demo`."""

from market.cli import cli

cli(prog_name="python -m market")
