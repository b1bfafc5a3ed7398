"""Grouping runs: a run regroups the visible proposals of a consultation from their stored
vectors. Locked themes, and the themes other features hold on to (`signals.themes_in_use`), keep
their members (`regroup_with_locked`); the other themes would be replaced. A run ends with a
preview (`regrouping`) that the coordinator applies or discards; runs from the command line and
the demo apply at once. Flushes; the caller commits (`jobs` commits each stage, so that the run
page shows the progress)."""
from __future__ import annotations

import subprocess
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from flask_babel import gettext as _
import numpy as np
from sqlalchemy import select

from consult.clustering import algorithms, embedding, geometry, labelling, regrouping
from consult.clustering.common import ClusteringError
from consult.clustering.models import ClusteringRun, ProposalVector
from consult.core import audit, jobs
from consult.core.config import ROOT
from consult.core.extensions import db
from consult.core.models import utcnow
from consult.proposals.models import Proposal

# Bump when the way the platform groups changes (parameters, steps), so runs can be compared.
ALGORITHM_VERSION = "platform-2"
DUPLICATE_THRESHOLD = 0.9
# Pairs a run lists for review, best first: more than people can read is noise.
DUPLICATE_SUGGESTIONS_MAX = regrouping.DUPLICATE_SUGGESTIONS_MAX
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


def undoable(run: ClusteringRun) -> bool:
    """An applied run with its snapshot and no later applied run (undo may still refuse, e.g.
    when one of its themes is scored since)."""
    if run.status != "done" or run.applied_at is None:
        return False
    return db.session.scalar(select(ClusteringRun.id).filter(
        ClusteringRun.consultation_id == run.consultation_id, ClusteringRun.id > run.id,
        ClusteringRun.status == "done")) is None


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
    titles: list[str]
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
    return _Members(ids=[r[0] for r in rows], titles=[r[1] or "" for r in rows], texts=["\n".join(p for p in (r[1], r[2], r[3]) if p) for r in rows],
                    languages=[r[4] for r in rows], statuses=[r[5] for r in rows],
                    themes=[r[6] for r in rows], vector_ids=[r[7] for r in rows],
                    vectors=algorithms.stack_vectors([bytes(r[8]) for r in rows]))


def _protected_themes(consultation_id: int):
    return regrouping.protected_themes(consultation_id)


def execute_run(run: ClusteringRun, report=lambda run: None, apply: bool | None = None) -> ClusteringRun:
    """Group the consultation now and keep the result as a preview (applied at once when
    ``apply``; by default for runs from the command line and the demo). ``report(run)`` is
    called after each stage (the caller may commit there so that the run page shows the
    progress). Flushes only."""
    if apply is None:
        apply = run.source in ("cli", "demo")
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
    titles = algorithms.theme_labels(labels, members.vectors, members.titles, members.languages,
                                     min_anchor_cosine=labelling.SAME_MEANING_COSINE) if n else []
    space = algorithms.grouping_space(members.vectors) if n else np.zeros((0, 1), dtype=np.float32)
    mixed = [labelling.mixed_field(algorithms.mixed_split(space[np.flatnonzero(labels == g)]),
                                   [members.ids[i] for i in np.flatnonzero(labels == g)])
             for g in range(len(summaries))]
    projection, coordinates = geometry.map_projection(space)

    _stage(run, "duplicates", 0.75, report)
    pairs = algorithms.find_near_duplicates(members.vectors, DUPLICATE_THRESHOLD,
                                            languages=members.languages) if n >= 2 else []

    _stage(run, "saving", 0.85, report)
    locked_keys = grouping.locked_keys if grouping is not None else []
    origins = [labelling.label_fields(title, members.ids) for title in titles]
    plan = {"ids": members.ids, "groups": labels.tolist(),
            "labels": [origin[0] for origin in origins], "origins": [origin[1] for origin in origins],
            "terms": [geometry.terms_of(summary) for summary in summaries], "mixed": mixed,
            "places": [[round(float(x), 5), round(float(y), 5)] for x, y in coordinates],
            "pairs": [[members.ids[p.first], members.ids[p.second], round(p.score, 4)]
                      for p in pairs[:2 * DUPLICATE_SUGGESTIONS_MAX]]}
    regrouping.store_preview(run, plan, members.themes, list(locked_keys))

    run.projection = projection
    run.n_proposals, run.n_themes, run.n_locked = n, len(summaries), len(locked_keys)
    run.n_duplicates = len(plan["pairs"])
    run.status, run.stage, run.progress = "preview", "preview", 1.0
    run.finished_at = utcnow()
    run.duration_seconds = round(time.monotonic() - started, 3)
    db.session.flush()
    audit.record("clustering_run", run.id, "preview", run.created_by, proposals=n, themes=run.n_themes,
                 locked=run.n_locked, embedded=run.n_embedded, moved=run.changes.get("moved"),
                 seconds=run.duration_seconds)
    if apply:
        regrouping.apply(run, run.created_by)
    db.session.flush()
    db.session.expire_all()
    report(run)
    return run
