"""The coordinator's run page writes a receiving farm over its N room as the farm page does:
a real minus sign and a verdict beside it (a fresh pair of eyes read "-14.581" next to an
A-share "in orde", with nothing to say the farm was over)."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import log_in
from tests.web.conftest import Market
from tests.web.review_helpers import add_solved_run


def _room_cells(page: str) -> list[str]:
    return re.findall(r'data-label="N-ruimte over" class="num">(.*?)</td>', page, re.S)


def test_a_farm_over_its_room_is_marked_on_the_run_page(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    over_run, _ = add_solved_run(app, tonnes=20_000.0)  # 88,000 kg N onto one arable farm
    log_in(client, marketplace.coordinator_email)
    cells = _room_cells(client.get(f"/review/runs/{over_run}?lang=nl").get_data(as_text=True))
    assert cells and all("\u2212" in c and "boven de N-ruimte" in c for c in cells), cells
    assert not any(re.search(r"(?<![\d.])-\d", c) for c in cells)


def test_a_farm_within_its_room_reads_in_orde(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    run_id, _ = add_solved_run(app, tonnes=10.0)
    log_in(client, marketplace.coordinator_email)
    cells = _room_cells(client.get(f"/review/runs/{run_id}?lang=nl").get_data(as_text=True))
    assert cells and all("in orde" in c and "\u2212" not in c for c in cells), cells
