"""The progress figures the public reads, computed here and nowhere else: a commitment's progress
and completion level, and a plan's overall progress. The dashboard, the commitment's page, the
self-assessment report, the XLSX export and the open-data API all take them from this module.

A commitment's progress is what its latest measuring update gave (a percentage, or the share of its
milestones done), 0-100; None when nothing measured it. Not measured is not 0%: a commitment at
"limited" whose minutes give no percentage is shown as "not measured", never on a 0% bar. A plan's
overall progress is the mean over its measured commitments only, always stated with how many were
measured, at the same prominence as the number ("57% — mean progress of the 7 measured commitments
(out of 13)"); when fewer than half are measured, the count comes first ("Mean progress of the 4
measured commitments: 100%; 9 commitments are not measured") and no bar is drawn for it. Reads only.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import ngettext


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
    def few_measured(self) -> bool:
        """Fewer than half of the commitments are measured: the mean is no headline figure then."""
        return 2 * self.measured < self.commitments

    @property
    def text(self) -> str:
        return plan_progress_text(self)

    @property
    def summary(self) -> str:
        return plan_progress_summary(self)


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


def _not_measured(figure: PlanProgress) -> str:
    if not figure.commitments:
        return _("No commitment yet.")
    return ngettext("Not measured: the only commitment has no measured progress.",
                    "Not measured: none of the %(num)d commitments has a measured progress.", figure.commitments)


def plan_progress_text(figure: PlanProgress) -> str:
    """A plan's overall progress, stating what it is the mean of: "57% — mean progress of the 7
    measured commitments (out of 13)"."""
    if figure.progress is None:
        return _not_measured(figure)
    return ngettext("%(progress)s — progress of the %(num)d measured commitment (out of %(total)s)",
                    "%(progress)s — mean progress of the %(num)d measured commitments (out of %(total)s)",
                    figure.measured, progress=percent(figure.progress), total=format_decimal(figure.commitments))


def plan_progress_summary(figure: PlanProgress) -> str:
    """The same figure, the count first and the commitments not measured said: "Mean progress of the 4
    measured commitments: 100%; 9 commitments are not measured"."""
    if figure.progress is None:
        return _not_measured(figure)
    text = ngettext("Progress of the %(num)d measured commitment: %(progress)s",
                    "Mean progress of the %(num)d measured commitments: %(progress)s",
                    figure.measured, progress=percent(figure.progress))
    unmeasured = figure.commitments - figure.measured
    if unmeasured:
        text += ngettext("; %(num)d commitment is not measured", "; %(num)d commitments are not measured",
                         unmeasured)
    return text
