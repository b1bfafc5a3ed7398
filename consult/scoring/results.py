"""Results: aggregates per theme, ranking, agreement between members, and the public export.

`theme_title`/`theme_label` are scoring's one copy of how a theme is named (clustering owns
themes; point these at its helpers once it has them).
"""
from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from flask import current_app

from consult.clustering.models import Theme
from consult.clustering.themes import theme_texts, theme_title  # noqa: F401 (the one theme_title, re-exported)
from consult.scoring import stats
from consult.scoring.groups import groups_of
from consult.scoring.models import ScoreSheet, WorkingGroup
from consult.scoring.rubric import Criterion, criteria
from consult.scoring.sheets import submitted_sheets


def theme_label(theme: Theme) -> dict:
    """{"ar", "fr", "en"}: the names people gave win over the automatic title; a missing language
    falls back on the closest one (clustering's `theme_texts`)."""
    return theme_texts(theme)


@dataclass
class ThemeResult:
    theme: Theme
    summaries: dict            # criterion code -> stats.Summary
    distributions: dict        # criterion code -> {level: count}
    weighted_total: float | None
    n_scores: int
    flags: list                # criterion codes where members disagree strongly
    meets_minimums: bool

    @property
    def means(self) -> dict:
        return {code: summary.mean for code, summary in self.summaries.items()}

    def as_dict(self) -> dict:
        return {"theme": self.theme.id, "label": theme_label(self.theme),
                "criteria": {code: summary.as_dict() for code, summary in self.summaries.items()},
                "weighted_total": self.weighted_total, "n_scores": self.n_scores,
                "disagreements": self.flags, "meets_minimums": self.meets_minimums}


def theme_result(theme: Theme, sheets: list[ScoreSheet], rubric: list[Criterion]) -> ThemeResult:
    summaries, distributions, flags = {}, {}, []
    for criterion in rubric:
        values = [sheet.levels[criterion.code] for sheet in sheets if criterion.code in sheet.levels]
        summary = stats.summarize(values)
        summaries[criterion.code] = summary
        distributions[criterion.code] = stats.distribution(values, criterion.scale)
        if stats.disagrees(summary, criterion.scale):
            flags.append(criterion.code)
    means = {code: summary.mean for code, summary in summaries.items()}
    return ThemeResult(
        theme=theme, summaries=summaries, distributions=distributions,
        weighted_total=stats.weighted_total(means, {c.code: c.weight for c in rubric}),
        n_scores=len(sheets), flags=flags,
        meets_minimums=bool(sheets) and stats.meets_minimums(means, {c.code: c.minimum for c in rubric}))


def rank(results: list[ThemeResult]) -> list[ThemeResult]:
    return sorted(results, key=lambda r: (r.weighted_total is None, -(r.weighted_total or 0), r.theme.id))


def group_results(group: WorkingGroup) -> list[ThemeResult]:
    """The group's themes, with aggregates of this group's submitted scores, best first."""
    rubric = criteria(group.consultation)
    sheets = submitted_sheets(group)
    return rank([theme_result(theme, [s for s in sheets if s.theme_id == theme.id], rubric)
                 for theme in group.themes])


def consultation_results(consultation, groups: list[WorkingGroup] | None = None) -> list[ThemeResult]:
    """Every theme given to a group (of `groups`, default all), the submitted scores pooled, best first."""
    rubric = criteria(consultation)
    by_theme: dict[int, list[ScoreSheet]] = {}
    themes: dict[int, Theme] = {}
    for group in groups_of(consultation) if groups is None else groups:
        for theme in group.themes:
            themes[theme.id] = theme
            by_theme.setdefault(theme.id, [])
        for sheet in submitted_sheets(group):
            by_theme.setdefault(sheet.theme_id, []).append(sheet)
    return rank([theme_result(theme, by_theme.get(theme.id, []), rubric) for theme in themes.values()])


@dataclass
class Agreement:
    criterion: Criterion
    alpha: float | None
    reading: str           # reliable | tentative | discuss | concentrated | close | undefined
    pairs: stats.Pairs | None = None

    @property
    def exact(self) -> float | None:
        """The share of pairs of members who gave a theme exactly the same level."""
        return self.pairs.exact if self.pairs else None

    def as_dict(self) -> dict:
        found = self.pairs
        return {"criterion": self.criterion.code, "alpha": None if self.alpha is None else round(self.alpha, 4),
                "exact_agreement": None if self.exact is None else round(self.exact, 4),
                "most_common_level": found.top_level if found else None,
                "most_common_share": None if not found or found.top_share is None else round(found.top_share, 4),
                "reading": self.reading}


def agreement(group: WorkingGroup) -> list[Agreement]:
    """Krippendorff's alpha (ordinal) per criterion — members are raters, the group's themes are units —
    read with the share of exact agreement and how concentrated the scores are (stats.reading)."""
    rubric = criteria(group.consultation)
    sheets = {(s.member_id, s.theme_id): s for s in submitted_sheets(group)}
    results = []
    for criterion in rubric:
        matrix = [[sheets[(m.id, t.id)].levels.get(criterion.code) if (m.id, t.id) in sheets else None
                   for t in group.themes] for m in group.members]
        value = stats.alpha(matrix, criterion.scale, "ordinal")
        found = stats.pairs(matrix, criterion.scale)
        results.append(Agreement(criterion=criterion, alpha=value, reading=stats.reading(value, found), pairs=found))
    return results


def public_groups(consultation) -> list[WorkingGroup]:
    """The groups whose results anyone may read: those that closed their scoring."""
    return [group for group in groups_of(consultation) if group.is_closed]


# --- export ------------------------------------------------------------------------------------------

def pseudonym(user_id: int) -> str:
    """A stable member code that reveals no name: the same person gets the same code in every export."""
    key = current_app.config["SECRET_KEY"].encode()
    return "M-" + hmac.new(key, f"member:{user_id}".encode(), hashlib.sha256).hexdigest()[:8].upper()


def export(consultation, *, public: bool = False) -> dict:
    """Scores, agreement and aggregates for analysts and independent reviewers; no names or e-mails.

    `public`: only what anyone may already read, the groups that closed their scoring (an open
    group's scores are still blind to its own members).
    """
    groups = public_groups(consultation) if public else groups_of(consultation)
    scores, agreements = [], []
    for group in groups:
        for sheet in submitted_sheets(group):
            for code, value in sorted(sheet.levels.items()):
                scores.append({"group": group.id, "theme": sheet.theme_id, "member": pseudonym(sheet.member_id),
                               "criterion": code, "value": value})
        for item in agreement(group):
            agreements.append({"group": group.id, **item.as_dict()})
    return {"consultation": consultation.id,
            "criteria": [{"code": c.code, "name": c.name, "weight": c.weight, "minimum": c.minimum,
                          "scale": c.scale} for c in criteria(consultation)],
            "groups": [{"group": g.id, "name": g.name} for g in groups],
            "scores": scores, "agreement": agreements,
            "themes": [result.as_dict() for result in consultation_results(consultation, groups)]}
