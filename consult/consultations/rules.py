"""Who may manage consultations, and the phase predicates every later feature combines.

The phase running today decides what is open: `phase_is(kind)` holds when the consultation the
object belongs to is in that phase today, `phase_within(*kinds)` from the first day of the
earliest of those phases to the last day of the latest. The object may be the consultation
itself or anything with a `.consultation` (a proposal, a workshop, a theme, a working group...),
or a `(consultation, ...)` tuple.
"""
from __future__ import annotations

from datetime import date

from consult.core.permissions import Rule, define, everyone, is_coordinator


def consultation_of(obj):
    if isinstance(obj, tuple):
        obj = obj[0]
    return getattr(obj, "consultation", obj)


def current_phase(consultation, today: date | None = None):
    """The phase running `today` (default: today), or None."""
    today = today or date.today()
    return next((phase for phase in consultation.phases if phase.starts_on <= today <= phase.ends_on), None)


def phase_is(kind: str) -> Rule:
    def test(user, obj) -> bool:
        consultation = consultation_of(obj)
        phase = current_phase(consultation) if consultation is not None else None
        return phase is not None and phase.kind == kind
    return Rule(test, f"phase_is({kind})")


def phase_within(*kinds: str) -> Rule:
    def test(user, obj) -> bool:
        consultation = consultation_of(obj)
        phases = [phase for phase in getattr(consultation, "phases", ()) if phase.kind in kinds]
        return bool(phases) and (min(p.starts_on for p in phases) <= date.today()
                                 <= max(p.ends_on for p in phases))
    return Rule(test, f"phase_within({', '.join(kinds)})")


define("consultations.read", everyone)
define("consultations.manage", is_coordinator)
