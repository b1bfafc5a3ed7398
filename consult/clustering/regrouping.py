"""A grouping run changes nothing until the coordinator applies its preview; an applied run can
be undone. The plan (groups of proposal ids, titles, terms, mixed flags, map places, pairs) is
kept on the run with a fingerprint of the themes it was computed from: applying it after the
themes changed (a theme locked, merged, split, a proposal moved, another run applied) is refused.
Applying first takes a snapshot of every theme of the consultation and of its members, which
undoing puts back. Locked themes and the themes other features hold on to keep their proposals.

Undoing an applied run is in undoing.py.
Flushes; the caller commits."""
from __future__ import annotations

import base64
import hashlib
import json

from flask_babel import gettext as _
import numpy as np
from sqlalchemy import delete, func, insert, select, update

from consult.clustering import algorithms, geometry
from consult.clustering.common import ClusteringError, grouped_responses, mark_grouped
from consult.clustering.models import ClusteringRun, DuplicateLink, ProposalVector, Theme
from consult.clustering.signals import theme_ids_in_use
from consult.core import audit
from consult.core.extensions import db
from consult.core.languages import LANGUAGE_NAMES, LANGUAGES
from consult.core.models import utcnow
from consult.proposals.models import Proposal, ProposalEvent

DUPLICATE_SUGGESTIONS_MAX = 2000


def protected_themes(consultation_id: int) -> dict[int, Theme]:
    """Themes a run keeps: the locked ones and those other features hold on to."""
    protected = {t.id: t for t in db.session.scalars(select(Theme).filter(
        Theme.consultation_id == consultation_id)) if t.locked}
    for theme_id in theme_ids_in_use(consultation_id):
        protected.setdefault(theme_id, db.session.get(Theme, theme_id))
    return protected


def fingerprint(consultation_id: int, proposal_ids) -> str:
    """What a plan depends on: the themes, which are locked or in use, and where its proposals are."""
    themes = sorted([tid, bool(locked)] for tid, locked in db.session.execute(
        select(Theme.id, Theme.locked).filter(Theme.consultation_id == consultation_id)))
    where = dict(db.session.execute(select(Proposal.id, Proposal.theme_id)
                                    .filter(Proposal.consultation_id == consultation_id)).all())
    state = [themes, sorted(theme_ids_in_use(consultation_id)),
             [[pid, where.get(pid)] for pid in sorted(proposal_ids)]]
    return hashlib.sha256(json.dumps(state).encode()).hexdigest()


def is_stale(run: ClusteringRun) -> bool:
    plan = run.plan or {}
    return fingerprint(run.consultation_id, plan.get("ids", [])) != plan.get("fingerprint")


# --- preview -------------------------------------------------------------------------------------

def store_preview(run: ClusteringRun, plan: dict, before: list, locked_keys: list) -> None:
    """Keep the plan and the changes it would make; nothing else changes."""
    labels = plan["groups"]
    changes = algorithms.compare_groupings(before, labels, dict(enumerate(locked_keys)))
    from consult.clustering.themes import theme_title
    themes = {t.id: t for t in db.session.scalars(select(Theme).filter(Theme.consultation_id == run.consultation_id))}
    changes["titles"] = {str(tid): {lang: theme_title(t, lang) for lang in LANGUAGES} for tid, t in themes.items()}
    sizes = np.bincount(np.asarray(labels, dtype=np.int64), minlength=len(plan["labels"])).tolist() if labels else []
    groups = []
    for g in range(len(plan["labels"])):
        if g < len(locked_keys):
            title = changes["titles"][str(locked_keys[g])]
        else:
            written = plan["origins"][g].get("languages", {})
            title = {lang: _tagged(plan["labels"][g].get(lang, ""), written.get(lang, lang), lang) for lang in LANGUAGES}
        groups.append({"title": title, "size": sizes[g], "mixed": bool(plan["mixed"][g].get("mixed")),
                       "locked": locked_keys[g] if g < len(locked_keys) else None})
    changes["groups"] = groups
    run.plan = {**plan, "fingerprint": fingerprint(run.consultation_id, plan["ids"]), "locked_keys": locked_keys}
    run.changes = changes
    db.session.flush()


def _tagged(text: str, written: str, reader: str) -> str:
    return f"{text} ({LANGUAGE_NAMES[written]})" if written != reader and written in LANGUAGE_NAMES else text


def discard(run: ClusteringRun, actor) -> None:
    if run.status != "preview":
        raise ClusteringError(_("This grouping is not waiting to be applied."), 409)
    run.status, run.plan = "discarded", None
    db.session.flush()
    audit.record("clustering_run", run.id, "discard", actor)


# --- apply ---------------------------------------------------------------------------------------

