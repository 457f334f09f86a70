"""`make run` stays quiet after the accounts: printing a paper adds no log lines."""

from __future__ import annotations

import logging

import pytest
from flask import Flask
from flask.testing import FlaskClient

from market.core.devrun import configure_logging
from tests.conftest import log_in
from tests.web.test_papers import RECEIVER_EMAIL, Scene, scene

__all__ = ["scene"]  # the fixture, used by name


def test_a_paper_prints_without_log_lines_under_make_run(
    app: Flask, client: FlaskClient, scene: Scene, caplog: pytest.LogCaptureFixture
) -> None:
    configure_logging()
    log_in(client, RECEIVER_EMAIL)
    with caplog.at_level(logging.INFO):
        caplog.handler.setLevel(logging.NOTSET)
        response = client.get(f"/deliveries/overview/{scene.receiver_id}/2026.pdf")
    assert response.status_code == 200
    assert [r.getMessage() for r in caplog.records if r.levelno < logging.WARNING] == []
