"""Who may read and decide the shortlist. The object is the consultation."""
from __future__ import annotations

from consult.core.permissions import define, everyone, is_coordinator, rule


@rule
def is_published(user, consultation) -> bool:
    """The coordinator confirmed at least one decision: the decisions and their reasons are public."""
    from consult.shortlist.services import published
    return consultation is not None and published(consultation)


define("shortlist.manage", is_coordinator)                  # decide, publish the outcomes
define("shortlist.read", is_coordinator | is_published)     # the proposal stage is internal
define("shortlist.export", everyone)                        # the files show the proposed or confirmed list