def _vectors_of(proposal_ids) -> dict[int, tuple[int, bytes]]:
    """{proposal id: (vector row id, vector)} of the visible ones among `proposal_ids`."""
    return {pid: (vid, bytes(vector)) for pid, vid, vector in db.session.execute(
        select(Proposal.id, ProposalVector.id, ProposalVector.vector)
        .join(ProposalVector, ProposalVector.proposal_id == Proposal.id)
        .filter(Proposal.id.in_(list(proposal_ids)), Proposal.status != "hidden",
                ProposalVector.version == algorithms.VECTOR_VERSION))}


def apply(run: ClusteringRun, actor) -> ClusteringRun:
    """Replace the themes by the previewed ones (locked and held themes keep their proposals);
    a theme the preview says stays keeps its row, its id and its names."""
    if run.status != "preview" or not run.plan:
        raise ClusteringError(_("This grouping is not waiting to be applied."), 409)
    if is_stale(run):
        raise ClusteringError(_("The themes have changed since this preview was made (a theme was locked, "
                                "merged, split or another grouping was applied): discard it and start a new "
                                "grouping."), 409)
    consultation_id, plan = run.consultation_id, run.plan
    run.snapshot = take_snapshot(consultation_id)
    protected = protected_themes(consultation_id)
    locked_keys = plan["locked_keys"]
    reused = {s["group"]: s["theme"] for s in (run.changes or {}).get("stays", [])
              if not s["kept"] and s["theme"] not in protected and s["group"] >= len(locked_keys)}
    ids = plan["ids"]
    vectors = _vectors_of(ids)
    rows = [i for i, pid in enumerate(ids) if pid in vectors]
    old_ids = list(db.session.scalars(select(Theme.id).filter(
        Theme.consultation_id == consultation_id, Theme.id.not_in(list(protected) + list(reused.values()) or [0]))))
    released = old_ids + list(reused.values())
    if released:
        db.session.execute(update(Proposal).filter(Proposal.theme_id.in_(released)).values(theme_id=None)
                           .execution_options(synchronize_session="fetch"))
    if old_ids:
        db.session.execute(delete(Theme).filter(Theme.id.in_(old_ids)).execution_options(synchronize_session="fetch"))
    labels = np.asarray([plan["groups"][i] for i in rows], dtype=np.int64)
    kept_ids = [ids[i] for i in rows]
    space = algorithms.grouping_space(algorithms.stack_vectors([vectors[pid][1] for pid in kept_ids])) \
        if kept_ids else np.zeros((0, 1), dtype=np.float32)
    themes: list[Theme | None] = []
    for g in range(len(plan["labels"])):
        members = np.flatnonzero(labels == g)
        if g < len(locked_keys):
            theme = protected[locked_keys[g]]
        elif g in reused:
            theme = db.session.get(Theme, reused[g])
        elif members.size:
            theme = Theme(consultation_id=consultation_id, run_id=run.id)
            db.session.add(theme)
        else:
            themes.append(None)
            continue
        if g >= len(locked_keys):
            theme.label = plan["labels"][g]
            theme.summary = {"label": plan["origins"][g], "terms": plan["terms"][g], "mixed": plan["mixed"][g]}
        if members.size:
            geometry.apply_geometry(theme, geometry.theme_geometry(space, members, kept_ids))
        themes.append(theme)
    db.session.flush()
    for g, theme in enumerate(themes):
        if theme is not None and g >= len(locked_keys) and g not in reused:
            audit.record("theme", theme.id, "create", actor, run=run.id, size=int((labels == g).sum()))
    grouped = _file(kept_ids, [themes[g] for g in labels])
    joined = join_nearest(consultation_id)
    run.snapshot = {**run.snapshot, "grouped": sorted(grouped + joined)}   # what undoing takes back
    places = plan.get("places") or []
    if places:
        db.session.execute(update(ProposalVector), [
            {"id": vectors[ids[i]][0], "x": places[i][0], "y": places[i][1]} for i in rows if i < len(places)])
    run.n_duplicates = _suggest_duplicates(run, plan.get("pairs") or [])
    run.n_grouped, run.n_themes = len(grouped), sum(1 for t in themes if t is not None)
    run.status, run.stage, run.applied_at, run.plan = "done", "done", utcnow(), None
    db.session.flush()
    audit.record("clustering_run", run.id, "apply", actor, themes=run.n_themes,
                 moved=(run.changes or {}).get("moved"))
    db.session.flush()
    return run


