"""The coordinator's desk: a run's proposals filtered, sorted, paged and summed on the server,
"approve the filtered set", and the runs list with open, approved and superseded counts."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from market.models import Farm, Lot, Proposal, Request, ReviewStatus
from tests.conftest import log_in, post_form, state
from tests.web.conftest import Market
from tests.web.desk_helpers import add_big_run, supplier_email
from tests.web.market_helpers import mails

ROW = re.compile(r'<tr id="p(\d+)">')


def shown_ids(page: str) -> list[int]:
    return [int(found) for found in ROW.findall(page)]


def expected(app: Flask, run_id: int, *where: object) -> list[Proposal]:
    with state(app).session_factory() as session:
        query = (
            select(Proposal)
            .join(Lot, Proposal.lot_id == Lot.id)
            .join(Farm, Lot.farm_id == Farm.id)
            .where(Proposal.run_id == run_id, *where)  # type: ignore[arg-type]
            .options(
                joinedload(Proposal.lot).joinedload(Lot.farm),
                joinedload(Proposal.request).joinedload(Request.farm),
            )
        )
        return list(session.scalars(query).unique())


def test_the_proposals_come_fifty_a_page_with_totals_of_the_whole_set(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    big = add_big_run(app)
    log_in(client, marketplace.coordinator_email)
    first = client.get(f"/review/runs/{big.run_id}").get_data(as_text=True)
    assert len(shown_ids(first)) == 50
    assert "Pagina 1 van 10" in first
    tenth = client.get(f"/review/runs/{big.run_id}?page=10").get_data(as_text=True)
    every = expected(app, big.run_id)
    assert len(shown_ids(tenth)) == 50 and not set(shown_ids(first)) & set(shown_ids(tenth))
    n_kg = sorted((p.n_kg for p in every), reverse=True)
    first_rows = {p.id: p.n_kg for p in every if p.id in shown_ids(first)}
    assert sorted(first_rows.values(), reverse=True) == n_kg[:50]  # largest N first
    tonnes = sum(p.tonnes for p in every)
    assert f"<strong>{tonnes:,.0f}".replace(",", ".") in first  # Dutch grouping
    beyond = client.get(f"/review/runs/{big.run_id}?page=99").get_data(as_text=True)
    assert shown_ids(beyond) == shown_ids(tenth)  # the last page


def test_filters_narrow_the_list_and_its_totals(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    big = add_big_run(app)
    log_in(client, marketplace.coordinator_email)
    url = f"/review/runs/{big.run_id}?category=B&province=Drenthe&sort=tonnes&per_page=100"
    page = client.get(url).get_data(as_text=True)
    wanted = [
        p
        for p in expected(app, big.run_id, Lot.origin_status == "conventional")
        if "Drenthe" in (p.lot.farm.province, p.request.farm.province)
    ]
    assert wanted and sorted(shown_ids(page)) == sorted(p.id for p in wanted)
    tonnes = [p.tonnes for p in sorted(wanted, key=lambda p: (-p.tonnes, p.id))]
    by_id = {p.id: p.tonnes for p in wanted}
    assert [by_id[i] for i in shown_ids(page)] == tonnes
    total_n = sum(p.n_kg for p in wanted)
    assert f"<strong>{total_n:,.0f}".replace(",", ".") in page
    assert f"({len(wanted)} van {big.proposals})" in page
    farm = client.get(f"/review/runs/{big.run_id}?farm=ontvanger 03&kind=pig_slurry")
    rows = expected(app, big.run_id, Lot.kind == "pig_slurry")
    picked = [p.id for p in rows if p.request.farm.name == "Ontvanger 03"]
    assert sorted(shown_ids(farm.get_data(as_text=True))) == sorted(picked)


def test_a_refused_filter_says_why_and_shows_everything(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    big = add_big_run(app, proposals=60)
    log_in(client, marketplace.coordinator_email)
    response = client.get(f"/review/runs/{big.run_id}?status=lost&page=-1")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Onbekende waarde lost." in page and len(shown_ids(page)) == 50
    blank = client.get(f"/review/runs/{big.run_id}?status=&kind=&farm=+&page=2")
    assert blank.status_code == 200 and len(shown_ids(blank.get_data(as_text=True))) == 10


def test_approving_the_filtered_set_approves_just_that_set_on_every_page(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    big = add_big_run(app)
    log_in(client, marketplace.coordinator_email)
    wanted = "farm=leverancier+friesland&kind=cattle_slurry"
    page = f"/review/runs/{big.run_id}?{wanted}"
    shown = client.get(page).get_data(as_text=True)
    assert "De 20 getoonde open voorstellen goedkeuren" in shown
    response = post_form(client, page, {}, f"/review/runs/{big.run_id}/approve-filtered?{wanted}")
    back = response.headers["Location"]
    assert "farm=leverancier+friesland" in back and "kind=cattle_slurry" in back
    approved = expected(app, big.run_id, Proposal.review_status == ReviewStatus.APPROVED)
    assert len(approved) == 20
    assert {(p.lot.farm.name, p.lot.kind) for p in approved} == {
        ("Leverancier Friesland", "cattle_slurry")
    }
    after = client.get(back).get_data(as_text=True)
    assert "20 voorstellen goedgekeurd." in after
    assert "getoonde open voorstellen goedkeuren" not in after  # nothing open left in the set
    told = {mail["To"] for mail in mails(app)}
    assert supplier_email("Friesland") in told and supplier_email("Drenthe") not in told
    every = client.get(f"/review/runs/{big.run_id}?farm=leverancier+friesland").get_data(
        as_text=True
    )
    assert "De 80 getoonde open voorstellen goedkeuren" in every


def test_a_refused_filter_approves_nothing(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    big = add_big_run(app, proposals=20)
    log_in(client, marketplace.coordinator_email)
    page = f"/review/runs/{big.run_id}"
    post_form(client, page, {}, f"/review/runs/{big.run_id}/approve-filtered?category=Z")
    assert not expected(app, big.run_id, Proposal.review_status == ReviewStatus.APPROVED)


def test_the_runs_list_counts_and_marks_a_superseded_run(
    app: Flask, client: FlaskClient, marketplace: Market
) -> None:
    old, new = add_big_run(app, 30), add_big_run(app, 10, accounts=False)
    with state(app).session_factory() as session:
        rows = session.scalars(select(Proposal).where(Proposal.run_id == old.run_id)).all()
        for proposal in rows[:5]:
            proposal.review_status = ReviewStatus.APPROVED
        for proposal in rows[5:]:
            proposal.review_status = ReviewStatus.SUPERSEDED
        session.commit()
    log_in(client, marketplace.coordinator_email)
    page = client.get("/review").get_data(as_text=True)
    rows_html = page.split("<tbody>")[1].split("</tbody>")[0].split("<tr")[1:]
    newer, older = rows_html[0], rows_html[1]
    assert f"Run {new.run_id}" in newer or f"Ronde {new.run_id}" in newer
    assert "vervangen" not in newer.split("</td>")[3]
    assert 'class="superseded"' in older
    cells = re.findall(r'class="num">(.*?)</td>', older)
    assert [re.sub(r"<[^>]+>", "", cell) for cell in cells] == ["0", "5", "25"]
