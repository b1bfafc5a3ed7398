"""Grouping runs: a run regroups the visible proposals of a consultation from their stored
vectors. Locked themes, and the themes other features hold on to (`signals.themes_in_use`), keep
their members (`regroup_with_locked`); the other themes are replaced. Flushes; the caller
commits (`jobs` commits each stage, so that the run page shows the progress)."""
from __future__ import annotations

import subprocess
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

import numpy as np
from sqlalchemy import delete, insert, select, update

from consult.clustering import algorithms, embedding, geometry
from consult.clustering.common import ClusteringError, _, grouped_response
from consult.clustering.models import ClusteringRun, DuplicateLink, ProposalVector, Theme
from consult.clustering.signals import theme_ids_in_use
from consult.core import audit, jobs
from consult.core.config import ROOT
from consult.core.extensions import db
from consult.core.models import utcnow
from consult.proposals.models import Proposal, ProposalEvent

# Bump when the way the platform groups changes (parameters, steps), so runs can be compared.
ALGORITHM_VERSION = "platform-2"
DUPLICATE_THRESHOLD = 0.9
# Pairs a run lists for review, best first: more than people can read is noise.
DUPLICATE_SUGGESTIONS_MAX = 2000
# A run without a job (the demo's) that has not moved for this long is taken as dead; a run with
# one is dead as soon as its job is (no heartbeat: core.jobs).
STALE_AFTER = timedelta(minutes=30)
K_MAX = 1000
GRANULARITY_RANGE = (0.1, 10.0)

_CODE_VERSION: list[str | None] = []


def code_version() -> str | None:
    """The short git commit of the running code, when it is a git checkout."""
    if not _CODE_VERSION:
        try:
            out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                 text=True, timeout=5)
            _CODE_VERSION.append(out.stdout.strip() or None if out.returncode == 0 else None)
        except (OSError, subprocess.SubprocessError):
            _CODE_VERSION.append(None)
    return _CODE_VERSION[0]


def job_key(run_id: int) -> str:
    """The key of the background job (core.jobs) that executes the run."""
    return f"clustering.run:{run_id}"


def is_alive(run: ClusteringRun) -> bool:
    """Queued or running, and someone still works on it (its job has a heartbeat)."""
    if run.finished:
        return False
    job = jobs.find(job_key(run.id))
    if job is None:
        return run.updated_at >= utcnow() - STALE_AFTER
    return job.status in jobs.ALIVE and not jobs.is_dead(job)


def active_run(consultation_id: int) -> ClusteringRun | None:
    """A run of the consultation that is queued or running and still alive."""
    run = db.session.scalar(select(ClusteringRun).filter(
        ClusteringRun.consultation_id == consultation_id, ClusteringRun.status.in_(("queued", "running")))
        .order_by(ClusteringRun.id.desc()))
    return run if run is not None and is_alive(run) else None


def runs_of(consultation_id: int, limit: int = 20) -> list[ClusteringRun]:
    return db.session.scalars(select(ClusteringRun).filter_by(consultation_id=consultation_id)
                              .order_by(ClusteringRun.id.desc()).limit(limit)).all()


def start_run(consultation, *, k: int | None = None, granularity: float = 1.0, actor=None,
              source: str = "web") -> ClusteringRun:
    """Record a queued run with its parameters; one run at a time per consultation."""
    if k is not None and not 1 <= int(k) <= K_MAX:
        raise ClusteringError(_("The number of groups must be between 1 and %(max)d.", max=K_MAX))
    if not GRANULARITY_RANGE[0] <= float(granularity) <= GRANULARITY_RANGE[1]:
        raise ClusteringError(_("The granularity must be between %(low)s and %(high)s.",
                                low=GRANULARITY_RANGE[0], high=GRANULARITY_RANGE[1]))
    running = active_run(consultation.id)
    if running is not None:
        raise ClusteringError(_("A grouping of this consultation is already running (run %(id)d).",
                                id=running.id), 409)
    run = ClusteringRun(consultation_id=consultation.id, k=int(k) if k else None,
                        granularity=float(granularity), source=source,
                        algorithm_version=ALGORITHM_VERSION, code_version=code_version(),
                        vector_version=algorithms.VECTOR_VERSION, created_by_id=getattr(actor, "id", None))
    db.session.add(run)
    db.session.flush()
    audit.record("clustering_run", run.id, "start", actor, consultation=consultation.id, k=run.k,
                 granularity=run.granularity, source=source)
    return run


