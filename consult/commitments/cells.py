"""What a person typed in a cell of the progress sheet, read back: percentages, dates, completion
levels in any of the three languages (or the seeds' own words), yes and no."""
from __future__ import annotations

import re
from datetime import date, datetime

from flask_babel import gettext as _

from consult.commitments.errors import CommitmentError
from consult.commitments.labels import completion_labels
from consult.commitments.models import COMPLETION_LEVELS
from consult.core.languages import LANGUAGES, in_language

YES = {"yes", "y", "oui", "o", "نعم", "x", "1", "true", "vrai", "✓"}
NO = {"no", "n", "non", "لا", "0", "false", "faux", ""}
# The scale in the words of the seeds and of OGP's French guides, whatever the translations say.
COMPLETION_TERMS = {"لم يتم الشروع": "not_started", "محدود": "limited",
                    "هام": "substantial", "أنجز": "complete", "منجز": "complete", "non commencé": "not_started",
                    "limité": "limited", "not started": "not_started", "substantiel": "substantial", "achevé": "complete", "complet": "complete",
                    "لا تتوفر معطيات": "no_evidence", "لا تتوفر بيانات": "no_evidence",
                    "pas de données disponibles": "no_evidence", "aucune donnée disponible": "no_evidence",
                    "no evidence available": "no_evidence", "no evidence": "no_evidence"}
# "Not done", as minutes sort commitments (seed 001: التعهدات غير المنجزة), says only that the commitment
# is not complete: it may have started (limited) or not. It is not read as a level: the row asks for one.
NOT_A_LEVEL = {"لم ينجز", "لم تنجز", "غير منجز", "غير منجزة", "non réalisé", "non réalisée", "not done"}
ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")


def fold(text) -> str:
    return re.sub(r"\s+", " ", str(text or "")).strip().lower().rstrip(" *:")


def percent(value) -> int | None:
    text = str(value).translate(ARABIC_DIGITS).replace("%", "").replace("٪", "").replace(",", ".").strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        raise CommitmentError(_("The progress “%(value)s” is not a percentage.", value=str(value)[:20])) from None
    if 0 < number < 1 and not number.is_integer():   # a cell formatted as a percentage: 0.6 is 60%
        number *= 100
    return round(number)


def parse_date(value) -> date | None:
    if isinstance(value, date):
        return value
    text = str(value).translate(ARABIC_DIGITS).strip()
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise CommitmentError(_("The date “%(value)s” is not a date (write it as 2023-05-12 or 12/05/2023).",
                            value=text[:20]))


def completion_names() -> dict[str, str]:
    names = {fold(code): code for code in COMPLETION_LEVELS}
    names.update({fold(term): code for term, code in COMPLETION_TERMS.items()})
    for language in LANGUAGES:
        with in_language(language):
            names.update({fold(str(label)): code for code, label in completion_labels().items()})
    return names


def completion(value, names) -> str | None:
    if not str(value).strip():
        return None
    code = names.get(fold(value))
    if code is None and fold(value) in {fold(term) for term in NOT_A_LEVEL}:
        raise CommitmentError(_("“%(value)s” does not say how far the commitment went: write its level (not "
                                "started yet, limited, substantial, complete, or no evidence available).",
                                value=str(value)[:30]))
    if code is None:
        raise CommitmentError(_("Unknown completion level “%(value)s”.", value=str(value)[:30]))
    return code


def yes(value) -> bool:
    folded = fold(value)
    if folded in YES:
        return True
    if folded in NO:
        return False
    raise CommitmentError(_("Write yes or no in the “done” column, not “%(value)s”.", value=str(value)[:20]))
