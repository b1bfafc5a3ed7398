"""The refusal services raise, and the gettext its modules use."""
from __future__ import annotations

from flask_babel import gettext


_ = gettext   # also outside a request, in English there (consult.core.i18n)


class CommitmentError(ValueError):
    """A change refused for a reason the user can read (already translated)."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message, self.status = message, status
