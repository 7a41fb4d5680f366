"""A real SMTP server on loopback (aiosmtpd), and what it received.

E-mail leaves this machine only through an SMTP server, so the tests run one:
the app connects, speaks SMTP and hands over real messages, which the tests
read back parsed.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

from data_layer.config import get_settings


@dataclass
class Mailbox:
    port: int
    messages: list[EmailMessage] = field(default_factory=list)
    refuse: bool = False  # answer every message with a temporary failure

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            return "451 Try again later"
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(monkeypatch):
    """An SMTP server on 127.0.0.1 and the app's settings pointing at it."""
    mailbox = Mailbox(_free_port())
    controller = Controller(mailbox, hostname="127.0.0.1", port=mailbox.port)
    controller.start()
    monkeypatch.setenv("PANTAU_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("PANTAU_SMTP_PORT", str(mailbox.port))
    monkeypatch.setenv("PANTAU_SMTP_SECURITY", "none")
    monkeypatch.setenv("PANTAU_SMTP_FROM", "pantau@kota.example")
    monkeypatch.setenv("PANTAU_PUBLIC_BASE_URL", "https://pantau.kota.example")
    get_settings.cache_clear()
    yield mailbox
    controller.stop()
    get_settings.cache_clear()
