"""The action plan: drafted from the confirmed shortlist, edited card by card, published in versions.

Flushes; the caller commits. Every change is audited.
"""
from __future__ import annotations

from datetime import date

from flask_babel import gettext as _

from consult.commitments import signals
from consult.commitments.errors import CommitmentError
from consult.commitments.models import (ORIGINS, RELEVANCE, VALUES, ActionPlan, Commitment, Milestone,
                                        PlanVersion)
from consult.commitments.sources import Theme, confirmed_shortlist, theme_label, visible_proposals
from consult.core import audit
from consult.core.extensions import db
from consult.core.languages import LANGUAGES
from consult.core.models import utcnow

CARD_FIELDS = ("number", "title", "axis_id", "lead_body", "other_actors", "problem", "objective",
               "description", "relevance", "ambition", "expected_results", "starts_on", "ends_on",
               "origin", "origin_note", "contact_id")
MILESTONE_FIELDS = ("deliverable", "responsible_body", "starts_on", "due_on", "weight", "position")


# --- reading -----------------------------------------------------------------------------------------

def plan_of(consultation) -> ActionPlan | None:
    return db.session.scalar(db.select(ActionPlan).filter_by(consultation_id=consultation.id))


def used_theme_ids(plan: ActionPlan, but: Commitment | None = None) -> set[int]:
    return {theme.id for commitment in plan.commitments if commitment is not but for theme in commitment.themes}


def available_themes(plan: ActionPlan, commitment: Commitment | None = None) -> list[Theme]:
    """Retained themes not yet feeding another commitment (the given one's own included)."""
    taken = used_theme_ids(plan, but=commitment)
    return [entry.theme for entry in confirmed_shortlist(plan.consultation) if entry.theme.id not in taken]


def source_proposals(commitment: Commitment) -> list:
    """The proposals behind a commitment, through its themes (hidden ones left out)."""
    return [proposal for theme in commitment.themes for proposal in visible_proposals(theme)]


def commitment_of_proposal(proposal):
    """The commitment a proposal became, when its theme feeds one; None otherwise."""
    if proposal is None or proposal.theme_id is None:
        return None
    from consult.commitments.models import commitment_themes
    return db.session.scalar(db.select(Commitment).join(commitment_themes)
                             .filter(commitment_themes.c.theme_id == proposal.theme_id))


# --- the draft -----------------------------------------------------------------------------------------

def _dates(consultation) -> tuple[date | None, date | None]:
    """A new commitment runs through the follow-up phase by default, when the calendar has one."""
    follow = [phase for phase in consultation.phases if phase.kind == "followup"]
    return (follow[0].starts_on, follow[0].ends_on) if follow else (None, None)


def _commitment_axis(themes: list[Theme]):
    """The axis most of the themes' proposals were sent under."""
    counts: dict[int, int] = {}
    for theme in themes:
        for proposal in visible_proposals(theme):
            if proposal.axis_id:
                counts[proposal.axis_id] = counts.get(proposal.axis_id, 0) + 1
    return max(counts, key=counts.get) if counts else None


def create_draft(consultation, groups: dict[int, int], actor) -> ActionPlan:
    """The draft plan from the confirmed shortlist: `groups` maps each retained theme id to the
    number of the commitment it feeds (themes given the same number are merged into one
    commitment; a theme left out is not used)."""
    if plan_of(consultation) is not None:
        raise CommitmentError(_("This consultation already has an action plan."), 409)
    entries = {entry.theme.id: entry for entry in confirmed_shortlist(consultation)}
    if not entries:
        raise CommitmentError(_("Confirm the shortlist first: the draft plan is made from the retained themes."), 409)
    unknown = set(groups) - set(entries)
    if unknown:
        raise CommitmentError(_("A theme that is not on the confirmed shortlist was given."), 400)
    if not groups:
        raise CommitmentError(_("Give at least one retained theme a commitment number."))
    plan = ActionPlan(consultation=consultation, status="draft", created_by_id=getattr(actor, "id", None))
    db.session.add(plan)
    starts_on, ends_on = _dates(consultation)
    by_number: dict[int, list[Theme]] = {}
    for theme_id in sorted(groups, key=lambda theme_id: (groups[theme_id], entries[theme_id].rank)):
        by_number.setdefault(groups[theme_id], []).append(entries[theme_id].theme)
    for position, (_number, themes) in enumerate(sorted(by_number.items()), start=1):
        title = theme_label(themes[0])
        if len(themes) > 1:
            title = {code: " / ".join(t for t in (theme_label(theme)[code] for theme in themes) if t)
                     for code in LANGUAGES}
        commitment = Commitment(plan=plan, number=position, title=title, themes=list(themes),
                                axis_id=_commitment_axis(themes), starts_on=starts_on, ends_on=ends_on,
                                origin="shortlist", relevance={}, other_actors={})
        db.session.add(commitment)
    db.session.flush()
    audit.record("action_plan", plan.id, "create_draft", actor,
                 commitments={c.number: [t.id for t in c.themes] for c in plan.commitments})
    return plan


