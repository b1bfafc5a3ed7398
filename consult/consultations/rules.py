"""Who may manage consultations, and the phase predicates every later feature combines.

`phase_is(kind)` holds when the consultation the object belongs to is in that phase today;
the object may be the consultation itself or anything with a `.consultation` (a proposal, a
theme, a working group...), or a `(consultation, ...)` tuple.
"""
from __future__ import annotations

from consult.core.permissions import Rule, define, everyone, is_coordinator


def consultation_of(obj):
    if isinstance(obj, tuple):
        obj = obj[0]
    return getattr(obj, "consultation", obj)


def phase_is(kind: str) -> Rule:
    def test(user, obj) -> bool:
        from consult.consultations.services import is_open_for
        consultation = consultation_of(obj)
        return consultation is not None and is_open_for(consultation, kind)
    return Rule(test, f"phase_is({kind})")


define("consultations.read", everyone)
define("consultations.manage", is_coordinator)
