"""Who may manage workshops, and the predicate on who runs one.

`facilitates` holds for a facilitator of the workshop given; given a consultation (a page that
offers several workshops), it holds for every facilitator, who is then offered only their own.
"""
from __future__ import annotations

from consult.core.permissions import define, is_coordinator, rule
from consult.workshops.models import Workshop


@rule
def facilitates(user, obj) -> bool:
    if not isinstance(obj, Workshop):
        return True
    return any(facilitator.id == user.id for facilitator in obj.facilitators)


define("workshops.manage", is_coordinator)
