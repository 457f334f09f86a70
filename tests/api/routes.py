"""Every area's API module imported, so `registry.OPERATIONS` is complete at collection time.

The routes register themselves when their area's `api` module is imported, which the app
factory does; the tests that parametrize over `OPERATIONS` (or build the OpenAPI document at
import) run before any app exists, so they import this first.
"""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

from market.areas import AREAS

for area in AREAS:
    if find_spec(f"market.{area}.api") is not None:
        import_module(f"market.{area}.api")
