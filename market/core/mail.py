"""Sending e-mail: through the configured SMTP host, or into `instance/mail/` when none is set.

The embedded default has no mail server, so a message is written as an `.eml` file and its
path is logged: a developer can open the password-reset link from there. Views send mail
only after their commit, so a mail never announces something that was rolled back.
"""

from __future__ import annotations

import logging
import smtplib
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

from config import Settings
from market.models import Farm

log = logging.getLogger(__name__)


def send_mail(settings: Settings, to: str, subject: str, body: str) -> Path | None:
    """Send one plain-text message; returns the file written in the embedded default."""
    message = EmailMessage()
    message["From"] = settings.mail_sender
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    if settings.mail_host:
        with smtplib.SMTP(settings.mail_host, settings.mail_port, timeout=10) as smtp:
            smtp.send_message(message)
        log.info("mail sent to %s via %s: %s", to, settings.mail_host, subject)
        return None
    return _write_to_folder(settings.instance_dir / "mail", message)


def mail_farm(settings: Settings, farm: Farm, subject: str, body: str) -> None:
    """One message to each active account of `farm` (a farm's news is for all its farmers)."""
    for user in farm.users:
        if user.active:
            send_mail(settings, user.email, subject, body)


def _write_to_folder(folder: Path, message: EmailMessage) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    path = folder / f"{stamp}.eml"
    path.write_bytes(message.as_bytes())
    log.info("mail to %s written to %s: %s", message["To"], path, message["Subject"])
    return path
