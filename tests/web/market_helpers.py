"""Helpers for the marketplace's view tests: approved farms, a farmer logged in, ids by farm,
the outbox and the mail folder."""

from __future__ import annotations

from email import message_from_bytes
from email.message import Message
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from market.core.mail import deliver
from market.models import Farm, Lot, OutboxMessage, Request
from tests.conftest import log_in, state


def approve_all(app: Flask) -> None:
    with state(app).session_factory() as session:
        for farm in session.scalars(select(Farm)):
            farm.approved = True
        session.commit()


def approved_farmer(app: Flask, client: FlaskClient, email: str) -> FlaskClient:
    """`client` logged in as the farmer of `email`, every farm approved (so it may post)."""
    approve_all(app)
    log_in(client, email)
    return client


def farm_id(app: Flask, name: str) -> int:
    with state(app).session_factory() as session:
        return session.scalars(select(Farm.id).where(Farm.name == name)).one()


def lot_ids(app: Flask, farm: str) -> list[int]:
    with state(app).session_factory() as session:
        query = select(Lot.id).join(Lot.farm).where(Farm.name == farm).order_by(Lot.id)
        return list(session.scalars(query))


def request_ids(app: Flask, farm: str) -> list[int]:
    with state(app).session_factory() as session:
        query = select(Request.id).join(Request.farm).where(Farm.name == farm)
        return list(session.scalars(query.order_by(Request.id)))


def mails(app: Flask) -> list[Message]:
    """The mails written so far, after the worker's part is done here: every unsent outbox
    row is delivered (no mail server in these tests, so each becomes an `.eml` file)."""
    deliver_outbox(app)
    folder: Path = state(app).settings.instance_dir / "mail"
    files = sorted(folder.glob("*.eml")) if folder.exists() else []
    return [message_from_bytes(path.read_bytes()) for path in files]


def deliver_outbox(app: Flask) -> list[str]:
    """What `market.core.mail.deliver` says of each unsent outbox row, oldest first."""
    settings = state(app).settings
    with state(app).session_factory() as session:
        unsent = select(OutboxMessage.id).where(OutboxMessage.sent_at.is_(None))
        ids = list(session.scalars(unsent.order_by(OutboxMessage.id)))
        return [deliver(session, settings, message_id) for message_id in ids]
