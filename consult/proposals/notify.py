"""Telling an author, by e-mail, that the status of their proposal changed.

The message is written when the decision is taken, into the outbox (`core.outbox`) in the same
transaction, and sent only once it is saved: a decision rolled back never reaches its author, and
a mail server that is down is retried later. The log never holds the address.
"""
from __future__ import annotations

from flask import has_request_context, url_for
from flask_babel import gettext as _

from consult.core import outbox
from consult.core.languages import in_language, known_language


def _link(proposal) -> str:
    return (url_for("proposals.page", ref=proposal.ref, _external=True) if has_request_context()
            else proposal.ref)


def compose(proposal, event) -> tuple[str, str]:
    """Subject and text of the message, in the language the proposal was written in."""
    from consult.proposals.labels import status_labels
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
    from consult.proposals.labels import status_labels
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
    """Write the notification into the outbox (sent after the commit); True when there is an author to tell."""
    if not proposal.author_email:
        return False
    subject, text = compose(proposal, event)
    outbox.queue(proposal.author_email, subject, text, about=proposal.ref)
    return True
