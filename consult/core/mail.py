"""Sending one e-mail, after the change it reports is saved (`transactions.after_commit`).

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


def setting(name: str, default: str | None = None) -> str | None:
    return current_app.config.get(name) or os.environ.get(name) or default


def configured() -> bool:
    return bool(setting("MAIL_SERVER"))


def send(address: str, subject: str, text: str, about: str) -> None:
    """Send (or, without MAIL_SERVER, log) one message; `about` names it in the log, never the address.
    A mail server that fails is logged, never raised: what was saved stays saved."""
    server = setting("MAIL_SERVER")
    if not server:
        log.info("would send to <hidden>: %s", subject)
        return
    message = EmailMessage()
    message["Subject"], message["To"] = subject, address
    message["From"] = setting("MAIL_SENDER", "no-reply@localhost")
    message.set_content(text)
    try:
        with smtplib.SMTP(server, int(setting("MAIL_PORT", "25")), timeout=10) as smtp:
            if setting("MAIL_USE_TLS", "0") in ("1", "true", True):
                smtp.starttls()
            if setting("MAIL_USERNAME"):
                smtp.login(setting("MAIL_USERNAME"), setting("MAIL_PASSWORD", ""))
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        log.warning("could not send the message about %s: %s", about, type(error).__name__)
