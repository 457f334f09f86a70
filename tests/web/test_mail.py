"""Mail goes through the configured SMTP host, or into instance/mail/ without one."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path
from typing import Any, ClassVar

import pytest

from market.core import mail
from tests.conftest import settings_for


class FakeSMTP:
    sent: ClassVar[list[tuple[str, int, EmailMessage]]] = []

    def __init__(self, host: str, port: int, timeout: float) -> None:
        self.host, self.port = host, port

    def __enter__(self) -> FakeSMTP:
        return self

    def __exit__(self, *exc: Any) -> None:
        return None

    def send_message(self, message: EmailMessage) -> None:
        FakeSMTP.sent.append((self.host, self.port, message))


def test_with_a_mail_host_the_message_goes_over_smtp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(mail.smtplib, "SMTP", FakeSMTP)
    settings = settings_for(
        tmp_path, MAIL_HOST="smtp.example.nl", MAIL_PORT="2525", MAIL_SENDER="noreply@mestmatch.nl"
    )
    assert mail.send_mail(settings, "boer@example.nl", "Onderwerp", "Tekst") is None
    host, port, message = FakeSMTP.sent[-1]
    assert (host, port, message["From"], message["To"]) == (
        "smtp.example.nl",
        2525,
        "noreply@mestmatch.nl",
        "boer@example.nl",
    )
    assert not (tmp_path / "mail").exists()


def test_without_a_mail_host_the_message_is_a_file(tmp_path: Path) -> None:
    path = mail.send_mail(settings_for(tmp_path), "boer@example.nl", "Onderwerp", "Tekst")
    assert path is not None and path.parent == tmp_path / "mail"
    assert "Subject: Onderwerp" in path.read_text()