def mark_failed(run: ClusteringRun, message: str) -> None:
    run.status, run.stage, run.error = "failed", "failed", message[:2000]
    run.finished_at = utcnow()
    if run.started_at:
        run.duration_seconds = (run.finished_at - run.started_at).total_seconds()
    db.session.flush()


def _stage(run: ClusteringRun, stage: str, progress: float, report) -> None:
    run.stage, run.progress = stage, round(progress, 3)
    run.updated_at = utcnow()
    db.session.flush()
    report(run)


@dataclass
class _Members:
    ids: list[int]
    texts: list[str]
    languages: list[str]
    statuses: list[str]
    themes: list[int | None]
    vector_ids: list[int]
    vectors: np.ndarray


def _visible_members(consultation_id: int) -> _Members:
    rows = db.session.execute(
        select(Proposal.id, Proposal.title, Proposal.problem, Proposal.reform, Proposal.language,
               Proposal.status, Proposal.theme_id, ProposalVector.id, ProposalVector.vector)
        .join(ProposalVector, ProposalVector.proposal_id == Proposal.id)
        .filter(Proposal.consultation_id == consultation_id, Proposal.status != "hidden",
                ProposalVector.version == algorithms.VECTOR_VERSION)
        .order_by(Proposal.id)).all()
    return _Members(ids=[r[0] for r in rows], texts=["\n".join(p for p in (r[1], r[2], r[3]) if p) for r in rows],
                    languages=[r[4] for r in rows], statuses=[r[5] for r in rows],
                    themes=[r[6] for r in rows], vector_ids=[r[7] for r in rows],
                    vectors=algorithms.stack_vectors([bytes(r[8]) for r in rows]))


def _protected_themes(consultation_id: int) -> dict[int, Theme]:
    """Themes a run keeps: the locked ones and those other features hold on to."""
    protected = {t.id: t for t in db.session.scalars(select(Theme).filter(
        Theme.consultation_id == consultation_id)) if t.locked}
    for theme_id in theme_ids_in_use(consultation_id):
        protected.setdefault(theme_id, db.session.get(Theme, theme_id))
    return protected


def execute_run(run: ClusteringRun, report=lambda run: None) -> ClusteringRun:
    """Group the consultation now. ``report(run)`` is called after each stage (the caller may
    commit there so that the run page shows the progress). Flushes only."""
    started = time.monotonic()
    run.status, run.started_at = "running", utcnow()
    consultation_id = run.consultation_id
    _stage(run, "embedding", 0.02, report)
    run.n_embedded = embedding.embed_missing(
        consultation_id, lambda done: _stage(run, "embedding", 0.02 + 0.3 * done, report))

    _stage(run, "grouping", 0.35, report)
    members = _visible_members(consultation_id)
    n = len(members.ids)
    protected = _protected_themes(consultation_id)
    locked = defaultdict(list)
    for i, theme_id in enumerate(members.themes):
        if theme_id in protected:
            locked[theme_id].append(i)
    locked = dict(sorted(locked.items()))
    grouping = algorithms.regroup_with_locked(members.vectors, locked, k=run.k,
                                              granularity=run.granularity) if n else None
    labels = grouping.labels if grouping is not None else np.zeros(0, dtype=np.int64)

    _stage(run, "describing", 0.6, report)
    summaries = algorithms.describe_groups(labels, members.vectors, members.texts,
                                           languages=members.languages) if n else []
    space = algorithms.grouping_space(members.vectors) if n else np.zeros((0, 1), dtype=np.float32)
    projection, coordinates = geometry.map_projection(space)

    _stage(run, "duplicates", 0.75, report)
    pairs = algorithms.find_near_duplicates(members.vectors, DUPLICATE_THRESHOLD,
                                            languages=members.languages) if n >= 2 else []

    _stage(run, "saving", 0.85, report)
    locked_keys = grouping.locked_keys if grouping is not None else []
    themes, replaced = _save_themes(run, members, protected, labels, summaries, space, locked_keys)
    received = _file_proposals(members, themes, labels, replaced)
    if n:  # places on the map
        db.session.execute(update(ProposalVector), [
            {"id": members.vector_ids[i], "x": float(coordinates[i, 0]), "y": float(coordinates[i, 1])}
            for i in range(n)])
    suggested = _suggest_duplicates(run, members, pairs)

    run.projection = projection
    run.n_proposals, run.n_themes, run.n_locked = n, len(themes), len(locked_keys)
    run.n_grouped, run.n_duplicates = received, suggested
    run.status, run.stage, run.progress = "done", "done", 1.0
    run.finished_at = utcnow()
    run.duration_seconds = round(time.monotonic() - started, 3)
    db.session.flush()
    audit.record("clustering_run", run.id, "done", run.created_by, proposals=n, themes=run.n_themes,
                 locked=run.n_locked, embedded=run.n_embedded, duplicates=run.n_duplicates,
                 seconds=run.duration_seconds)
    db.session.flush()
    db.session.expire_all()
    report(run)
    return run


