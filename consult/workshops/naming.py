"""How a workshop is named wherever people choose or read one: "Regional workshop · Gafsa · 22/10/2026"
(its kind, its region and its date, which tell workshops apart; never its hotel)."""
from __future__ import annotations

from flask_babel import format_date

from consult.core.geo import governorate_name
from consult.core.languages import LANGUAGES, in_language
from consult.workshops.labels import kind_labels

DATE_PATTERN = "dd/MM/yyyy"   # as dates are written in Tunisia, in Arabic, French and English


def workshop_name(workshop, language: str | None = None) -> str:
    """The workshop's name in `language` (default: the page's)."""
    if language is not None:
        with in_language(language):
            return workshop_name(workshop)
    parts = [str(kind_labels().get(workshop.kind, workshop.kind)), governorate_name(workshop.governorate)]
    if workshop.held_on:
        parts.append(format_date(workshop.held_on, DATE_PATTERN))
    return " · ".join(part for part in parts if part)


def workshop_names(workshop) -> list[str]:
    """Its name in every language (what a spreadsheet cell may give)."""
    return [workshop_name(workshop, language) for language in LANGUAGES]


def workshop_choices(workshops, none_label) -> list[tuple[int, str]]:
    """A choice list of workshops, "none" first."""
    return [(0, none_label)] + [(w.id, workshop_name(w)) for w in workshops]


def own_workshop(workshops, today=None):
    """The workshop a facilitator is most likely entering proposals for: the one of theirs held
    closest to today (None when they facilitate none)."""
    from datetime import date
    today = today or date.today()
    return min(workshops, key=lambda w: (abs((w.held_on - today).days), w.id), default=None)
