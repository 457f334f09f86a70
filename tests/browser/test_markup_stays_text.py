"""Markup typed into any text field stays text: on every page, in the map popups, in PDFs.

Every free-text column of a farm, an account, a lot, a request, a delivery and a message of
an interest thread holds `<img src=x onerror=alert(1)><b>bold</b>` (or `<b>bold</b>` where
the column is shorter), written through the test factories; the receiver's first message
also holds a script and a spreadsheet formula. Each role then follows every link of the site
with the test client, from the front page and the conversations: no page may carry the markup
as markup. Chromium opens the map popups of `/listings` and of the run's flow map (no `b` or
`img` element may come from the farm's name) and the thread (each message reads exactly as
typed, and no element comes from it). The papers (PDF) must show the characters as typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from flask.testing import FlaskClient
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import Enum, String, Text
from sqlalchemy.orm import Session

from config import Settings
from market.interest.services.threads import post_message, start_thread
from market.models import Base, ReviewStatus, Role, RunPhase, RunStatus
from tests.browser.conftest import LiveApp, log_in, serving
from tests.conftest import log_in as client_log_in
from tests.conftest import running_app, state
from tests.factories import (
    add_delivery,
    add_farm,
    add_lot,
    add_proposal,
    add_request,
    add_run,
    add_user,
)
from tests.web.pdf_helpers import pdf_text

IMG = "<img src=x onerror=alert(1)>"
BOLD = "<b>bold</b>"
MARKUP = IMG + BOLD
#: A message as someone might paste it: a script, markup, and a formula a spreadsheet would run.
MESSAGE = '<script>alert("x")</script>' + MARKUP + '\n=HYPERLINK("https://example.nl";"klik")'
#: Columns holding codes the app chooses or checks (kinds, provinces, registration numbers),
#: not text a person types freely.
CODES = {
    "kind",
    "manure_code",
    "category",
    "made_from",
    "province",
    "skal_number",
    "rvo_relation_number",
    "kvk_number",
    "submission_key",
    "email",
    "password_hash",
    "locale",
    "land_use",
}
HREF = re.compile(r'href="(/[^"#?]*)')
#: Where a crawl starts: the front page, and the conversations, which no menu links to.
START = ("/", "/threads")
#: Typed text that made it into a page as markup.
RAW = ("<b>bold", "<img src=x", '<script>alert("x")')
SKIP = re.compile(r"^/(logout|language/|static/)")
SUPPLIER, RECEIVER = "supplier@example.nl", "receiver@example.nl"
COORDINATOR = "coordinator@example.nl"


@dataclass(frozen=True)
class Marked:
    live: LiveApp
    delivery_id: int
    receiver_id: int
    run_id: int
    thread_id: int


def marked_text(row: Base) -> list[str]:
    """Fill `row`'s free-text columns with markup; their names."""
    filled = []
    for column in row.__table__.columns:
        free = isinstance(column.type, String | Text) and not isinstance(column.type, Enum)
        if not free or column.foreign_keys or column.name in CODES:
            continue
        length = getattr(column.type, "length", None)
        setattr(row, column.name, MARKUP if length is None or length >= len(MARKUP) else BOLD)
        filled.append(column.name)
    return filled


@pytest.fixture
def marked(settings: Settings) -> Iterator[Marked]:
    with running_app(settings) as app, state(app).session_factory() as session:
        ids = _market(session, settings)
        session.commit()
        with serving(app) as live:
            yield Marked(live, *ids)


def _market(session: Session, settings: Settings) -> tuple[int, int, int, int]:
    """A supplier and a receiver with markup everywhere, a reviewed run, a delivery and a
    thread about the lot with a message from each."""
    supplier = add_farm(session, MARKUP + " Hoeve", measured_own_manure_n_kg=3000.0)
    receiver = add_farm(session, MARKUP + " Akker", lat=52.56, lon=5.91)
    for farm in (supplier, receiver):
        assert {"name", "address"} <= set(marked_text(farm))
    users = {}
    for email, role, home in (
        (SUPPLIER, Role.LIVESTOCK_FARMER, supplier),
        (RECEIVER, Role.ARABLE_FARMER, receiver),
        (COORDINATOR, Role.COORDINATOR, None),
    ):
        users[email] = add_user(session, email, role, home)
        marked_text(users[email])
    lot, wanted = add_lot(session, supplier, tonnes=1234.5), add_request(session, receiver)
    assert "intermediary_name" in marked_text(lot)
    marked_text(wanted)
    run = add_run(
        session,
        settings,
        status=RunStatus.SOLVED,
        phase=RunPhase.DONE,
        finished_at=datetime.now(UTC),
    )
    proposal = add_proposal(
        session, run, lot.id, wanted.id, 60.0, review_status=ReviewStatus.APPROVED
    )
    delivery = add_delivery(session, proposal)
    assert {"carrier", "lab", "transport_document_no"} <= set(marked_text(delivery))
    thread = start_thread(session, receiver, users[RECEIVER].id, lot, MESSAGE)
    reply = post_message(session, thread, supplier.id, users[SUPPLIER].id, MARKUP)
    assert marked_text(reply) == ["body"]
    session.flush()
    return delivery.id, receiver.id, run.id, thread.id


