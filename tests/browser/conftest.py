"""Browser tests: the real app served on 127.0.0.1 and driven by Debian's headless Chromium.

pytest-playwright has no option for a browser's path, so `browser_type_launch_args` is
overridden to launch `/usr/bin/chromium` (installed by `tests/ensure_browser.sh` from
`make test`); Playwright never downloads a browser here. The app runs in a daemon thread
with werkzeug's server on a free port, on the test's migrated SQLite file (`settings`).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page
from werkzeug.serving import make_server

from config import Settings
from market.models import Role
from tests.conftest import running_app, state
from tests.factories import PASSWORD, add_farm, add_user

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
TIMEOUT_MS = 15_000


@dataclass(frozen=True)
class LiveApp:
    app: Flask
    url: str


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `bash tests/ensure_browser.sh` (make test does)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": FLAGS,
        "headless": True,
    }


@pytest.fixture
def live(settings: Settings) -> Iterator[LiveApp]:
    """The app on a free port with two approved farms, their farmers and a coordinator."""
    with running_app(settings) as app:
        _market(app)
        with serving(app) as served:
            yield served


@contextmanager
def serving(app: Flask) -> Iterator[LiveApp]:
    """`app` served by werkzeug on a free port of 127.0.0.1 in a daemon thread."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LiveApp(app, f"http://127.0.0.1:{server.port}")
    finally:
        server.shutdown()
        thread.join(timeout=5)


def _market(app: Flask) -> None:
    """A livestock farm near Zwolle and an arable farm near Kampen, both approved."""
    with state(app).session_factory() as session:
        hoeve = add_farm(session, "De Hoeve")
        akker = add_farm(session, "Akkerbouw Kampen", lat=52.56, lon=5.91)
        add_user(session, "veehouder@example.nl", Role.LIVESTOCK_FARMER, hoeve)
        add_user(session, "akkerbouwer@example.nl", Role.ARABLE_FARMER, akker)
        add_user(session, "coordinator@example.nl", Role.COORDINATOR, None)
        session.commit()


def log_in(browser: Browser, live: LiveApp, email: str, *, bypass_csp: bool = False) -> Page:
    """A fresh browser context (its own cookies) logged in as `email`; `bypass_csp` lets a
    test inject a script (axe-core) into the pages."""
    page = browser.new_context(locale="nl-NL", bypass_csp=bypass_csp).new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{live.url}/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("#submit")
    page.wait_for_url(f"{live.url}/")
    return page


def screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
