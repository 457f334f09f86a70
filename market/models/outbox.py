"""The mail outbox: every message the market sends, written in the transaction it announces.

A view adds its messages to the same transaction as the change they tell about, so a
rolled-back change mails nobody and a committed one always mails; the worker sends them
later (`market.core.mail.deliver`), so a mail server that is down fails no request. A row
is sent at most once: `sent_at` is set when the server took it, and a try first claims the
row by moving `next_attempt_at` past now, so two workers never send the same row together.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from market.models.base import Base, utcnow


class OutboxMessage(Base):
    """One plain-text message to one address (`recipient`).

    `language` is the locale the text was written in (sent as Content-Language), `attempts`
    counts tries, `next_attempt_at` is when the next try is due (or the end of a running
    try's claim), `last_error` the last failure's text; `sent_at` or `failed_at` (after
    `mail_max_attempts` tries) ends the row's life.
    """

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    sent_at: Mapped[datetime | None]
    failed_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
