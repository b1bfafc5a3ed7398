"""Sending one e-mail through SMTP; only the outbox (`core.outbox`) calls it, after the commit.

Without MAIL_SERVER (app config or environment) the message is only logged, and the log never
holds the address ("would send to <hidden>"). With MAIL_SERVER set it is sent through SMTP
(MAIL_PORT, MAIL_USERNAME, MAIL_PASSWORD, MAIL_SENDER, MAIL_USE_TLS).
"""
from __future__ import annotations

import logging
import os
import smtplib
from email.message import EmailMessage

from flask import current_app

log = logging.getLogger(__name__)
ERRORS = (OSError, smtplib.SMTPException)   # what a failed attempt raises (the outbox retries)


def _setting(name: str, default: str | None = None) -> str | None:
    return current_app.config.get(name) or os.environ.get(name) or default


def send(address: str, subject: str, text: str) -> None:
    """Send (or, without MAIL_SERVER, log) one message; raises one of ERRORS if it did not go."""
    server = _setting("MAIL_SERVER")
    if not server:
        log.info("would send to <hidden>: %s", subject)
        return
    message = EmailMessage()
    message["Subject"], message["To"] = subject, address
    message["From"] = _setting("MAIL_SENDER", "no-reply@localhost")
    message.set_content(text)
    with smtplib.SMTP(server, int(_setting("MAIL_PORT", "25")), timeout=10) as smtp:
        if _setting("MAIL_USE_TLS", "0") in ("1", "true", True):
            smtp.starttls()
        if _setting("MAIL_USERNAME"):
            smtp.login(_setting("MAIL_USERNAME"), _setting("MAIL_PASSWORD", ""))
        smtp.send_message(message)
