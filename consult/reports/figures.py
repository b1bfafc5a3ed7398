"""The report's figures, computed from the data every time (never typed, never stored).

`cocreation(consultation)` counts what happened while the plan was made: its calendar, the
proposals by channel and language, the workshops and their participants, the working groups and
their criteria, the themes scored and shortlisted, the reasoned responses given and the comments
on the draft. `implementation(consultation)` reads the plan's commitments and their latest
follow-up; their progress and the plan's overall progress are the commitments feature's own figures
(`commitments.figures`), the ones the dashboard and the API show. Plain data (codes and numbers, no language): `document.py` lays it out. Reads only.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from consult.core.extensions import db
from consult.reports.sources import (CHANNELS, COMPLETION_LEVELS, PARTICIPANT_TYPES, PROPOSAL_LANGUAGES,
                                     Comment, Commitment, Proposal, ProposalEvent, ScoreSheet, Theme,
                                     ThemeDecision, WorkingGroup, Workshop, balance, criteria, groups_of, plans,
                                     progress_figures, rubric_rows)


@dataclass
class WorkshopFigures:
    workshop: Workshop
    participants: dict              # {type: count}
    proposals: int


@dataclass
class GroupFigures:
    name: str
    members: dict                   # {affiliation: count} (names are not shown: members are people)
    themes: int
    closed: bool


@dataclass
class CoCreation:
    phases: list                    # Phase rows, in calendar order
    proposals: int                  # received (hidden ones included: they got a reason)
    hidden: int
    by_channel: dict                # {channel: count}, every channel, zeros included
    by_language: dict
    workshops: list[WorkshopFigures]
    participants: dict              # totals over the workshops
    groups: list[GroupFigures]
    criteria: list
    rubric_saved: bool              # the consultation set its own rubric (else the default criteria)
    themes: int
    themes_scored: int
    themes_retained: int
    themes_not_retained: int
    responded: int                  # proposals with at least one reasoned decision
    unanswered: list                # the references of those without one
    responses_by_status: dict       # {status of the latest response: proposals}
    comments: int                   # on the draft plan
    comments_answered: int


@dataclass
class CommitmentFigures:
    commitment: Commitment
    progress: int | None            # None: not measured (never 0)
    completion: str
    last_update_on: date | None
    done_text: str                  # the latest update's words, as recorded
    recommendations: str            # the latest recommendations recorded
    difficulties: str
    updates: int
    milestones: int
    milestones_done: int

    @property
    def measured(self) -> bool:
        return self.progress is not None


@dataclass
class Implementation:
    plan: object | None
    commitments: list[CommitmentFigures] = field(default_factory=list)
    counts: dict = field(default_factory=dict)   # {completion level: commitments}
    overall: object = None                       # the plan's overall progress (a figures.PlanProgress)
    high_completion: int = 0                     # substantial or complete (the IRM's "high")

    @property
    def progress(self) -> int | None:
        """Mean progress of the measured commitments (None when none is)."""
        return self.overall.progress if self.overall else None

    @property
    def measured(self) -> int:
        return self.overall.measured if self.overall else 0


# The decisions a proposal's author reads a reason for (being grouped is not a decision).
RESPONSE_STATUSES = ("retained", "merged", "not_retained", "hidden")


def _count(query) -> int:
    return db.session.scalar(query) or 0


def cocreation(consultation) -> CoCreation:
    proposals = db.session.scalars(db.select(Proposal).filter_by(consultation_id=consultation.id)
                                   .order_by(Proposal.id)).all()
    by_channel = {code: 0 for code in CHANNELS} | Counter(p.channel for p in proposals)
    by_language = {code: 0 for code in PROPOSAL_LANGUAGES} | Counter(p.language for p in proposals)
    workshops = db.session.scalars(db.select(Workshop).filter_by(consultation_id=consultation.id)
                                   .order_by(Workshop.held_on, Workshop.id)).all()
    per_workshop = Counter(p.workshop_id for p in proposals if p.workshop_id)
    workshop_rows = [WorkshopFigures(w, {t: int((w.participants or {}).get(t) or 0) for t in PARTICIPANT_TYPES},
                                     per_workshop.get(w.id, 0)) for w in workshops]
    participants = {t: sum(row.participants[t] for row in workshop_rows) for t in PARTICIPANT_TYPES}
    groups = [GroupFigures(g.name, balance(g), len(g.themes), g.is_closed) for g in groups_of(consultation)]

    themes = _count(db.select(db.func.count(Theme.id)).filter_by(consultation_id=consultation.id))
    scored = _count(db.select(db.func.count(db.distinct(ScoreSheet.theme_id))).join(WorkingGroup)
                    .filter(WorkingGroup.consultation_id == consultation.id, ScoreSheet.status == "submitted"))
    decisions = Counter(db.session.scalars(db.select(ThemeDecision.decision)
                                           .filter_by(consultation_id=consultation.id)))

    latest_response: dict[int, str] = {}
    rows = db.session.execute(
        db.select(ProposalEvent.proposal_id, ProposalEvent.status, ProposalEvent.response).join(Proposal)
        .filter(Proposal.consultation_id == consultation.id, ProposalEvent.status.in_(RESPONSE_STATUSES))
        .order_by(ProposalEvent.id)).all()
    for proposal_id, status, response in rows:
        if (response or "").strip():
            latest_response[proposal_id] = status
    plan = plans.plan_of(consultation)
    comments = answered = 0
    if plan is not None:
        listed = db.session.scalars(db.select(Comment).join(Commitment).filter(
            Commitment.plan_id == plan.id, Comment.status == "published")).all()
        comments, answered = len(listed), sum(bool((c.response or "").strip()) for c in listed)
    return CoCreation(
        phases=list(consultation.phases), proposals=len(proposals),
        hidden=sum(p.status == "hidden" for p in proposals),
        by_channel=dict(by_channel), by_language=dict(by_language), workshops=workshop_rows,
        participants=participants, groups=groups, criteria=criteria(consultation),
        rubric_saved=bool(rubric_rows(consultation)), themes=themes,
        themes_scored=scored, themes_retained=decisions.get("retained", 0),
        themes_not_retained=decisions.get("not_retained", 0), responded=len(latest_response),
        unanswered=[p.ref for p in proposals if p.id not in latest_response],
        responses_by_status=dict(Counter(latest_response.values())), comments=comments,
        comments_answered=answered)


def _latest_text(updates, attribute: str) -> str:
    """The newest non-empty `attribute` among a commitment's updates (newest first)."""
    return next((getattr(u, attribute) for u in updates if (getattr(u, attribute) or "").strip()), "")


def implementation(consultation) -> Implementation:
    plan = plans.plan_of(consultation)
    if plan is None:
        return Implementation(plan=None, counts={level: 0 for level in COMPLETION_LEVELS})
    rows = []
    for commitment in plan.commitments:
        updates = list(commitment.updates)      # newest first
        rows.append(CommitmentFigures(
            commitment=commitment, progress=progress_figures.progress_of(commitment),
            completion=progress_figures.completion_of(commitment),
            last_update_on=commitment.last_update_on, done_text=_latest_text(updates, "done_text"),
            recommendations=_latest_text(updates, "recommendations"),
            difficulties=_latest_text(updates, "difficulties"), updates=len(updates),
            milestones=len(commitment.milestones), milestones_done=sum(m.done for m in commitment.milestones)))
    counts = {level: sum(row.completion == level for row in rows) for level in COMPLETION_LEVELS}
    return Implementation(plan=plan, commitments=rows, counts=counts,
                          overall=progress_figures.plan_progress(plan.commitments),
                          high_completion=counts["substantial"] + counts["complete"])
