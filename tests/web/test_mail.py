"""How the worker hands a message on: to the configured SMTP host, or into instance/mail/."""

from __future__ import annotations

import dataclasses
from email.message import EmailMessage
from pathlib import Path

import pytest

from market.core import mail
from tests.conftest import settings_for
from tests.integration.processes import free_port
from tests.smtp_sink import smtp_sink


def message(to: str = "boer@example.nl") -> EmailMessage:
    letter = EmailMessage()
    letter["From"], letter["To"], letter["Subject"] = "noreply@mestmatch.nl", to, "Onderwerp"
    letter.set_content("Tekst")
    return letter


def test_with_a_mail_host_the_message_goes_over_smtp(tmp_path: Path) -> None:
    port = free_port()
    settings = settings_for(tmp_path, MAIL_HOST="127.0.0.1", MAIL_PORT=str(port))
    with smtp_sink(port) as inbox:
        assert mail.transport(settings, message()) is None
    (received,) = inbox.messages
    assert (received["From"], received["To"], received["Subject"]) == (
        "noreply@mestmatch.nl",
        "boer@example.nl",
        "Onderwerp",
    )
    assert not (tmp_path / "mail").exists()


def test_a_mail_host_that_is_down_raises_for_the_outbox_to_retry(tmp_path: Path) -> None:
    settings = dataclasses.replace(settings_for(tmp_path), mail_host="127.0.0.1")
    settings = dataclasses.replace(settings, mail_port=free_port())
    with pytest.raises(ConnectionRefusedError):
        mail.transport(settings, message())


def test_without_a_mail_host_the_message_is_a_file(tmp_path: Path) -> None:
    path = mail.transport(settings_for(tmp_path), message())
    assert path is not None and path.parent == tmp_path / "mail"
    assert "Subject: Onderwerp" in path.read_text()
