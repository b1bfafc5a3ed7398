"""The shortlist: the ranking proposes it, the coordinator confirms or amends it with public reasons,
and every author of a theme's proposals is told the outcome. Flushes, never commits."""
from __future__ import annotations

from dataclasses import dataclass

from consult.clustering.models import Theme
from consult.core import audit
from consult.core.extensions import db
from consult.core.models import utcnow
from consult.proposals import services as proposals
from consult.proposals.models import Proposal
from consult.scoring.errors import ScoringError, _
from consult.scoring.groups import visible_proposals
from consult.scoring.results import ThemeResult, consultation_results, rank, theme_label, theme_result, theme_title
from consult.scoring.rubric import criteria
from consult.shortlist.models import DECISIONS, ThemeDecision

OUTCOMES = ("retained", "merged", "not_retained")
ShortlistError = ScoringError


@dataclass
class ShortlistEntry:
    rank: int
    theme: Theme
    label: dict
    scores: dict
    weighted_total: float | None
    n_scores: int
    proposals: list
    regions: list
    confirmed: bool


def decisions_of(consultation) -> dict[int, ThemeDecision]:
    rows = db.session.scalars(db.select(ThemeDecision).filter_by(consultation_id=consultation.id)).all()
    return {row.theme_id: row for row in rows}


def published(consultation) -> bool:
    """The public reads the shortlist once the coordinator confirmed a decision."""
    return db.session.scalar(db.select(ThemeDecision.id).filter_by(consultation_id=consultation.id)
                             .limit(1)) is not None


def proposed_shortlist(results: list[ThemeResult]) -> list[ThemeResult]:
    """Scored themes meeting every minimum, ranked by weighted total."""
    return [result for result in rank(results) if result.n_scores and result.meets_minimums]


def decide(consultation, theme: Theme, decision: str, reason: str, actor) -> ThemeDecision:
    """Confirm or amend the proposed shortlist for one theme; the reason is public."""
    if decision not in DECISIONS:
        raise ShortlistError(_("Choose whether the theme is retained or not."))
    reason = (reason or "").strip()
    if not reason:
        raise ShortlistError(_("Give the reason for each decision: it is public."))
    if theme.consultation_id != consultation.id:
        raise ShortlistError(_("This theme belongs to another consultation."), 404)
    row = decisions_of(consultation).get(theme.id)
    old = {"decision": row.decision, "reason": row.reason} if row else None
    if row is None:
        row = ThemeDecision(consultation_id=consultation.id, theme_id=theme.id, decision=decision, reason=reason)
        db.session.add(row)
    row.decision, row.reason, row.decided_by_id, row.decided_at = decision, reason, getattr(actor, "id", None), utcnow()
    db.session.flush()
    if old != {"decision": decision, "reason": reason}:
        audit.record("theme_decision", row.id, "decide", actor, theme_id=theme.id, old=old,
                     new={"decision": decision, "reason": reason})
    return row


def shortlist(consultation, *, workshop=None) -> list[ShortlistEntry]:
    """The confirmed retained themes, ranked; while nothing is confirmed, the proposed shortlist."""
    results = consultation_results(consultation)
    decisions = decisions_of(consultation)
    confirmed = bool(decisions)
    if confirmed:
        by_id = {result.theme.id: result for result in results}
        rubric = criteria(consultation)
        chosen = rank([by_id.get(theme_id) or theme_result(row.theme, [], rubric)
                       for theme_id, row in decisions.items() if row.decision == "retained"])
    else:
        chosen = proposed_shortlist(results)
    entries = []
    for position, result in enumerate(chosen, start=1):
        kept = [p for p in visible_proposals(result.theme)
                if workshop is None or p.workshop_id == getattr(workshop, "id", workshop)]
        entries.append(ShortlistEntry(
            rank=position, theme=result.theme, label=theme_label(result.theme), scores=result.means,
            weighted_total=result.weighted_total, n_scores=result.n_scores, proposals=kept,
            regions=sorted({p.governorate for p in kept if p.governorate}), confirmed=confirmed))
    return entries


def suggested_reason(result: ThemeResult, proposed: bool) -> str:
    """The reason prefilled in the coordinator's decision form."""
    total = "—" if result.weighted_total is None else f"{result.weighted_total:.2f}"
    if proposed:
        return _("Weighted total %(total)s; it meets every minimum of the criteria.", total=total)
    if not result.n_scores:
        return _("Not scored by a working group.")
    return _("Weighted total %(total)s; it does not meet the minimum of every criterion.", total=total)


def default_response(decision: ThemeDecision, status: str) -> str:
    """A reasoned response to prefill, in the coordinator's language; they can rewrite it."""
    title = theme_title(decision.theme)
    if status == "retained":
        return _("Retained: your proposal is part of the future commitment “%(commitment)s”. %(reason)s",
                 commitment=title, reason=decision.reason)
    if status == "merged":
        return _("Merged into another proposal that carries the same idea, in the theme “%(theme)s”. "
                 "%(reason)s", theme=title, reason=decision.reason)
    return _("Not retained for the action plan. %(reason)s", reason=decision.reason)


def publish_outcomes(decision: ThemeDecision, outcomes: dict[int, tuple[str, str]], response: str,
                     actor) -> list[Proposal]:
    """Tell every author of the theme's proposals what happened and why: all proposals or none.

    `outcomes` maps a proposal id to (status, reference it is merged into or "").
    """
    response = (response or "").strip()
    if not response:
        raise ShortlistError(_("Write the reasoned response the authors will read."))
    planned = []
    for proposal in visible_proposals(decision.theme):
        status, merged_ref = outcomes.get(proposal.id, (None, ""))
        status = status or ("retained" if decision.decision == "retained" else "not_retained")
        if status not in OUTCOMES:
            raise ShortlistError(_("Choose an outcome for %(ref)s.", ref=proposal.ref))
        target = None
        if status == "merged":
            target = proposals.get_by_ref(merged_ref)
            if target is None or target.consultation_id != proposal.consultation_id or target.id == proposal.id \
                    or target.is_hidden:
                raise ShortlistError(_("%(ref)s: give the reference of another proposal of this consultation "
                                       "that it is merged into.", ref=proposal.ref))
        planned.append((proposal, status, target))
    for proposal, status, target in planned:
        text = f"{response}\n→ {target.ref}" if target is not None else response
        proposals.change_status(proposal, status, text, actor, merged_into=target)
    decision.outcomes_sent_at = utcnow()
    db.session.flush()
    return [proposal for proposal, _status, _target in planned]
