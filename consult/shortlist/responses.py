"""The words of a decision: the reason the coordinator gives for it, and the reasoned response each
author reads, written in Arabic, French and English in plain words (an average out of 3, the
minimum of each criterion — never "weighted total"). The coordinator edits them before sending;
each author reads the version in the language of their proposal, or of the page."""
from __future__ import annotations

from flask_babel import force_locale, format_decimal
from flask_babel import gettext as _

from consult.core.languages import LANGUAGES, localized
from consult.scoring.results import ThemeResult, theme_label


def _number(value: float | None) -> str:
    return "—" if value is None else format_decimal(round(value, 2), format="0.0#")


def _scale_max(rubric) -> int:
    return max((max(c.scale) for c in rubric), default=3)


def suggested_reason(result: ThemeResult, proposed: bool, rubric=None) -> str:
    """The reason prefilled in the coordinator's decision form (in the page's language)."""
    if not result.n_scores:
        return _("Not scored by a working group.")
    score, top = _number(result.weighted_total), _scale_max(rubric or [])
    if proposed:
        return _("Average score %(score)s out of %(max)s; it reaches the minimum on every criterion.",
                 score=score, max=top)
    return _("Average score %(score)s out of %(max)s; it does not reach the minimum on every criterion.",
             score=score, max=top)


def _facts(result: ThemeResult | None, rubric, language: str) -> str:
    """What the working group found, for an author (in the current locale)."""
    if result is None or not result.n_scores:
        return _("No working group scored this theme.")
    separator = "، " if language == "ar" else ", "
    names = separator.join(localized(c.name, language) for c in rubric)
    values = {"score": _number(result.weighted_total), "max": _scale_max(rubric), "criteria": names}
    if result.meets_minimums:
        return _("The working group gave this theme an average score of %(score)s out of %(max)s on the "
                 "criteria of the action plan (%(criteria)s), and it reached the minimum required on each "
                 "of them.", **values)
    return _("The working group gave this theme an average score of %(score)s out of %(max)s on the "
             "criteria of the action plan (%(criteria)s), but it did not reach the minimum required on all "
             "of them.", **values)


def default_responses(decision, result: ThemeResult | None, rubric, proposed: bool | None = None) -> dict:
    """{"ar", "fr", "en"}: the response to prefill for a theme's authors, one per language.

    The coordinator's own reason is added, as written, unless it is the one the form suggested
    (which the sentence on the scores already says in plain words)."""
    if proposed is None:
        proposed = bool(result and result.n_scores and result.meets_minimums)
    responses = {}
    for language in LANGUAGES:
        with force_locale(language):
            title = localized(theme_label(decision.theme), language) or decision.theme.name or ""
            if decision.decision == "retained":
                opening = _("Retained: your proposal is part of the future commitment “%(commitment)s”.",
                            commitment=title)
            else:
                opening = _("Not retained for the action plan.")
            responses[language] = " ".join(part for part in (opening, _facts(result, rubric, language)) if part)
    reason = (decision.reason or "").strip()
    if reason and reason not in _suggestions(result, proposed, rubric):
        for language in LANGUAGES:
            with force_locale(language):
                responses[language] += "\n" + _("The coordinators’ reason: %(reason)s", reason=reason)
    return responses


def _suggestions(result, proposed, rubric) -> set[str]:
    """Every reason the decision form may have suggested, in the three languages."""
    found = set()
    for language in LANGUAGES:
        with force_locale(language):
            found.add(_("Not scored by a working group."))
            if result is not None:
                found.add(suggested_reason(result, proposed, rubric))
                found.add(suggested_reason(result, not proposed, rubric))
    return found


def with_target(responses: dict, target) -> dict:
    """The responses for a proposal merged into `target`: its reference added in each language."""
    if target is None:
        return responses
    return {language: f"{text}\n→ {target.ref}" for language, text in responses.items()}