def _file(proposal_ids: list[int], themes: list[Theme]) -> list[int]:
    """Proposals take their theme; the ones just received become "grouped", with a response.
    Returns the ids of those."""
    if proposal_ids:
        db.session.execute(update(Proposal), [{"id": pid, "theme_id": theme.id}
                                              for pid, theme in zip(proposal_ids, themes)])
    received = db.session.execute(select(Proposal.id, Proposal.language).filter(
        Proposal.id.in_(proposal_ids or [0]), Proposal.status == "received")).all()
    if received:
        db.session.execute(update(Proposal), [{"id": pid, "status": "grouped"} for pid, _lang in received])
        now, responses = utcnow(), grouped_responses()
        db.session.execute(insert(ProposalEvent), [
            {"proposal_id": pid, "status": "grouped", "created_at": now, "response": "", "responses": responses}
            for pid, _lang in received])
    return [pid for pid, _lang in received]


def join_nearest(consultation_id: int, after_id: int | None = None) -> list[int]:
    """Visible proposals left without a theme (sent since the preview, or whose theme is gone)
    join their closest theme when close enough, as a new proposal does; only those with an id
    above `after_id` when given. Returns the ids of those that became "grouped"."""
    waiting = db.session.scalars(select(Proposal).filter(
        Proposal.consultation_id == consultation_id, Proposal.status != "hidden",
        Proposal.theme_id.is_(None), Proposal.id > (after_id or 0))).all()
    themes = db.session.scalars(select(Theme).filter(Theme.consultation_id == consultation_id,
                                                     Theme.centroid.is_not(None)).order_by(Theme.id)).all()
    if not waiting or not themes:
        return []
    vectors = {pid: vector for pid, (_vid, vector) in _vectors_of([p.id for p in waiting]).items()}
    centroids = np.vstack([np.frombuffer(t.centroid, dtype="<f4") for t in themes])
    grouped = []
    for proposal in waiting:
        if proposal.id not in vectors:
            continue
        index, cosine = algorithms.assign_to_nearest_group(algorithms.vector_from_bytes(vectors[proposal.id]),
                                                           centroids)
        if cosine >= (themes[index].join_threshold or geometry.JOIN_FLOOR):
            proposal.theme = themes[index]
            if proposal.status == "received":
                grouped.append(proposal.id)
            mark_grouped(proposal)
    db.session.flush()
    return grouped


def _suggest_duplicates(run, pairs) -> int:
    """Near-duplicate pairs to review (pairs people already decided on stay decided)."""
    consultation_id = run.consultation_id
    db.session.execute(delete(DuplicateLink).filter(DuplicateLink.consultation_id == consultation_id,
                                                    DuplicateLink.status == "suggested"))
    decided = {tuple(sorted(pair)) for pair in db.session.execute(
        select(DuplicateLink.original_id, DuplicateLink.duplicate_id)
        .filter(DuplicateLink.consultation_id == consultation_id)).all()}
    visible = set(db.session.scalars(select(Proposal.id).filter(Proposal.consultation_id == consultation_id,
                                                                Proposal.status != "hidden")))
    suggestions = [{"consultation_id": consultation_id, "original_id": a, "duplicate_id": b, "score": score,
                    "status": "suggested", "run_id": run.id, "created_at": utcnow()}
                   for a, b, score in pairs
                   if tuple(sorted((a, b))) not in decided and a in visible and b in visible
                   ][:DUPLICATE_SUGGESTIONS_MAX]
    if suggestions:
        db.session.execute(insert(DuplicateLink), suggestions)
    return len(suggestions)


# --- undo ----------------------------------------------------------------------------------------

def take_snapshot(consultation_id: int) -> dict:
    """The themes and their members before a run is applied; "last_proposal": the newest proposal
    then (those after it were sent since). `apply` adds "grouped": the proposals it made grouped."""
    themes = db.session.scalars(select(Theme).filter(Theme.consultation_id == consultation_id)
                                .order_by(Theme.id)).all()
    return {
        "last_proposal": db.session.scalar(select(func.max(Proposal.id)).filter(
            Proposal.consultation_id == consultation_id)) or 0,
        "themes": [{"id": t.id, "label": t.label, "names": t.names, "locked": t.locked,
                    "created_at": t.created_at.isoformat(), "run_id": t.run_id,
                    "centroid": base64.b64encode(t.centroid).decode() if t.centroid else None,
                    "join_threshold": t.join_threshold, "summary": t.summary} for t in themes],
        "members": [[pid, tid] for pid, tid in db.session.execute(
            select(Proposal.id, Proposal.theme_id).filter(Proposal.consultation_id == consultation_id,
                                                          Proposal.theme_id.is_not(None)).order_by(Proposal.id))],
        "places": [[vid, x, y] for vid, x, y in db.session.execute(
            select(ProposalVector.id, ProposalVector.x, ProposalVector.y).filter(
                ProposalVector.consultation_id == consultation_id, ProposalVector.x.is_not(None)))]}
