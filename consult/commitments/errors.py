"""The refusal the commitments' services raise."""
from __future__ import annotations

from consult.core.errors import Refused


class CommitmentError(Refused):
    """A change refused for a reason the user can read (already translated)."""