def crawl(client: FlaskClient) -> dict[str, str]:
    """Every HTML page the client reaches by links from `START`: path → body."""
    queue, pages = list(START), dict[str, str]()
    while queue and len(pages) < 100:
        path = queue.pop(0)
        if path in pages or SKIP.search(path):
            continue
        response = client.get(path)
        if response.status_code != 200 or response.mimetype != "text/html":
            pages[path] = ""
            continue
        pages[path] = response.get_data(as_text=True)
        queue += HREF.findall(pages[path])
    return {path: body for path, body in pages.items() if body}


@pytest.mark.parametrize("email", [None, SUPPLIER, RECEIVER, COORDINATOR])
def test_no_page_renders_typed_markup(marked: Marked, email: str | None) -> None:
    client = marked.live.app.test_client()
    if email is not None:
        client_log_in(client, email)
    pages = crawl(client)
    raw = [path for path, body in pages.items() if any(typed in body for typed in RAW)]
    assert not raw, raw
    if email is not None:
        shown = {path for path, body in pages.items() if "&lt;b&gt;bold&lt;/b&gt;" in body}
        thread = f"/threads/{marked.thread_id}"
        expected = {"/", "/deliveries", f"/deliveries/{marked.delivery_id}", thread}
        assert expected <= shown, sorted(shown)
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in pages[thread]


def test_the_papers_show_the_markup_as_typed(marked: Marked) -> None:
    client = marked.live.app.test_client()
    client_log_in(client, RECEIVER)
    for path in (
        f"/deliveries/{marked.delivery_id}/declaration.pdf",
        f"/deliveries/overview/{marked.receiver_id}/2026.pdf",
    ):
        response = client.get(path)
        assert response.status_code == 200 and response.mimetype == "application/pdf", path
        assert BOLD in pdf_text(response.get_data()), path


def popup_of(page: Page, index: int) -> str:
    """Click the map's shape `index` (negative: from the last drawn, above the outline); its
    popup's text, after checking it holds no element made from a farm's name."""
    shapes = page.locator("#map path.leaflet-interactive")
    shapes.nth(shapes.count() + index if index < 0 else index).click(force=True)
    content = page.locator(".leaflet-popup-content")
    expect(content).to_contain_text(BOLD)
    assert content.locator("b, img").count() == 0
    text = content.inner_text()
    page.keyboard.press("Escape")
    return text


def test_map_popups_show_farm_names_as_text(browser: Browser, marked: Marked) -> None:
    live = marked.live
    farmer = log_in(browser, live, RECEIVER)
    farmer.goto(f"{live.url}/listings")
    expect(farmer.locator("#map")).to_have_attribute("data-ready", "true")
    points = int(farmer.locator("#map").get_attribute("data-point-count") or 0)
    assert points == 2
    popups = {popup_of(farmer, index) for index in (-2, -1)}  # the lot and the request
    # The numbers as Dutch writes them, like format_number on the pages; what is still open
    # (the 60 t delivered at 4.4 kg N/t taken off the lot's 1,234.5 t and the request's 4,000 kg).
    assert popups == {
        f"{MARKUP}: Rundveedrijfmest, 1.174,5\u00a0t",
        f"{MARKUP}: Vraag, 3.736\u00a0kg N",
    }
    farmer.context.close()
    coordinator = log_in(browser, live, COORDINATOR)
    coordinator.goto(f"{live.url}/review/runs/{marked.run_id}")
    expect(coordinator.locator("#map")).to_have_attribute("data-flow-count", "1")
    expect(coordinator.locator("#map")).to_have_attribute("data-ready", "true")
    flow = popup_of(coordinator, -2)  # the line; the last shape is its receiving end
    assert f"{MARKUP} → {MARKUP}: 60\u00a0t" in flow
    coordinator.context.close()


def test_thread_messages_read_as_typed(browser: Browser, marked: Marked) -> None:
    """The receiver's message (script, markup, formula) and the supplier's reply, in Chromium:
    their text exactly as typed, line break included, and no element made from them."""
    live = marked.live
    for email in (SUPPLIER, COORDINATOR):
        page = log_in(browser, live, email)
        page.goto(f"{live.url}/threads/{marked.thread_id}")
        bodies = page.locator(".message-body")
        expect(bodies).to_have_count(2)
        assert bodies.all_inner_texts() == [MESSAGE, MARKUP]
        assert bodies.locator("script, b, img").count() == 0
        page.context.close()
