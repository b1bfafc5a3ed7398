"""Telling an author, by e-mail, that the status of their proposal changed.

The message is written when the decision is taken and sent only once it is saved
(`transactions.after_commit`): a decision rolled back never reaches its author.

There is no outbox table: without MAIL_SERVER (app config or environment) the message is only
logged, and the log never holds the address ("would send to <hidden>"). With MAIL_SERVER set it is
sent through SMTP (MAIL_PORT, MAIL_USERNAME, MAIL_PASSWORD, MAIL_SENDER, MAIL_USE_TLS).
"""
from __future__ import annotations

import logging
import os
import smtplib
from email.message import EmailMessage

from flask import current_app, has_request_context, url_for
from flask_babel import gettext as _

from consult.core import transactions
from consult.core.languages import in_language, known_language

log = logging.getLogger(__name__)


def _setting(name: str, default: str | None = None) -> str | None:
    return current_app.config.get(name) or os.environ.get(name) or default


def _link(proposal) -> str:
    return (url_for("proposals.page", ref=proposal.ref, _external=True) if has_request_context()
            else proposal.ref)


def compose(proposal, event) -> tuple[str, str]:
    """Subject and text of the message, in the language the proposal was written in."""
    from consult.proposals.forms import status_labels
    link = _link(proposal)
    with in_language(proposal.language):   # "mixed" is written in Arabic
        status = str(status_labels()[event.status])
        subject = _("Your proposal %(ref)s: %(status)s", ref=proposal.ref, status=status)
        text = "\n\n".join(part for part in (
            _("The status of your proposal %(ref)s is now: %(status)s.", ref=proposal.ref, status=status),
            event.response_in(known_language(proposal.language)),
            _("Follow it here: %(link)s", link=link)) if part)
    return subject, text


def compose_for_supporter(proposal, event, language: str | None) -> tuple[str, str]:
    """The outcome of a proposal someone supports, in the language they used when supporting it."""
    from consult.proposals.forms import status_labels
    link = _link(proposal)
    language = known_language(language)
    with in_language(language):
        status = str(status_labels()[event.status])
        subject = _("A proposal you support, %(ref)s: %(status)s", ref=proposal.ref, status=status)
        text = "\n\n".join(part for part in (
            _("You added your voice to the proposal %(ref)s, “%(title)s”. Its outcome: %(status)s.",
              ref=proposal.ref, title=proposal.title, status=status),
            event.response_in(language),
            _("Follow it here: %(link)s", link=link),
            _("You receive this message because you left your e-mail address when you added your voice. "
              "It is never shown publicly.")) if part)
    return subject, text


def queue_status_changed(proposal, event) -> bool:
    """Write the notification now and send it after the commit; True when there is an author to tell."""
    if not proposal.author_email:
        return False
    subject, text = compose(proposal, event)
    address, ref = proposal.author_email, proposal.ref
    transactions.after_commit(lambda: send(address, subject, text, ref))
    return True


def send(address: str, subject: str, text: str, about: str) -> None:
    """Send (or, without MAIL_SERVER, log) one message; `about` names it in the log, never the address.
    Call it after the commit (`transactions.after_commit`), never while the change may still roll back."""
    server = _setting("MAIL_SERVER")
    if not server:
        log.info("would send to <hidden>: %s", subject)
        return
    message = EmailMessage()
    message["Subject"], message["To"] = subject, address
    message["From"] = _setting("MAIL_SENDER", "no-reply@localhost")
    message.set_content(text)
    try:
        with smtplib.SMTP(server, int(_setting("MAIL_PORT", "25")), timeout=10) as smtp:
            if _setting("MAIL_USE_TLS", "0") in ("1", "true", True):
                smtp.starttls()
            if _setting("MAIL_USERNAME"):
                smtp.login(_setting("MAIL_USERNAME"), _setting("MAIL_PASSWORD", ""))
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        # A mail server down must not undo the decision; the author can still follow the page.
        log.warning("could not send the notification for %s: %s", about, type(error).__name__)
