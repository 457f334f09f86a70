"""Helpers for the marketplace's view tests: approved farms, ids by farm, the mail folder."""

from __future__ import annotations

from email import message_from_bytes
from email.message import Message
from pathlib import Path

from flask import Flask
from sqlalchemy import select

from market.models import Farm, Lot, Request
from tests.conftest import state


def approve_all(app: Flask) -> None:
    with state(app).session_factory() as session:
        for farm in session.scalars(select(Farm)):
            farm.approved = True
        session.commit()


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
    folder: Path = state(app).settings.instance_dir / "mail"
    files = sorted(folder.glob("*.eml")) if folder.exists() else []
    return [message_from_bytes(path.read_bytes()) for path in files]
