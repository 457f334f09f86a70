"""Every character of a name prints: a farm named with an emoji gets it on its yearly
overview from fontconfig's fallback font (Noto Color Emoji, which `tests/ensure_pdf_tools.sh`
installs and the README asks of a production server), not an empty box.

`pdffonts` (poppler) lists the fonts the PDF embeds: where no installed font has the glyph,
WeasyPrint embeds none for it and draws the missing-glyph box (what the papers did on a
machine without the font).
"""

from __future__ import annotations

import subprocess

from flask import Flask
from flask.testing import FlaskClient

from market.models import Farm
from tests.conftest import log_in, state
from tests.web.pdf_helpers import missing, render_pages
from tests.web.test_papers import RECEIVER_EMAIL, Scene, scene

__all__ = ["scene"]  # the fixture, used by name

NAME = "Akkerbouw De Koe 🐄🌾"


def embedded_fonts(pdf: bytes) -> str:
    return subprocess.run(
        ["pdffonts", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def test_an_emoji_in_a_farm_name_prints_with_the_fallback_font(
    app: Flask, client: FlaskClient, scene: Scene
) -> None:
    with state(app).session_factory() as session:
        farm = session.get(Farm, scene.receiver_id)
        assert farm is not None
        farm.name = NAME
        session.commit()
    log_in(client, RECEIVER_EMAIL)
    response = client.get(f"/deliveries/overview/{scene.receiver_id}/2026.pdf")
    assert response.status_code == 200
    pdf = response.data
    render_pages(pdf, "overview-emoji")
    assert missing(pdf, NAME) == []
    fonts = embedded_fonts(pdf)
    assert "DejaVu-Sans" in fonts and "Noto-Color-Emoji" in fonts, fonts
