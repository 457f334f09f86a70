"""The engine's tooling, not the engine: the synthetic instance generator (`generate*`), the
benchmark (`bench*`: the engine against the full model straight into highspy and a greedy
nearest-first baseline) and that baseline (`greedy`). `python -m matching generate|bench`
reaches them through `matching.cli`; the tests use them as references for the engine.
"""