def _save_themes(run, members: _Members, protected: dict, labels, summaries, space,
                 locked_keys) -> tuple[list[Theme], set[int]]:
    """Replace the unprotected themes by one theme per group (the locked ones keep their row,
    label and name); their proposals (hidden ones too) leave the replaced themes. Returns the
    theme of each group and the ids of the replaced themes."""
    consultation_id = run.consultation_id
    old_ids = list(db.session.scalars(select(Theme.id).filter(Theme.consultation_id == consultation_id,
                                                              Theme.id.not_in(list(protected) or [0]))))
    if old_ids:
        db.session.execute(update(Proposal).filter(Proposal.theme_id.in_(old_ids)).values(theme_id=None)
                           .execution_options(synchronize_session="fetch"))
        db.session.execute(delete(Theme).filter(Theme.id.in_(old_ids))
                           .execution_options(synchronize_session="fetch"))
    theme_of_group: list[Theme] = []
    for g, summary in enumerate(summaries):
        if g < len(locked_keys):
            theme = protected[locked_keys[g]]
        else:
            theme = Theme(consultation_id=consultation_id, label=geometry.labels_of(summary), run_id=run.id)
            db.session.add(theme)
        geometry.apply_geometry(theme, geometry.theme_geometry(space, np.flatnonzero(labels == g), members.ids))
        theme_of_group.append(theme)
    db.session.flush()
    for g, theme in enumerate(theme_of_group):
        if g >= len(locked_keys):
            audit.record("theme", theme.id, "create", run.created_by, run=run.id, size=summaries[g].size)
    return theme_of_group, set(old_ids)


def _file_proposals(members: _Members, themes: list[Theme], labels, replaced: set[int]) -> int:
    """Proposals take their theme; the ones just received become "grouped", with a response.
    Returns how many were newly grouped."""
    n = len(members.ids)
    changes = [{"id": members.ids[i], "theme_id": themes[labels[i]].id} for i in range(n)
               if members.themes[i] != themes[labels[i]].id or members.themes[i] in replaced]
    if changes:
        db.session.execute(update(Proposal), changes)
    received = [i for i in range(n) if members.statuses[i] == "received"]
    if received:
        db.session.execute(update(Proposal), [{"id": members.ids[i], "status": "grouped"} for i in received])
        now = utcnow()
        db.session.execute(insert(ProposalEvent), [
            {"proposal_id": members.ids[i], "status": "grouped", "created_at": now,
             "response": grouped_response(members.languages[i])} for i in received])
    return len(received)


def _suggest_duplicates(run, members: _Members, pairs) -> int:
    """Near-duplicate pairs to review (pairs people already decided on stay decided)."""
    consultation_id = run.consultation_id
    db.session.execute(delete(DuplicateLink).filter(DuplicateLink.consultation_id == consultation_id,
                                                    DuplicateLink.status == "suggested"))
    decided = {tuple(sorted(pair)) for pair in db.session.execute(
        select(DuplicateLink.original_id, DuplicateLink.duplicate_id)
        .filter(DuplicateLink.consultation_id == consultation_id)).all()}
    suggestions = [{"consultation_id": consultation_id, "original_id": members.ids[p.first],
                    "duplicate_id": members.ids[p.second], "score": round(p.score, 4), "status": "suggested",
                    "run_id": run.id, "created_at": utcnow()}
                   for p in pairs if (members.ids[p.first], members.ids[p.second]) not in decided
                   ][:DUPLICATE_SUGGESTIONS_MAX]
    if suggestions:
        db.session.execute(insert(DuplicateLink), suggestions)
    return len(suggestions)
