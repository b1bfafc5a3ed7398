"""Undoing an applied grouping run (its snapshot is taken by regrouping.apply): the themes come
back as they were, and undoing is a public step too: each proposal is back in the theme it was in,
the ones the run made "grouped" that still are go back to "received" (a proposal hidden or decided
since keeps its status: only the status the run gave is taken back), and the history of every
proposal whose status or theme the undo changes gets a dated step saying so; the "grouped" step
stays. Flushes; the caller commits."""
from __future__ import annotations

import base64
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import delete, insert, select, update

from consult.clustering.common import ClusteringError, grouping_undone_responses
from consult.clustering.models import ClusteringRun, ProposalVector, Theme
from consult.clustering.regrouping import join_nearest
from consult.clustering.signals import theme_ids_in_use
from consult.core import audit
from consult.core.extensions import db
from consult.core.models import utcnow
from consult.proposals.models import Proposal, ProposalEvent


def _where_they_are(consultation_id: int) -> dict[int, tuple[int | None, str]]:
    """{proposal id: (theme id, status)}: what a reader sees of each proposal of the consultation."""
    return {pid: (theme_id, status) for pid, theme_id, status in db.session.execute(
        select(Proposal.id, Proposal.theme_id, Proposal.status).filter(Proposal.consultation_id == consultation_id))}


def _take_back_grouped(consultation_id: int, made_grouped) -> None:
    """The proposals the run made "grouped" that still are go back to "received", and so does any
    proposal "grouped" now left without a theme (one that joined a theme of the run since): a page
    never says "grouped" above "not grouped yet". A status that moved on (hidden, decided) stays."""
    made_grouped = set(made_grouped or ())
    back = [pid for pid, theme_id in db.session.execute(select(Proposal.id, Proposal.theme_id).filter(
        Proposal.consultation_id == consultation_id, Proposal.status == "grouped"))
        if pid in made_grouped or theme_id is None]
    if back:
        db.session.execute(update(Proposal), [{"id": pid, "status": "received"} for pid in back])


def _record_undo(run: ClusteringRun, before: dict, actor) -> None:
    """A dated step in the history of every proposal whose theme or status the undo changed, with
    the status it has now; the platform's words, read in the reader's language."""
    changed = [(pid, status) for pid, (theme_id, status) in _where_they_are(run.consultation_id).items()
               if before.get(pid) != (theme_id, status)]
    if changed:
        now, responses = utcnow(), grouping_undone_responses(run.id)
        db.session.execute(insert(ProposalEvent), [
            {"proposal_id": pid, "status": status, "created_at": now, "response": "", "responses": responses,
             "actor_id": getattr(actor, "id", None)} for pid, status in changed])


def undo(run: ClusteringRun, actor) -> None:
    """Put the themes back as they were before the run was applied, and each proposal the run
    moved in the theme and (unless it moved on since) the status it had, with a public step."""
    if run.status != "done" or not run.snapshot:
        raise ClusteringError(_("Only an applied grouping can be undone."), 409)
    later = db.session.scalar(select(ClusteringRun.id).filter(
        ClusteringRun.consultation_id == run.consultation_id, ClusteringRun.id > run.id,
        ClusteringRun.status == "done"))
    if later:
        raise ClusteringError(_("A later grouping (run %(id)d) was applied after this one: undo it first.",
                                id=later), 409)
    snapshot = run.snapshot
    before = {t["id"] for t in snapshot["themes"]}
    current = db.session.scalars(select(Theme).filter(Theme.consultation_id == run.consultation_id)).all()
    in_use = theme_ids_in_use(run.consultation_id)
    for theme in current:
        made_by_run = theme.id not in before or theme.run_id == run.id   # (SQLite may reuse an id)
        if made_by_run and (theme.locked or theme.id in in_use):
            raise ClusteringError(_("A theme made by this grouping has been checked or is being scored since "
                                    "(theme %(id)d): it cannot be undone.", id=theme.id), 409)
    where_before = _where_they_are(run.consultation_id)
    db.session.execute(update(Proposal).filter(Proposal.consultation_id == run.consultation_id)
                       .values(theme_id=None).execution_options(synchronize_session="fetch"))
    current_kept = {t.id for t in current if t.id in before and t.run_id != run.id}
    gone = [t.id for t in current if t.id not in before]
    if gone:
        db.session.execute(delete(Theme).filter(Theme.id.in_(gone)).execution_options(synchronize_session="fetch"))
    for data in snapshot["themes"]:
        theme = db.session.get(Theme, data["id"])
        if theme is None:
            theme = Theme(id=data["id"], consultation_id=run.consultation_id)
            db.session.add(theme)
        theme.label, theme.names, theme.locked = data["label"], data["names"] or {}, data["locked"]
        theme.created_at, theme.run_id = datetime.fromisoformat(data["created_at"]), data["run_id"]
        theme.centroid = base64.b64decode(data["centroid"]) if data["centroid"] else None
        theme.join_threshold, theme.summary = data["join_threshold"], data["summary"] or {}
    db.session.flush()
    if snapshot["members"]:
        db.session.execute(update(Proposal), [{"id": pid, "theme_id": tid} for pid, tid in snapshot["members"]])
    if snapshot["places"]:
        db.session.execute(update(ProposalVector), [{"id": vid, "x": x, "y": y} for vid, x, y in snapshot["places"]])
    _take_back_grouped(run.consultation_id, snapshot.get("grouped"))
    _record_undo(run, where_before, actor)
    db.session.expire_all()
    # Only the proposals sent since the run was applied look for a theme: the others are where they were.
    join_nearest(run.consultation_id, after_id=snapshot.get("last_proposal"))
    run.status, run.undone_at, run.snapshot = "undone", utcnow(), None
    db.session.flush()
    audit.record("clustering_run", run.id, "undo", actor, themes=len(before))
    for theme_id in sorted(before - current_kept):
        audit.record("theme", theme_id, "restored", actor, run=run.id)
    db.session.flush()
