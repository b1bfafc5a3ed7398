"""Running a grouping outside a request: in a background thread (web) or in the foreground (CLI).

Commits each reported stage (`transactions.commit`), because the run page must see the
progress while the run works.
"""
from __future__ import annotations

import logging
import threading

from consult.clustering import runs
from consult.clustering.models import ClusteringRun
from consult.core import transactions
from consult.core.extensions import db

log = logging.getLogger(__name__)

# Threads of the runs started by this process (tests join them).
THREADS: dict[int, threading.Thread] = {}


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


def start_in_background(app, run_id: int) -> threading.Thread:
    """Run it in a thread with its own app context (and so its own database session)."""
    def work():
        with app.app_context():
            try:
                run_and_commit(run_id)
            finally:
                db.session.remove()

    thread = threading.Thread(target=work, name=f"clustering-run-{run_id}", daemon=True)
    THREADS[run_id] = thread
    thread.start()
    return thread


def start_after_commit(app, run_id: int) -> None:
    """Launch the run's thread once the request that created the run has committed it (the
    thread's own session must find the row; nothing is launched if the request rolls back)."""
    transactions.after_commit(lambda: start_in_background(app, run_id))
