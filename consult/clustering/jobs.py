"""Running a grouping outside a request: as a background job (`core.jobs`: on the RQ worker, or
in a thread of the web process without Redis) or in the foreground (CLI), always with a heartbeat.

Commits each reported stage (`transactions.commit`), because the run page must see the progress
while the run works. A run whose worker died (no heartbeat) is failed by `core.jobs.reap` through
`died`, so it never blocks a new run; a failed run can be run again (`retry`).
"""
from __future__ import annotations

import logging

from flask_babel import gettext as _

from consult.clustering import runs
from consult.clustering.common import ClusteringError
from consult.clustering.models import ClusteringRun
from consult.core import audit, jobs, transactions
from consult.core.extensions import db

log = logging.getLogger(__name__)


def run_and_commit(run_id: int, echo=None) -> ClusteringRun:
    """Execute a queued run, committing its progress; a failure is recorded on the run."""
    run = db.session.get(ClusteringRun, run_id)

    def report(current):
        transactions.commit()
        if echo:
            echo(current)

    try:
        runs.execute_run(run, report)
        transactions.commit()
    except Exception as error:  # noqa: BLE001 - recorded on the run, shown on its page
        log.exception("clustering run %s failed", run_id)
        transactions.rollback()
        run = db.session.get(ClusteringRun, run_id)
        runs.mark_failed(run, f"{type(error).__name__}: {error}")
        transactions.commit()
        if echo:
            echo(run)
    return run


def perform(run_id: int) -> None:
    """The job: execute the run if it is still waiting (a second delivery, or a run already done
    or failed, does nothing); a run that failed fails its job too."""
    run = db.session.get(ClusteringRun, run_id)
    if run is None or run.status != "queued":
        return
    run = run_and_commit(run_id)
    if run.status == "failed":
        raise RuntimeError(run.error)


def died(run_id: int, message: str) -> None:
    """The job failed without the run saying so (its worker was killed): the run says it now."""
    run = db.session.get(ClusteringRun, run_id)
    if run is not None and not run.finished:
        runs.mark_failed(run, message)


def _enqueue(run: ClusteringRun) -> None:
    jobs.enqueue("consult.clustering.jobs.perform", run.id, key=runs.job_key(run.id),
                 on_failure="consult.clustering.jobs.died")


def start_after_commit(run: ClusteringRun) -> None:
    """Queue the run; it starts once the request that created it has committed (nothing starts
    if the request rolls back)."""
    _enqueue(run)


def run_in_foreground(run_id: int, echo=None) -> ClusteringRun:
    """The command line's run: here and now, with a heartbeat like a worker's."""
    with jobs.running_here(runs.job_key(run_id), "consult.clustering.jobs.perform", run_id,
                           on_failure="consult.clustering.jobs.died") as job:
        run = run_and_commit(run_id, echo)
        if run.status == "failed":
            jobs.fail(job.id, run.error or "failed")
    return run


def retry(run: ClusteringRun, actor=None) -> ClusteringRun:
    """Queue a failed run again with the same parameters (flushes; starts after the commit)."""
    if run.status != "failed":
        raise ClusteringError(_("Only a failed grouping can be started again."), 409)
    running = runs.active_run(run.consultation_id)
    if running is not None:
        raise ClusteringError(_("A grouping of this consultation is already running (run %(id)d).",
                                id=running.id), 409)
    run.status, run.stage, run.progress, run.error = "queued", "queued", 0.0, None
    run.started_at = run.finished_at = run.duration_seconds = None
    db.session.flush()
    audit.record("clustering_run", run.id, "retry", actor)
    _enqueue(run)
    return run
