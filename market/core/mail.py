"""Mail through an outbox: queued in the transaction it announces, sent by the worker.

`mail_user` / `mail_farm` add `OutboxMessage` rows to the caller's session, so they commit
or roll back with the change they tell about: a rolled-back approval mails nobody, a
committed one always mails. Once the session commits, `send_after_commit` (wired to the
app's session factory) sends one `mestmatch.send_mail` task per new row, by name, as runs
are sent (`market.core.broker`). A request never talks to the mail server, so a server that
is down fails no request; a broker that is down loses nothing either, because beat's outbox
sweeper (`worker.scheduling.sweep_outbox`) sends every row whose next try is due.

Each mail is written in its recipient's language (the account's `locale`), not in the
language of whoever caused it: the caller passes a `Letter`, a function that writes the
subject and body with `gettext` and the number formatters, and `mail_user` calls it once
per recipient under that recipient's locale.

The worker sends a row with `deliver`: it claims the row with one conditional UPDATE (so a
duplicate task or a sweep finds it claimed or sent and skips it), sends it through the
configured SMTP host or, in the embedded default with no `MAIL_HOST`, writes it as an `.eml`
file into `instance/mail/` and logs its path (a developer opens the reset link from there),
and sets `sent_at`. A failed try waits `mail_retry_s`, doubled after each further failure
(at most `MAX_RETRY_S`); after `mail_max_attempts` tries, or at once when the server refuses
the message for good (5xx), the row is marked failed and the failure logged as an error.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any, cast

from celery import Celery
from flask_babel import force_locale
from kombu.exceptions import OperationalError
from sqlalchemy import CursorResult, event, select, update
from sqlalchemy.orm import Session, sessionmaker

from config import Settings
from market.core.broker import enqueue_mail
from market.core.i18n import DEFAULT_LANGUAGE, LANGUAGES
from market.models import Farm, OutboxMessage, User, utcnow

log = logging.getLogger(__name__)
#: The longest wait between two tries (s), however many failed before.
MAX_RETRY_S = 3600.0
#: How long one try holds its row: far above the SMTP timeout, so a live try is never
#: overtaken; a worker killed mid-send leaves the row to the sweeper after this.
CLAIM_S = 300.0
SMTP_TIMEOUT_S = 10.0
#: Rows one sweep sends at most; the next sweep takes the rest.
SWEEP_BATCH = 200
#: The columns' lengths: a longer subject (ours are short sentences) or error text is cut.
SUBJECT_CHARS = 200
ERROR_CHARS = 2000
_PENDING = "mestmatch_outbox_pending"
#: Writes one mail, (subject, body), in the locale active when it is called.
Letter = Callable[[], tuple[str, str]]


def queue_mail(
    session: Session,
    settings: Settings,
    recipient: str,
    subject: str,
    body: str,
    language: str | None = None,
) -> OutboxMessage:
    """Add one plain-text message, written in `language`, to the outbox (flushed, not
    committed).

    Its task is sent once the session commits; should that never arrive, the sweeper takes
    the row `mail_retry_s` after now.
    """
    now = utcnow()
    row = OutboxMessage(
        recipient=recipient,
        subject=subject[:SUBJECT_CHARS],
        body=body,
        language=language,
        created_at=now,
        next_attempt_at=now + timedelta(seconds=settings.mail_retry_s),
    )
    session.add(row)
    session.flush()
    session.info.setdefault(_PENDING, []).append(row.id)
    return row


def mail_user(session: Session, settings: Settings, user: User, letter: Letter) -> OutboxMessage:
    """`letter` written in `user`'s language and queued for `user` (see `queue_mail`).

    An account's `locale` outside `LANGUAGES` falls back to Dutch, the pages' default.
    """
    language = user.locale if user.locale in LANGUAGES else DEFAULT_LANGUAGE
    with force_locale(language):
        subject, body = letter()
    return queue_mail(session, settings, user.email, subject, body, language)


def mail_farm(
    session: Session, settings: Settings, farm: Farm, letter: Letter
) -> list[OutboxMessage]:
    """`letter` to each active account of `farm` (a farm's news is for all its farmers),
    each in its own language."""
    return [mail_user(session, settings, user, letter) for user in farm.users if user.active]


def send_after_commit(factory: sessionmaker[Session], producer: Celery) -> None:
    """After each commit of a session from `factory`, send a task for each row it queued."""

    def sent(session: Session) -> None:
        _send_tasks(producer, session.info.pop(_PENDING, []))

    def dropped(session: Session) -> None:
        session.info.pop(_PENDING, None)

    event.listen(factory, "after_commit", sent)
    event.listen(factory, "after_rollback", dropped)


def _send_tasks(producer: Celery, message_ids: list[int]) -> None:
    """One task per message; at the first broker failure the rest wait for the sweeper."""
    for index, message_id in enumerate(message_ids):
        try:
            enqueue_mail(producer, message_id)
        except (OperationalError, OSError) as exc:
            left = len(message_ids) - index
            log.warning("%d mail(s) stay queued: the broker did not take them (%s)", left, exc)
            return


def due_messages(session: Session, now: datetime | None = None) -> list[int]:
    """Ids of unsent, unfailed rows whose next try is due, oldest first (at most a batch)."""
    query = (
        select(OutboxMessage.id)
        .where(OutboxMessage.sent_at.is_(None), OutboxMessage.failed_at.is_(None))
        .where(OutboxMessage.next_attempt_at <= (now or utcnow()))
        .order_by(OutboxMessage.next_attempt_at)
        .limit(SWEEP_BATCH)
    )
    return list(session.scalars(query))


def deliver(session: Session, settings: Settings, message_id: int) -> str:
    """Send outbox row `message_id` once: "sent", "retry", "failed" or "skipped".

    Skipped: the row is gone, sent, failed, or claimed by a live try. The session commits
    the claim before the mail server is called, and no transaction is open while it talks.
    """
    now = utcnow()
    if not _claim(session, message_id, now):
        return "skipped"
    row = session.get_one(OutboxMessage, message_id, populate_existing=True)
    message, attempts = _message(settings, row), row.attempts
    session.commit()
    try:
        transport(settings, message)
    except (smtplib.SMTPException, OSError) as exc:
        return _failed(session, settings, message_id, attempts, exc)
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .values(sent_at=utcnow(), last_error=None)
    )
    session.commit()
    return "sent"


def _claim(session: Session, message_id: int, now: datetime) -> bool:
    """Take the row for one try: a first try at once, a later one when it is due."""
    statement = (
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .where(OutboxMessage.sent_at.is_(None), OutboxMessage.failed_at.is_(None))
        .where((OutboxMessage.attempts == 0) | (OutboxMessage.next_attempt_at <= now))
        .values(
            attempts=OutboxMessage.attempts + 1,
            next_attempt_at=now + timedelta(seconds=CLAIM_S),
        )
        .execution_options(synchronize_session=False)
    )
    # Session.execute is typed as a plain Result; an UPDATE's is a CursorResult with a rowcount.
    claimed = cast(CursorResult[Any], session.execute(statement)).rowcount == 1
    session.commit()
    return claimed


def _failed(
    session: Session, settings: Settings, message_id: int, attempts: int, exc: Exception
) -> str:
    """Record a failed try: due again after the back-off, or failed for good."""
    now, error = utcnow(), f"{type(exc).__name__}: {exc}"[:ERROR_CHARS]
    final = attempts >= settings.mail_max_attempts or _refused_for_good(exc)
    values: dict[str, object] = {"last_error": error}
    if final:
        values["failed_at"] = now
        log.error("mail %d failed after %d tries, not sent: %s", message_id, attempts, error)
    else:
        values["next_attempt_at"] = now + timedelta(seconds=retry_delay_s(settings, attempts))
        log.warning("mail %d not sent (try %d), tried again later: %s", message_id, attempts, error)
    session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id).values(values))
    session.commit()
    return "failed" if final else "retry"


def retry_delay_s(settings: Settings, attempts: int) -> float:
    """The wait after failed try number `attempts` (1, 2, …): `mail_retry_s` doubled each
    time, at most `MAX_RETRY_S`; with the defaults 12 tries span about eleven hours."""
    return float(min(MAX_RETRY_S, settings.mail_retry_s * 2 ** max(0, attempts - 1)))


def _refused_for_good(exc: Exception) -> bool:
    """A 5xx answer (unknown mailbox, refused sender) will not change by trying again."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    return isinstance(exc, smtplib.SMTPResponseException) and exc.smtp_code >= 500


def _message(settings: Settings, row: OutboxMessage) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.mail_sender
    message["To"] = row.recipient
    message["Subject"] = row.subject
    message.set_content(row.body)  # after it: set_content clears the Content-* headers
    if row.language:
        message["Content-Language"] = row.language
    return message


def transport(settings: Settings, message: EmailMessage) -> Path | None:
    """Hand one message to the SMTP host, or write it into `instance/mail/` without one;
    returns the file written. Raises `smtplib.SMTPException` or `OSError` on failure."""
    if settings.mail_host:
        with smtplib.SMTP(settings.mail_host, settings.mail_port, timeout=SMTP_TIMEOUT_S) as smtp:
            smtp.send_message(message)
        log.info(
            "mail sent to %s via %s: %s", message["To"], settings.mail_host, message["Subject"]
        )
        return None
    return _write_to_folder(settings.instance_dir / "mail", message)


def _write_to_folder(folder: Path, message: EmailMessage) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    path = folder / f"{stamp}.eml"
    path.write_bytes(message.as_bytes())
    log.info("mail to %s written to %s: %s", message["To"], path, message["Subject"])
    return path
