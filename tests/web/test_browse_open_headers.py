"""The market's tables list what is still open of each listing, and their headers say so:
"Open (t)" and "Open (kg N)", not "Ton" and "kg N gevraagd", which read as what the listing
stated (a farmer took 1.200,5 t open of 2.000,5 for the lot's size)."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import log_in
from tests.web.test_browse_open_amounts import VIEWER, taken_and_open_market


@pytest.mark.parametrize("address", ["/listings", "/"], ids=["browse", "front page"])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_amount_headers_say_open(
    app: Flask, client: FlaskClient, address: str, lang: str
) -> None:
    taken_and_open_market(app)
    log_in(client, VIEWER)
    page = client.get(f"{address}?lang={lang}").get_data(as_text=True)
    assert '<th scope="col" class="num">Open (t)</th>' in page
    assert '<th scope="col" class="num">Open (kg N)</th>' in page
    assert '<td data-label="Open (t)" class="num">1' in page
    assert '<td data-label="Open (kg N)" class="num">1' in page
