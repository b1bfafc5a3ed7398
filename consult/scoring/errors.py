"""What every scoring module raises and how it words messages, inside a request or not."""
from __future__ import annotations

from flask import has_request_context
from flask_babel import gettext

from consult.core.languages import localized


def _(message: str, **values) -> str:
    """gettext in a request; outside one (CLI, demo loader, tests) the English text."""
    if has_request_context():
        return gettext(message, **values)
    return message % values if values else message


def loc(value: dict | None) -> str:
    """A {"ar", "fr", "en"} text in the reader's language (English outside a request)."""
    return localized(value, None if has_request_context() else "en")


class ScoringError(Exception):
    """A refused action; str(error) is the message for the user, in their language."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status