def snapshot(commitment: Commitment) -> dict:
    """The public fields of a commitment card, as a version keeps them and the diff compares them."""
    return {
        "id": commitment.id, "number": commitment.number, "title": dict(commitment.title or {}),
        "axis": commitment.axis.code if commitment.axis else None,
        "axis_name": dict(commitment.axis.name) if commitment.axis else None,
        "lead_body": commitment.lead_body, "other_actors": dict(commitment.other_actors or {}),
        "problem": commitment.problem, "objective": commitment.objective,
        "description": commitment.description, "relevance": dict(commitment.relevance or {}),
        "ambition": commitment.ambition, "expected_results": commitment.expected_results,
        "start": commitment.starts_on.isoformat() if commitment.starts_on else None,
        "end": commitment.ends_on.isoformat() if commitment.ends_on else None,
        "themes": [theme.id for theme in commitment.themes],
        "milestones": [{"id": m.id, "deliverable": m.deliverable, "responsible_body": m.responsible_body,
                        "start": m.starts_on.isoformat() if m.starts_on else None,
                        "due": m.due_on.isoformat() if m.due_on else None, "weight": m.weight}
                       for m in commitment.milestones],
    }


def _clean_card(fields: dict, plan: ActionPlan) -> dict:
    """The given card fields, checked and trimmed (fields not given are left as they are)."""
    cleaned = dict(fields)
    if "title" in cleaned:
        cleaned["title"] = {code: (cleaned["title"] or {}).get(code, "").strip() for code in LANGUAGES}
        if not any(cleaned["title"].values()):
            raise CommitmentError(_("Give the commitment a title."))
    if cleaned.get("origin", "shortlist") not in ORIGINS:
        raise CommitmentError(_("Unknown origin."))
    if "relevance" in cleaned:
        cleaned["relevance"] = {value: level for value, level in (cleaned["relevance"] or {}).items()
                                if value in VALUES and level in RELEVANCE}
    if "axis_id" in cleaned:
        cleaned["axis_id"] = cleaned["axis_id"] or None
        if cleaned["axis_id"] is not None and cleaned["axis_id"] not in {a.id for a in plan.consultation.axes}:
            raise CommitmentError(_("Choose one of the consultation's axes."))
    if cleaned.get("starts_on") and cleaned.get("ends_on") and cleaned["ends_on"] < cleaned["starts_on"]:
        raise CommitmentError(_("The end date comes before the start date."))
    for key in ("lead_body", "problem", "objective", "description", "ambition", "expected_results",
                "origin_note"):
        if key in cleaned:
            cleaned[key] = (cleaned[key] or "").strip()
    if "other_actors" in cleaned:
        cleaned["other_actors"] = {key: (value or "").strip() for key, value in
                                   (cleaned["other_actors"] or {}).items() if key in ("government", "others")}
    return cleaned


def _set_themes(commitment: Commitment, theme_ids: list[int] | None) -> None:
    if theme_ids is None:
        return
    allowed = {theme.id: theme for theme in available_themes(commitment.plan, commitment)}
    if set(theme_ids) - set(allowed):
        raise CommitmentError(_("A theme given is not retained, or already feeds another commitment."))
    commitment.themes = [allowed[theme_id] for theme_id in sorted(theme_ids)]


def add_commitment(plan: ActionPlan, fields: dict, actor, theme_ids: list[int] | None = None) -> Commitment:
    """A commitment that came from elsewhere (e.g. a ministry's letter), or from themes."""
    fields = _clean_card({"title": {}, **fields}, plan)
    fields.setdefault("number", max((c.number for c in plan.commitments), default=0) + 1)
    commitment = Commitment(plan=plan, **{key: fields[key] for key in CARD_FIELDS if key in fields})
    db.session.add(commitment)
    _set_themes(commitment, theme_ids or [])
    db.session.flush()
    audit.record("commitment", commitment.id, "create", actor, new=snapshot(commitment))
    return commitment


def update_card(commitment: Commitment, fields: dict, actor, theme_ids: list[int] | None = None) -> bool:
    """Edit a commitment's card; returns whether anything changed."""
    fields = _clean_card(fields, commitment.plan)
    old, old_contact = snapshot(commitment), commitment.contact_id
    for key in CARD_FIELDS:
        if key in fields:
            setattr(commitment, key, fields[key])
    _set_themes(commitment, theme_ids)
    db.session.flush()
    db.session.refresh(commitment, ["axis"])
    new = snapshot(commitment)
    if new == old and commitment.contact_id == old_contact:
        return False
    audit.record("commitment", commitment.id, "update", actor, old=old, new=new,
                 contact_changed=commitment.contact_id != old_contact)
    return True


