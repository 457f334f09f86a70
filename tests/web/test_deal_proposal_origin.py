"""My proposals tells a deal's proposal from the matcher's.

Akkerbouw Dronten has two approved proposals from De Terp: 20 t the farms agreed in their
thread (a deal) and 10 t a solver run proposed. The page's intro no longer says every
proposal came from the matcher; the deal's row says it came from the farms' own deal, with
the link to their thread, and the run's row that the matcher proposed it.
"""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import log_in
from tests.web.deal_helpers import RECEIVER, agreed_deal

OLD_INTRO = "Leveringen die de matcher voorstelde en een coördinator goedkeurde."
INTRO = "voorgesteld door de matcher, of door uw bedrijf zelf met een ander bedrijf afgesproken"
FROM_DEAL = "Uit uw eigen afspraak met dit bedrijf"
FROM_MATCHER = "Voorgesteld door de matcher"


def test_a_deals_proposal_says_it_came_from_the_farms_own_deal(
    app: Flask, client: FlaskClient
) -> None:
    deal = agreed_deal(app, approved=True)
    log_in(client, RECEIVER)
    page = client.get("/proposals")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert OLD_INTRO not in text and INTRO in text
    deal_row, matcher_row = _row(text, 20), _row(text, 10)
    assert FROM_DEAL in deal_row and f'href="/threads/{deal.thread_id}"' in deal_row
    assert FROM_MATCHER in matcher_row and FROM_DEAL not in matcher_row
    assert "/threads/" not in matcher_row


def _row(page: str, tonnes: int) -> str:
    """The table's row of the proposal of `tonnes` t."""
    rows = (row.split("</tr>")[0] for row in page.split("<tr")[2:])
    return next(row for row in rows if f'class="num">{tonnes}</td>' in row)
