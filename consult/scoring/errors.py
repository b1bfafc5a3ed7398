"""What every scoring module raises and how it words messages, inside a request or not."""
from __future__ import annotations

from flask_babel import gettext

from consult.core.languages import localized


# Both work outside a request too: there the locale is English (consult.core.i18n).
_ = gettext
loc = localized


class ScoringError(Exception):
    """A refused action; str(error) is the message for the user, in their language."""

    def __init__(self, message: str, status: int = 400, problems: list | None = None):
        super().__init__(message)
        self.status = status
        self.problems = problems or []   # the Problems behind it, each naming what it is about


class Problem(str):
    """One error message that also says which entry it is about (`field`: a criterion's code,
    "values_served" or "justification"), so that a form can mark and link that entry."""

    def __new__(cls, message: str, field: str):
        problem = super().__new__(cls, message)
        problem.field = field
        return problem
