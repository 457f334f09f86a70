"""Throwaway PostgreSQL databases on the server of TEST_DATABASE_URL, for one test session.

Each test package gets a database of its own (`mestmatch_test_<package>_<pid>`, named by
package and process id), so packages running side by side on the shared `mestmatch_test`
server never see each other's rows.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from market.core.db import engine_for_url, upgrade

TESTS = Path(__file__).resolve().parent


def server_url() -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.fail("TEST_DATABASE_URL is not set: run `make test` (it starts PostgreSQL)")
    return url


def package_of(path: Path) -> str:
    """The test package (`market`, `integration`, …) a test file under `tests/` belongs to."""
    return path.resolve().relative_to(TESTS).parts[0]


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


class Databases:
    """Throwaway databases migrated to head, one per test package, made on first use and
    dropped when `stack` closes (engines are disposed first: the stack unwinds in reverse)."""

    def __init__(self, stack: ExitStack) -> None:
        self._stack = stack
        self._engines: dict[str, Engine] = {}

    def engine(self, package: str) -> Engine:
        if package not in self._engines:
            url = self._stack.enter_context(throwaway_database(package))
            upgrade(url)
            self._engines[package] = engine_for_url(url)
            self._stack.callback(self._engines[package].dispose)
        return self._engines[package]
