"""Aggregates of scores and inter-rater agreement. Pure: no Flask, no database.

Agreement is Krippendorff's alpha, computed by the `krippendorff` package: it copes with missing
scores (a member who declared a conflict, or has not scored yet) and with any number of raters.
"""
from __future__ import annotations

import math
import statistics
from dataclasses import dataclass

import krippendorff
import numpy as np

# Plain-language readings of alpha (Krippendorff's own thresholds).
RELIABLE = 0.8
TENTATIVE = 0.667
# Alpha compares disagreement with what chance would give; when nearly every score is the same
# level, chance agreement is already high and a single different score drags alpha down ("the
# paradox of high agreement"). From this share of scores on one level, alpha is not read alone.
CONCENTRATED = 0.75
# Members really disagree on a criterion when this share of pairs of scores (two members, one
# theme) lies two thirds of the scale apart or more (2 levels on 0-3): not one level, the usual
# difference between careful readers.
STRONG_SHARE = 0.10


@dataclass(frozen=True)
class Summary:
    n: int
    mean: float | None
    median: float | None
    spread: int | None          # highest minus lowest level given
    sd: float | None            # population standard deviation

    def as_dict(self) -> dict:
        return {"n": self.n, "mean": self.mean, "median": self.median, "spread": self.spread, "sd": self.sd}


def summarize(values: list[int]) -> Summary:
    if not values:
        return Summary(0, None, None, None, None)
    return Summary(n=len(values), mean=round(statistics.fmean(values), 3),
                   median=float(statistics.median(values)), spread=max(values) - min(values),
                   sd=round(statistics.pstdev(values), 3))


def disagreement_threshold(scale: list[int]) -> int:
    """A range of two thirds of the scale or more (2 on a 0-3 scale) means members disagree."""
    span = max(scale) - min(scale)
    return max(1, math.ceil(span * 2 / 3))


def disagrees(summary: Summary, scale: list[int]) -> bool:
    return summary.n >= 2 and summary.spread is not None and summary.spread >= disagreement_threshold(scale)


def weighted_total(means: dict[str, float | None], weights: dict[str, float]) -> float | None:
    """The weighted mean of the criterion means, on the scale's own range; None if nothing is scored."""
    scored = [(means[code], weights.get(code, 1.0)) for code in means if means[code] is not None]
    total_weight = sum(weight for _mean, weight in scored)
    if not scored or total_weight <= 0:
        return None
    return round(sum(mean * weight for mean, weight in scored) / total_weight, 3)


def meets_minimums(means: dict[str, float | None], minimums: dict[str, float | None]) -> bool:
    """True when every criterion with a minimum has a mean at or above it."""
    for code, minimum in minimums.items():
        if minimum is None:
            continue
        mean = means.get(code)
        if mean is None or mean < minimum:
            return False
    return True


def alpha(matrix: list[list[int | None]], scale: list[int], level: str = "ordinal") -> float | None:
    """Krippendorff's alpha for raters (rows) x units (columns); None where it is undefined.

    Undefined: fewer than two scores on every unit (nothing to compare), or no variation at all.
    """
    if not matrix or not matrix[0]:
        return None
    pairable = sum(1 for column in zip(*matrix) if sum(v is not None for v in column) >= 2)
    if pairable == 0:
        return None
    data = np.array([[np.nan if v is None else float(v) for v in row] for row in matrix], dtype=float)
    try:
        with np.errstate(divide="ignore", invalid="ignore"):   # no variation: 0/0, reported as None
            value = krippendorff.alpha(reliability_data=data, level_of_measurement=level,
                                       value_domain=[float(v) for v in scale])
    except (ValueError, ZeroDivisionError):
        return None
    return float(value) if value is not None and math.isfinite(value) else None


@dataclass(frozen=True)
class Pairs:
    """How often members gave a theme the same level: pairs of scores compared unit by unit."""
    pairs: int                    # pairs of scores on the same theme
    exact: float | None           # share of pairs on exactly the same level
    strong: float | None          # share of pairs two thirds of the scale apart or more
    top_level: int | None         # the level given most often
    top_share: float | None       # the share of all scores on that level

    @property
    def concentrated(self) -> bool:
        return self.top_share is not None and self.top_share >= CONCENTRATED


def pairs(matrix: list[list[int | None]], scale: list[int]) -> Pairs:
    """Exact agreement, strong disagreement and concentration of raters (rows) x units (columns)."""
    threshold = disagreement_threshold(scale)
    total = same = far = 0
    values = [v for row in matrix for v in row if v is not None]
    for column in zip(*matrix) if matrix else ():
        given = [v for v in column if v is not None]
        for i, first in enumerate(given):
            for second in given[i + 1:]:
                total += 1
                same += first == second
                far += abs(first - second) >= threshold
    if not values:
        return Pairs(0, None, None, None, None)
    counts = distribution(values, sorted(set(scale) | set(values)))
    top = max(counts, key=lambda level: (counts[level], level))
    return Pairs(total, same / total if total else None, far / total if total else None,
                 top, counts[top] / len(values))


def reading(value: float | None, agreement: Pairs | None = None) -> str:
    """The plain-language reading of an alpha, told by the pairs of scores when they are given:

    reliable (alpha >= 0.8), tentative (from 0.667), and below that: discuss, only where members
    really disagree (a tenth of the pairs two levels apart or more); concentrated, when most scores
    are on one level and alpha says little; close, when members differ by a level at most;
    undefined when nothing can be compared.
    """
    if agreement is None:            # alpha alone
        if value is None:
            return "undefined"
        return "reliable" if value >= RELIABLE else "tentative" if value >= TENTATIVE else "discuss"
    if not agreement.pairs:
        return "undefined"
    if value is not None and value >= RELIABLE:
        return "reliable"
    if value is not None and value >= TENTATIVE:
        return "tentative"
    if agreement.strong is not None and agreement.strong >= STRONG_SHARE:
        return "discuss"
    if value is None or agreement.concentrated:
        return "concentrated"
    return "close"


def distribution(values: list[int], scale: list[int]) -> dict[int, int]:
    """How many scores fell on each level of the scale."""
    return {level: sum(1 for v in values if v == level) for level in scale}
