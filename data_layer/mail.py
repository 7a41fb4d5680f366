"""Outgoing e-mail over SMTP, configured in Settings (`PANTAU_SMTP_*`).

With no SMTP host or sender configured nothing is ever sent, and the pages do
not offer e-mail at all. Errors are raised as `MailError` with the cause's
class name only: the message of an SMTP error may echo the recipient.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from data_layer.config import Settings


class MailError(Exception):
    """The message was not handed to the SMTP server (it may be retried)."""


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str
    headers: dict[str, str] = field(default_factory=dict)
    attachments: tuple[tuple[str, str, bytes], ...] = ()  # (filename, mime type, bytes)


def mail_configured(settings: Settings) -> bool:
    return bool(settings.smtp_host.strip() and settings.smtp_from.strip())


def build_message(settings: Settings, mail: Mail) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=settings.smtp_from.rpartition("@")[2] or None)
    for name, value in mail.headers.items():
        message[name] = value
    message.set_content(mail.body)
    for filename, mime, data in mail.attachments:
        maintype, _, subtype = mime.partition("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return message


def send_mail(settings: Settings, mail: Mail) -> None:
    """Hand one message to the configured SMTP server, or raise MailError."""
    if not mail_configured(settings):
        raise MailError("SMTP is not configured")
    message = build_message(settings, mail)
    security = settings.smtp_security
    try:
        client = (
            smtplib.SMTP_SSL(
                settings.smtp_host,
                settings.smtp_port,
                timeout=settings.smtp_timeout_seconds,
                context=ssl.create_default_context(),
            )
            if security == "ssl"
            else smtplib.SMTP(
                settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout_seconds
            )
        )
        with client:
            if security == "starttls":
                client.starttls(context=ssl.create_default_context())
            if settings.smtp_username:
                client.login(settings.smtp_username, settings.smtp_password.get_secret_value())
            client.send_message(message)
    except (smtplib.SMTPException, OSError) as exc:
        raise MailError(type(exc).__name__) from exc
