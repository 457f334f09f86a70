"""Helpers for the marketplace's view tests: approved farms, form posts, the mail folder."""

from __future__ import annotations

from email import message_from_bytes
from email.message import Message
from pathlib import Path
from typing import TypeVar

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from market.models import Farm, Lot, Request, User
from tests.web.conftest import csrf_token, state

Row = TypeVar("Row", Farm, Lot, Request, User)


def post_form(
    client: FlaskClient, page: str, data: dict[str, object], action: str | None = None
) -> TestResponse:
    """Open `page`, take its CSRF token and post `data` to `action` (default: the page)."""
    token = csrf_token(client.get(page))
    return client.post(action or page, data={"csrf_token": token, **data})


def approve_all(app: Flask) -> None:
    with state(app).session_factory() as session:
        for farm in session.scalars(select(Farm)):
            farm.approved = True
        session.commit()


def farm_id(app: Flask, name: str) -> int:
    with state(app).session_factory() as session:
        return session.scalars(select(Farm.id).where(Farm.name == name)).one()


def load(app: Flask, model: type[Row], row_id: int) -> Row:
    """A fresh copy of a row, read after the request committed (detached, columns loaded)."""
    with state(app).session_factory() as session:
        row = session.get(model, row_id)
        assert row is not None
        session.expunge_all()
        return row


def lot_ids(app: Flask, farm: str) -> list[int]:
    with state(app).session_factory() as session:
        query = select(Lot.id).join(Lot.farm).where(Farm.name == farm).order_by(Lot.id)
        return list(session.scalars(query))


def request_ids(app: Flask, farm: str) -> list[int]:
    with state(app).session_factory() as session:
        query = select(Request.id).join(Request.farm).where(Farm.name == farm)
        return list(session.scalars(query.order_by(Request.id)))


def mails(app: Flask) -> list[Message]:
    folder: Path = state(app).settings.instance_dir / "mail"
    files = sorted(folder.glob("*.eml")) if folder.exists() else []
    return [message_from_bytes(path.read_bytes()) for path in files]
