"""A throwaway PostgreSQL database on the server of TEST_DATABASE_URL, for one test session.

Each test package takes a database of its own (named by package and process id), so
packages running side by side on the shared `mestmatch_test` server never collide.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from market.core.db import engine_for_url


def server_url() -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.fail("TEST_DATABASE_URL is not set: run `make test` (it starts PostgreSQL)")
    return url


@contextmanager
def throwaway_database(package: str) -> Iterator[str]:
    """Create `mestmatch_test_<package>_<pid>`, yield its URL, drop it afterwards.
    AUTOCOMMIT on `postgres`: CREATE/DROP DATABASE cannot run in a transaction."""
    server = server_url()
    name = f"mestmatch_test_{package}_{os.getpid()}"
    admin = engine_for_url(
        make_url(server).set(database="postgres").render_as_string(False),
        isolation_level="AUTOCOMMIT",
    )
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
