"""`/healthz`: 200 when database and broker answer, 503 naming the part that does not."""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from config import Settings
from market.core.app import create_app
from market.core.broker import broker_folders
from tests.conftest import settings_for, state


def closed_port() -> int:
    """A loopback port nobody listens on: bound once to learn a free number, then released."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def health(settings: Settings) -> tuple[int, dict[str, str]]:
    app = create_app(settings)
    response = app.test_client().get("/healthz")
    state(app).session_factory.kw["bind"].dispose()
    return response.status_code, response.get_json()


def test_healthy_embedded_setup(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"database": "ok", "broker": "ok"}


def test_unreachable_redis_is_named(tmp_path: Path) -> None:
    settings = settings_for(tmp_path, REDIS_URL=f"redis://127.0.0.1:{closed_port()}/0")
    assert health(settings) == (503, {"database": "ok", "broker": "unreachable"})


def test_unreachable_database_is_named(settings: Settings) -> None:
    url = f"postgresql+psycopg://postgres@127.0.0.1:{closed_port()}/mestmatch"
    broken = settings_for(settings.instance_dir, DATABASE_URL=url)
    os.makedirs(broken.instance_dir, exist_ok=True)
    for folder in broker_folders(broken):
        folder.mkdir(parents=True)
    assert health(broken) == (503, {"database": "unreachable", "broker": "ok"})


def test_missing_broker_folder_is_named(client: FlaskClient, settings: Settings) -> None:
    shutil.rmtree(broker_folders(settings)[0])
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["broker"] == "unreachable"


@pytest.mark.integration
def test_healthy_with_postgresql_and_redis(tmp_path: Path) -> None:
    urls = {name: os.environ.get(name) for name in ("TEST_DATABASE_URL", "TEST_REDIS_URL")}
    missing = [name for name, url in urls.items() if not url]
    if missing:
        pytest.fail(f"integration tests need {', '.join(missing)} (run them with `make test`)")
    settings = settings_for(
        tmp_path, DATABASE_URL=str(urls["TEST_DATABASE_URL"]), REDIS_URL=str(urls["TEST_REDIS_URL"])
    )
    assert health(settings) == (200, {"database": "ok", "broker": "ok"})
