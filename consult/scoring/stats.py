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


def reading(value: float | None) -> str:
    """reliable, tentative, discuss or undefined: the plain-language reading of an alpha."""
    if value is None:
        return "undefined"
    if value >= RELIABLE:
        return "reliable"
    if value >= TENTATIVE:
        return "tentative"
    return "discuss"


def distribution(values: list[int], scale: list[int]) -> dict[int, int]:
    """How many scores fell on each level of the scale."""
    return {level: sum(1 for v in values if v == level) for level in scale}
