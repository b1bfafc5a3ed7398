"""The follow-up: dated progress updates, progress computed from milestones, flags, the dashboard.

An update gives a percentage, or leaves it to the milestones: then the share of done milestones
(weighted when weights are given, each counting alike otherwise) is the progress. An update with
neither (words only, no milestones) measures nothing: its progress is None and the commitment's
stays as it was; "no evidence available" leaves the commitment unmeasured. The completion level,
when not given, follows from the progress. The figures the public reads (a commitment's progress,
the plan's overall progress) are computed in `figures.py`. Flushes; the caller commits.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import gettext as _

from consult.commitments import signals
from consult.commitments.errors import CommitmentError
from consult.commitments.figures import PlanProgress, plan_progress
from consult.commitments.models import COMPLETION_LEVELS, TEXT_MAX, Commitment, ProgressUpdate
from consult.core import audit
from consult.core.extensions import db

SILENT_AFTER_DAYS = 90
NO_EVIDENCE = "no_evidence"     # the level that says nothing shows how far the commitment went
MAX_EVIDENCE = 20


def milestone_progress(commitment: Commitment) -> int | None:
    """The weighted share of done milestones, 0-100; None without milestones."""
    milestones = commitment.milestones
    if not milestones:
        return None
    total = sum(m.weight or 1.0 for m in milestones)
    done = sum(m.weight or 1.0 for m in milestones if m.done)
    return round(100 * done / total)


def completion_for(progress: int) -> str:
    """The completion level a percentage means, when none was given."""
    if progress <= 0:
        return "not_started"
    if progress >= 100:
        return "complete"
    return "substantial" if progress >= 50 else "limited"


def _fingerprint(commitment_id: int, values: dict) -> str:
    text = json.dumps([commitment_id, values], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _clean_evidence(links) -> list[str]:
    cleaned = []
    for link in links or []:
        link = (link or "").strip()
        if not link:
            continue
        if not link.startswith(("https://", "http://")) or len(link) > 500 or any(c.isspace() for c in link):
            raise CommitmentError(_("An evidence link must be a web address starting with https:// or http://."))
        cleaned.append(link)
    if len(cleaned) > MAX_EVIDENCE:
        raise CommitmentError(_("At most %(max)d evidence links per update.", max=MAX_EVIDENCE))
    return cleaned


@dataclass
class Draft:
    """An update checked but not yet recorded (imports check every row before recording any)."""
    commitment: Commitment
    values: dict
    fingerprint: str
    duplicate: bool
    milestones: list = field(default_factory=list)


def prepare(commitment: Commitment, *, reported_on: date | None = None, progress: int | None = None,
            completion: str | None = None,
            milestone_ids: list[int] | None = None, done_text: str = "", difficulties: str = "",
            recommendations: str = "", evidence: list[str] | None = None) -> Draft:
    """Check an update; raises CommitmentError with the reason. Nothing is written."""
    reported_on = reported_on or date.today()
    if reported_on > date.today():
        raise CommitmentError(_("The date of an update cannot be in the future."))
    if progress is not None and not 0 <= progress <= 100:
        raise CommitmentError(_("The progress is a percentage from 0 to 100."))
    if completion and completion not in COMPLETION_LEVELS:
        raise CommitmentError(_("Unknown completion level."))
    if completion == NO_EVIDENCE and progress is not None:
        raise CommitmentError(_("“No evidence available” goes without a percentage: leave the progress empty, "
                                "or choose the level the evidence shows."))
    texts = {"done_text": (done_text or "").strip(), "difficulties": (difficulties or "").strip(),
             "recommendations": (recommendations or "").strip()}
    if any(len(text) > TEXT_MAX for text in texts.values()):
        raise CommitmentError(_("A text is longer than %(max)d characters.", max=TEXT_MAX))
    by_id = {m.id: m for m in commitment.milestones}
    ids = sorted(set(milestone_ids or []))
    if set(ids) - set(by_id):
        raise CommitmentError(_("A milestone given does not belong to this commitment."))
    newly_done = [by_id[i] for i in ids if not by_id[i].done]
    links = _clean_evidence(evidence)
    values = {"reported_on": reported_on.isoformat(), "progress": progress, "completion": completion or None,
              "milestones": ids, "evidence": links, **texts}
    fingerprint = _fingerprint(commitment.id, values)
    duplicate = db.session.scalar(db.select(ProgressUpdate.id).filter_by(
        commitment_id=commitment.id, fingerprint=fingerprint)) is not None
    if not duplicate and progress is None and not completion and not newly_done and not any(texts.values()) \
            and not links:
        raise CommitmentError(_("The update is empty: give a progress, a completion level, a milestone done or a text."))
    return Draft(commitment, values, fingerprint, duplicate, newly_done)


def record(draft: Draft, actor, source: str = "web") -> ProgressUpdate | None:
    """Record a checked update (None when the very same update was already recorded)."""
    if draft.duplicate:
        return None
    commitment, values = draft.commitment, draft.values
    reported_on = date.fromisoformat(values["reported_on"])
    for milestone in draft.milestones:
        milestone.done, milestone.done_on = True, reported_on
        audit.record("milestone", milestone.id, "done", actor, commitment_id=commitment.id,
                     on=values["reported_on"])
    given = values["progress"] is not None
    if values["completion"] == NO_EVIDENCE:
        # Nothing shows how far it went: the commitment is not measured any more.
        progress, completion, current = None, NO_EVIDENCE, None
    else:
        progress = values["progress"] if given else milestone_progress(commitment)
        if progress is None:   # words only, and no milestones to count: the levels stay as they were
            completion, current = values["completion"] or commitment.completion, commitment.progress
        else:
            completion, current = values["completion"] or completion_for(progress), progress
    update = ProgressUpdate(commitment=commitment, reported_on=reported_on, progress=progress,
                            progress_given=given, completion=completion,
                            milestones_done=[m.id for m in draft.milestones], done_text=values["done_text"],
                            difficulties=values["difficulties"], recommendations=values["recommendations"],
                            evidence=values["evidence"], source=source, fingerprint=draft.fingerprint,
                            actor_id=getattr(actor, "id", None))
    db.session.add(update)
    db.session.flush()
    old = {"progress": commitment.progress, "completion": commitment.completion}
    if commitment.last_update_on is None or reported_on >= commitment.last_update_on:
        # An update dated before the latest one completes the history without turning the clock back.
        commitment.progress, commitment.completion = current, completion
        commitment.last_update_on = reported_on
    db.session.flush()
    audit.record("commitment", commitment.id, "progress", actor, update_id=update.id, source=source,
                 old=old, new={"progress": commitment.progress, "completion": commitment.completion},
                 reported_on=values["reported_on"])
    if old["completion"] != commitment.completion:
        signals.completion_changed.send(commitment, old=old["completion"], new=commitment.completion)
    return update


def add_update(commitment: Commitment, actor, source: str = "web", **values) -> ProgressUpdate | None:
    return record(prepare(commitment, **values), actor, source)


# --- flags and the dashboard -----------------------------------------------------------------------

def late_milestones(commitment: Commitment, today: date | None = None) -> list:
    today = today or date.today()
    return [m for m in commitment.milestones if not m.done and m.due_on and m.due_on < today]


def is_silent(commitment: Commitment, today: date | None = None) -> bool:
    """Published, under way, not complete, and nothing recorded for 90 days."""
    today = today or date.today()
    plan = commitment.plan
    if not plan.is_final or commitment.completion == "complete":
        return False
    since = commitment.last_update_on or commitment.starts_on or (plan.published_at.date() if plan.published_at else None)
    if since is None or since > today:
        return False
    return (today - since) > timedelta(days=SILENT_AFTER_DAYS)


@dataclass
class AxisRow:
    axis: object                      # an Axis, or None for commitments without one
    counts: dict                      # completion level -> number of commitments
    total: int
    progress: PlanProgress            # mean progress of its measured commitments, and how many


@dataclass
class Dashboard:
    commitments: list
    progress: PlanProgress            # the plan's overall progress (figures.plan_progress)
    counts: dict
    axes: list
    late: list                        # (commitment, milestone), the longest overdue first
    silent: list
    latest: list                      # the latest updates, newest first


def dashboard(plan, today: date | None = None, latest: int = 10) -> Dashboard:
    today = today or date.today()
    commitments = list(plan.commitments)

    def count(items) -> dict:
        return {level: sum(c.completion == level for c in items) for level in COMPLETION_LEVELS}

    by_axis: dict = {}
    for commitment in commitments:
        by_axis.setdefault(commitment.axis_id, []).append(commitment)
    axes = [AxisRow(axis, count(by_axis[axis.id]), len(by_axis[axis.id]), plan_progress(by_axis[axis.id]))
            for axis in plan.consultation.axes if axis.id in by_axis]
    if None in by_axis:
        axes.append(AxisRow(None, count(by_axis[None]), len(by_axis[None]), plan_progress(by_axis[None])))
    late = sorted(((c, m) for c in commitments for m in late_milestones(c, today)), key=lambda cm: cm[1].due_on)
    updates = db.session.scalars(
        db.select(ProgressUpdate).join(Commitment).filter(Commitment.plan_id == plan.id)
        .order_by(ProgressUpdate.reported_on.desc(), ProgressUpdate.id.desc()).limit(latest)).all()
    return Dashboard(commitments, plan_progress(commitments), count(commitments), axes, late,
                     [c for c in commitments if is_silent(c, today)], updates)
