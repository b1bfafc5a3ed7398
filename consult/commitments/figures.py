"""The progress figures the public reads, computed here and nowhere else: a commitment's progress
and completion level, and a plan's overall progress. The dashboard, the commitment's page, the
self-assessment report, the XLSX export and the open-data API all take them from this module.

A commitment's progress is what its latest measuring update gave (a percentage, or the share of its
milestones done), 0-100; None when nothing measured it. Not measured is not 0%: a commitment at
"limited" whose minutes give no percentage is shown as "not measured", never on a 0% bar. A plan's
overall progress is the mean over its measured commitments only, always stated with how many were
measured out of how many ("57% — 7 measured commitments out of 13"). Reads only.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import format_decimal
from flask_babel import gettext as _


def progress_of(commitment) -> int | None:
    """The commitment's progress, 0-100; None when no update measured it."""
    return commitment.progress


def completion_of(commitment) -> str:
    """The commitment's completion level (a code of COMPLETION_LEVELS)."""
    return commitment.completion


def is_measured(commitment) -> bool:
    return progress_of(commitment) is not None


@dataclass(frozen=True)
class PlanProgress:
    """The mean progress of the measured commitments (None when none is), and its denominator."""
    progress: int | None
    measured: int
    commitments: int

    def public(self) -> dict:
        """As the API gives it."""
        return {"progress": self.progress, "measured": self.measured, "commitments": self.commitments}

    @property
    def text(self) -> str:
        return plan_progress_text(self)


def plan_progress(commitments) -> PlanProgress:
    """The overall progress of these commitments (a plan's, or an axis's)."""
    commitments = list(commitments)
    values = [value for value in (progress_of(c) for c in commitments) if value is not None]
    mean = round(sum(values) / len(values)) if values else None
    return PlanProgress(mean, len(values), len(commitments))


# --- the words, in the current language ------------------------------------------------------------

def percent(value) -> str:
    """A measured progress as the pages write it: "57%"."""
    return _("%(number)s%%", number=format_decimal(value))


def progress_text(value: int | None) -> str:
    """A commitment's progress: "57%", or "not measured"."""
    return _("Not measured") if value is None else percent(value)


def plan_progress_text(figure: PlanProgress) -> str:
    """A plan's overall progress with its denominator, in one sentence."""
    if figure.progress is None:
        return _("Not measured: none of the %(total)s commitments has a measured progress.",
                 total=format_decimal(figure.commitments))
    return _("%(progress)s — mean of the measured commitments: %(measured)s out of %(total)s",
             progress=percent(figure.progress), measured=format_decimal(figure.measured),
             total=format_decimal(figure.commitments))
