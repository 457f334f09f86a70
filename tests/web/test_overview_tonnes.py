"""The yearly overview writes weighed tonnes as the declaration, the delivery list and the
CSV do: to the kilogram. It wrote one decimal, and Babel rounds half to even, so a weighing of
36,25 t read "36,2" on the overview and "36,25" on its declaration (a fresh pair of eyes
compared the papers as an inspector would)."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import log_in
from tests.web.pdf_helpers import missing, pdf_text
from tests.web.test_papers import RECEIVER_EMAIL, Scene, scene

__all__ = ["scene"]  # the fixture, used by name


def test_the_overview_writes_weighed_tonnes_to_the_kilogram(
    app: Flask, client: FlaskClient, scene: Scene
) -> None:
    log_in(client, RECEIVER_EMAIL)
    pdf = client.get(f"/deliveries/overview/{scene.receiver_id}/2026.pdf").data
    assert missing(pdf, "36,25", "108,75") == []  # each of three weighings, and their sum
    assert "36,2 " not in pdf_text(pdf).replace("\n", " ")
