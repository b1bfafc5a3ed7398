"""The shortlist: the ranking proposes it, the coordinator confirms or amends it with public reasons,
and every author of a theme's proposals is told the outcome. Flushes, never commits."""
from __future__ import annotations

from dataclasses import dataclass

from consult.clustering.models import Theme
from consult.core import audit
from consult.core.extensions import db
from consult.core.languages import LANGUAGES, known_language, pick
from consult.core.models import utcnow
from consult.proposals import services as proposals
from consult.proposals.models import Proposal
from flask_babel import gettext as _
from flask_babel import ngettext

from consult.scoring.errors import ScoringError
from consult.scoring.groups import visible_proposals
from consult.scoring.results import ThemeResult, consultation_results, rank, theme_label, theme_result, theme_title
from consult.scoring.rubric import criteria
from consult.shortlist.models import DECISIONS, ThemeDecision
from consult.shortlist.responses import default_responses, suggested_reason, with_target

# The shortlist's services, and the outcome texts of responses.py, which the pages read from here.
__all__ = [
    "OUTCOMES", "STATES", "ShortlistEntry", "ShortlistError", "counts_label", "decide", "decide_many",
    "decisions_of", "proposed_shortlist", "publish_outcomes", "published", "shortlist", "state_counts",
    "default_responses", "suggested_reason", "with_target",
]

OUTCOMES = ("retained", "merged", "not_retained")
ShortlistError = ScoringError


STATES = ("confirmed", "pending", "not_retained")


@dataclass
class ShortlistEntry:
    rank: int | None           # among the confirmed and pending themes; None when not retained
    theme: Theme
    label: dict
    scores: dict
    weighted_total: float | None
    n_scores: int
    proposals: list
    regions: list
    state: str                 # confirmed | pending (no decision yet) | not_retained
    proposed: bool             # the ranking proposes it: scored, every minimum met

    @property
    def confirmed(self) -> bool:
        return self.state == "confirmed"


def state_counts(entries) -> dict[str, int]:
    """How many themes are confirmed, pending and not retained ("1 confirmed · 6 pending")."""
    counts = dict.fromkeys(STATES, 0)
    for entry in entries:
        counts[entry.state] += 1
    return counts


def counts_label(counts: dict[str, int]) -> str:
    """"1 confirmed · 6 pending · 1 not retained" (the states that have themes), in the locale."""
    parts = [ngettext("%(num)d confirmed", "%(num)d confirmed", counts.get("confirmed", 0)),
             ngettext("%(num)d pending", "%(num)d pending", counts.get("pending", 0)),
             ngettext("%(num)d not retained", "%(num)d not retained", counts.get("not_retained", 0))]
    shown = [part for part, state in zip(parts, STATES) if counts.get(state)]
    return " · ".join(shown) if shown else _("No theme is in the running yet.")


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
    """Every theme in the running, confirmed first, then pending (no decision yet: the ranking's
    proposal stands until the coordinator confirms it), then not retained; ranked by weighted
    total within each. A workshop's keeps only its own proposals (the caller drops empty themes)."""
    results = consultation_results(consultation)
    decisions = decisions_of(consultation)
    rubric = criteria(consultation)
    by_id = {result.theme.id: result for result in results}
    for theme_id, row in decisions.items():
        by_id.setdefault(theme_id, theme_result(row.theme, [], rubric))

    def state(result) -> str:
        decision = decisions.get(result.theme.id)
        return "pending" if decision is None else ("confirmed" if decision.decision == "retained" else "not_retained")

    ordered = sorted(rank(list(by_id.values())), key=lambda result: STATES.index(state(result)))
    entries, position = [], 0
    for result in ordered:
        kept = [p for p in visible_proposals(result.theme)
                if workshop is None or p.workshop_id == getattr(workshop, "id", workshop)]
        current = state(result)
        position += current != "not_retained"
        entries.append(ShortlistEntry(
            rank=position if current != "not_retained" else None, theme=result.theme,
            label=theme_label(result.theme), scores=result.means, weighted_total=result.weighted_total,
            n_scores=result.n_scores, proposals=kept, regions=sorted({p.governorate for p in kept if p.governorate}),
            state=current, proposed=bool(result.n_scores and result.meets_minimums)))
    return entries


def decide_many(consultation, choices: list[tuple[Theme, str, str]], actor) -> list[ThemeDecision]:
    """Confirm several themes at once, each with its decision and public reason: all or none."""
    if not choices:
        raise ShortlistError(_("Tick the themes to confirm."))
    for theme, decision, reason in choices:
        if decision not in DECISIONS or not (reason or "").strip():
            raise ShortlistError(_("“%(theme)s”: give the decision and its reason (it is public).",
                                   theme=theme_title(theme)))
    return [decide(consultation, theme, decision, reason, actor) for theme, decision, reason in choices]


def publish_outcomes(decision: ThemeDecision, outcomes: dict[int, tuple[str, str]], responses: dict,
                     actor) -> list[Proposal]:
    """Tell every author of the theme's proposals what happened and why: all proposals or none.

    `outcomes` maps a proposal id to (status, reference it is merged into or "");
    `responses` is the reasoned response in {"ar", "fr", "en"} (at least one written): each author
    reads the version in the language of their proposal, or of the page.
    """
    responses = {language: (text or "").strip() for language, text in (responses or {}).items()
                 if language in LANGUAGES}
    if not any(responses.values()):
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
        texts = with_target(responses, target)
        proposals.change_status(proposal, status, pick(texts, known_language(proposal.language))[0], actor,
                                merged_into=target, responses=texts)
    decision.responses = responses
    decision.outcomes_sent_at = utcnow()
    db.session.flush()
    return [proposal for proposal, _status, _target in planned]
