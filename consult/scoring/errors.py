"""What every scoring module raises when it refuses an action."""
from __future__ import annotations

from consult.core.errors import Refused


class ScoringError(Refused):
    """A refused action; its message is for the user, in their language (already translated)."""

    def __init__(self, message: str, status: int | None = None, problems: list | None = None):
        super().__init__(message, status)
        self.problems = problems or []   # the Problems behind it, each naming what it is about


class Problem(str):
    """One error message that also says which entry it is about (`field`: a criterion's code,
    "values_served" or "justification"), so that a form can mark and link that entry."""

    def __new__(cls, message: str, field: str):
        problem = super().__new__(cls, message)
        problem.field = field
        return problem
