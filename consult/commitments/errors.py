"""The refusal services raise, and gettext that also works outside a request."""
from __future__ import annotations

from flask_babel import gettext


def _(message: str, **values) -> str:
    """gettext in a request or under `in_language`; elsewhere (tests, scripts) the English text."""
    try:
        return gettext(message, **values)
    except RuntimeError:   # no request to choose the language from
        return message % values if values else message


class CommitmentError(ValueError):
    """A change refused for a reason the user can read (already translated)."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message, self.status = message, status