def _clean_milestone(fields: dict) -> dict:
    cleaned = dict(fields)
    cleaned["deliverable"] = (cleaned.get("deliverable") or "").strip()
    if not cleaned["deliverable"]:
        raise CommitmentError(_("Describe the milestone's verifiable deliverable."))
    cleaned["responsible_body"] = (cleaned.get("responsible_body") or "").strip()
    if cleaned.get("starts_on") and cleaned.get("due_on") and cleaned["due_on"] < cleaned["starts_on"]:
        raise CommitmentError(_("The due date comes before the start date."))
    weight = cleaned.get("weight")
    if weight is not None and not (0 < weight <= 1000):
        raise CommitmentError(_("A weight is a number above 0 (leave it empty to count like the others)."))
    return cleaned


def add_milestone(commitment: Commitment, fields: dict, actor) -> Milestone:
    fields = _clean_milestone(fields)
    fields.setdefault("position", len(commitment.milestones) + 1)
    milestone = Milestone(commitment=commitment, **{key: fields.get(key) for key in MILESTONE_FIELDS})
    db.session.add(milestone)
    db.session.flush()
    audit.record("milestone", milestone.id, "create", actor, commitment_id=commitment.id,
                 new={key: str(fields.get(key)) for key in MILESTONE_FIELDS})
    return milestone


def update_milestone(milestone: Milestone, fields: dict, actor) -> None:
    fields = _clean_milestone(fields)
    old = {key: str(getattr(milestone, key)) for key in MILESTONE_FIELDS}
    for key in MILESTONE_FIELDS:
        if key in fields:
            setattr(milestone, key, fields[key])
    db.session.flush()
    new = {key: str(getattr(milestone, key)) for key in MILESTONE_FIELDS}
    if new != old:
        audit.record("milestone", milestone.id, "update", actor, commitment_id=milestone.commitment_id,
                     old=old, new=new)


# --- publication and versions ------------------------------------------------------------------------

def publish(plan: ActionPlan, note: str, actor) -> PlanVersion:
    """Publish the final plan as it stands now; each publication is kept as a version."""
    if not plan.commitments:
        raise CommitmentError(_("The plan has no commitment to publish."), 409)
    missing = [c.number for c in plan.commitments if not c.lead_body]
    if missing:
        raise CommitmentError(_("Name the lead body of every commitment before publishing (commitment %(numbers)s).",
                                numbers=", ".join(map(str, missing))))
    previous = plan.versions[-1] if plan.versions else None
    seen = {item["id"] for item in previous.snapshot["commitments"]} if previous else set()
    version = PlanVersion(plan=plan, number=(previous.number + 1) if previous else 1, note=(note or "").strip(),
                          snapshot={"commitments": [snapshot(c) for c in plan.commitments]},
                          published_by_id=getattr(actor, "id", None), published_at=utcnow())
    db.session.add(version)
    plan.status, plan.published_at = "final", version.published_at
    db.session.flush()
    audit.record("action_plan", plan.id, "publish", actor, version=version.number, note=version.note)
    signals.plan_published.send(plan, version=version,
                                new=[c for c in plan.commitments if c.id not in seen])
    return version


FIELD_ORDER = ("number", "title", "axis", "lead_body", "other_actors", "problem", "objective", "description",
               "relevance", "ambition", "expected_results", "start", "end", "milestones")


def history(commitment: Commitment) -> list[dict]:
    """For each published version holding this commitment: its number, date, note and the fields
    that changed since the previous one ({field: (old, new)}; the first one has no changes)."""
    rows, previous = [], None
    for version in commitment.plan.versions:
        item = next((c for c in version.snapshot["commitments"] if c["id"] == commitment.id), None)
        if item is None:
            continue
        changes = {}
        if previous is not None:
            changes = {key: (previous.get(key), item.get(key)) for key in FIELD_ORDER
                       if previous.get(key) != item.get(key)}
        rows.append({"version": version, "first": previous is None, "changes": changes})
        previous = item
    return rows


def unpublished_changes(commitment: Commitment) -> list[str]:
    """Fields edited since the latest publication (for the coordinator)."""
    if not commitment.plan.versions:
        return []
    item = next((c for c in commitment.plan.versions[-1].snapshot["commitments"] if c["id"] == commitment.id), None)
    if item is None:
        return ["new"]
    now = snapshot(commitment)
    return [key for key in FIELD_ORDER if now.get(key) != item.get(key)]
