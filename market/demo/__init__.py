"""The demo data set (`demo.json`) and the command that seeds it (`python -m market
seed-demo`, and `make run` on first start)."""
