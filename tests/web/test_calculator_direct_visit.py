"""The calculator's address opened directly answers the farm page, not a scrap of one.

calculator.js asks `/farm/calculator` for the result alone as the farmer types. Opened as a
page (a reload after the script updated the address bar's history, a bookmark, a shared
link) it answered that fragment: no layout, no navigation, no styles. A visit without the
script's header goes to the farm page at its calculator, with the lot filled in and its
result shown (tests/web/test_calculator.py asks for the fragment as the script does).
"""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.conftest import log_in
from tests.web.conftest import Market
from tests.web.test_calculator import A_LOT


def test_a_direct_visit_gets_the_farm_page_with_the_calculator(
    client: FlaskClient, marketplace: Market
) -> None:
    log_in(client, marketplace.livestock_email)
    response = client.get(f"/farm/calculator?{A_LOT}", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.request.path == "/farm"
    assert "<html" in page and 'class="site-nav"' in page and "app.css" in page
    assert 'id="calculator-form"' in page and 'name="tonnes"' in page
    assert 'value="100"' in page
    assert 'data-figure="room-left-after"' in page
