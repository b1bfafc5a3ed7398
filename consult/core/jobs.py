"""Background jobs: work too long for a request (a grouping run, a large import, a report);
README "Background jobs" shows a call.

`enqueue(function, *args, key=..., on_failure=None)` records a `Job` row in the current
transaction (it flushes, never commits) and hands it to a worker once that transaction commits:
nothing runs if it rolls back. `function` is a dotted name, called as `function(*args)` with the
JSON arguments in an app context with its own session; it commits its own work
(`transactions.commit()`), e.g. after each stage so that a page can show the progress.
`on_failure(*args, message)` runs (then commits) when the job raised or its worker died.

Where it runs: with `REDIS_URL`, on the RQ queue `JOBS_QUEUE`, taken by `flask --app wsgi worker`;
otherwise (tests, a laptop on SQLite), or when Redis does not answer, in a thread of the process
that committed. The job code is the same.

Dead workers: while a job runs, a thread stamps `heartbeat_at` every HEARTBEAT_SECONDS. A running
job silent for STALE_AFTER, or a queued job no worker took within QUEUED_PATIENCE, is failed by
`reap()`, which the worker runs every TICK_SECONDS and each web process before a request at most
that often (`tick`): a dead run is failed within a minute and never blocks a new one.

Idempotent: one conditional UPDATE claims a job (queued -> running), so a second delivery does
nothing; `enqueue` with the key of a done, queued or running job returns it unchanged, and with
the key of a failed one queues it again (`retry`), so its function must be safe to run again.
`dispatch(function, *args)` is the fire-and-forget variant, without a row, for functions that are
idempotent on their own (the outbox's delivery).
"""
from __future__ import annotations

import logging
import threading
import time
from contextlib import contextmanager
from datetime import timedelta

from flask import current_app, has_app_context
from sqlalchemy import select, update
from werkzeug.utils import import_string

from consult.core import transactions
from consult.core.extensions import db
from consult.core.models import Job, utcnow

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 10
STALE_AFTER = timedelta(seconds=45)
QUEUED_PATIENCE = {"rq": timedelta(minutes=30), "thread": timedelta(seconds=45)}
TICK_SECONDS = 15
JOB_TIMEOUT = 3 * 3600          # seconds RQ lets one job run
ALIVE = ("queued", "running")

# Threads started by this process (tests join them with `wait()`).
THREADS: list[threading.Thread] = []


# --- queueing --------------------------------------------------------------------------------------

def enqueue(function: str, *args, key: str, on_failure: str | None = None) -> Job:
    """Make sure `function(*args)` runs once, after the current transaction commits."""
    job = db.session.scalar(select(Job).filter_by(key=key))
    if job is not None and (job.status == "done" or (job.status in ALIVE and not is_dead(job))):
        return job
    if job is None:
        job = Job(key=key)
        db.session.add(job)
    now = utcnow()
    job.function, job.args, job.on_failure = function, list(args), on_failure
    job.status, job.error, job.queued_at, job.finished_at = "queued", None, now, None
    job.heartbeat_at = None
    job.backend = "rq" if current_app.config.get("REDIS_URL") else "thread"
    db.session.flush()
    job_id = job.id
    transactions.after_commit(lambda: dispatch("consult.core.jobs.perform", job_id))
    return job


def retry(key: str) -> Job | None:
    """Queue a failed job again (after the commit); None if there is no such failed job."""
    job = db.session.scalar(select(Job).filter_by(key=key))
    if job is None or job.status != "failed":
        return None
    return enqueue(job.function, *job.args, key=key, on_failure=job.on_failure)


def find(key: str) -> Job | None:
    return db.session.scalar(select(Job).filter_by(key=key))


def is_dead(job: Job, now=None) -> bool:
    """Queued or running, but nobody works on it any more."""
    now = now or utcnow()
    if job.status == "running":
        return (job.heartbeat_at or job.started_at or job.queued_at) < now - STALE_AFTER
    if job.status == "queued":
        return job.queued_at < now - QUEUED_PATIENCE.get(job.backend, QUEUED_PATIENCE["rq"])
    return False


def _queue():
    from redis import Redis
    from rq import Queue
    url = current_app.config["REDIS_URL"]
    clients = current_app.extensions.setdefault("jobs_redis", {})   # one connection pool per URL
    if url not in clients:
        clients[url] = Redis.from_url(url, socket_connect_timeout=2)
    return Queue(current_app.config.get("JOBS_QUEUE", "consult"), connection=clients[url])


def dispatch(function: str, *args, inline: bool = False) -> str:
    """Run `function(*args)` now in the background: on RQ when Redis is configured and answers,
    else in a thread of this process (or, with `inline`, right here). Returns where it went."""
    if current_app.config.get("REDIS_URL"):
        try:
            _queue().enqueue(function, *args, job_timeout=JOB_TIMEOUT, result_ttl=0, failure_ttl=7 * 86400)
            return "rq"
        except Exception as error:  # noqa: BLE001 - Redis down: run it here rather than lose it
            log.warning("could not queue %s on Redis (%s): running it in this process", function,
                        type(error).__name__)
    if inline:
        import_string(function)(*args)
        return "inline"
    app = current_app._get_current_object()
    THREADS[:] = [thread for thread in THREADS if thread.is_alive()]
    thread = threading.Thread(target=_in_thread, args=(app, function, args), daemon=True,
                              name=f"job-{function.rsplit('.', 1)[-1]}")
    THREADS.append(thread)
    thread.start()
    return "thread"


def _in_thread(app, function: str, args) -> None:
    with app.app_context():
        try:
            import_string(function)(*args)
        except Exception:  # noqa: BLE001 - a thread has nobody to tell but the log
            log.exception("background %s failed", function)
        finally:
            db.session.remove()


def wait(timeout: float = 60) -> None:
    """Join the threads this process started (tests; the in-process mode only)."""
    deadline = time.monotonic() + timeout
    while THREADS:
        THREADS.pop(0).join(max(0.0, deadline - time.monotonic()))


# --- running ---------------------------------------------------------------------------------------

@contextmanager
def running_here(key: str, function: str, *args, on_failure: str | None = None):
    """Work done in the foreground (a command) recorded as a running job with a heartbeat, so
    that if the command is killed its work is seen as dead like a worker's, and can be retried.
    Commits the job's row; the body commits its own work."""
    job = db.session.scalar(select(Job).filter_by(key=key)) or Job(key=key)
    now = utcnow()
    job.function, job.args, job.on_failure, job.backend = function, list(args), on_failure, "foreground"
    job.status, job.error, job.queued_at, job.started_at, job.heartbeat_at = "running", None, now, now, now
    job.attempts = (job.attempts or 0) + 1
    db.session.add(job)
    transactions.commit()
    job_id = job.id
    beat = _Heartbeat(db.engine, job_id)
    beat.start()
    try:
        yield job
    except BaseException as error:
        transactions.rollback()
        fail(job_id, f"{type(error).__name__}: {error}")
        raise
    else:
        db.session.execute(update(Job).where(Job.id == job_id, Job.status == "running")
                           .values(status="done", finished_at=utcnow()))
        transactions.commit()
    finally:
        beat.stop()


_WORKER_APP = []


def perform(job_id: int) -> None:
    """Claim and run one job (what the queue calls). A job already taken, done or failed is left alone."""
    if not has_app_context():   # a plain `rq worker` rather than `flask worker`: make the app once
        if not _WORKER_APP:
            from consult import create_app
            _WORKER_APP.append(create_app())
        with _WORKER_APP[0].app_context():
            return perform(job_id)
    now = utcnow()
    claimed = db.session.execute(update(Job).where(Job.id == job_id, Job.status == "queued").values(
        status="running", started_at=now, heartbeat_at=now, attempts=Job.attempts + 1)).rowcount
    transactions.commit()
    if not claimed:
        log.info("job %s is not waiting (taken, done or failed): nothing to do", job_id)
        return
    job = db.session.get(Job, job_id)
    function, args = job.function, list(job.args)
    beat = _Heartbeat(db.engine, job_id)
    beat.start()
    try:
        import_string(function)(*args)
        transactions.commit()
    except Exception as error:  # noqa: BLE001 - recorded on the job and by its on_failure
        log.exception("job %s (%s) failed", job_id, function)
        transactions.rollback()
        # An error meant for people (with a `message`, like a feature's errors) is kept as it is.
        fail(job_id, getattr(error, "message", None) or f"{type(error).__name__}: {error}")
    except BaseException:   # the worker is being stopped (Ctrl-C twice, SIGTERM): say so now
        transactions.rollback()
        fail(job_id, "The worker was stopped during the job.")
        raise
    else:
        db.session.execute(update(Job).where(Job.id == job_id, Job.status == "running")
                           .values(status="done", finished_at=utcnow(), error=None))
        transactions.commit()
    finally:
        beat.stop()


class _Heartbeat(threading.Thread):
    """Stamps the job's heartbeat on its own connection while the job works."""

    def __init__(self, engine, job_id: int):
        super().__init__(daemon=True, name=f"job-{job_id}-heartbeat")
        self.engine, self.job_id, self.stopped = engine, job_id, threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(HEARTBEAT_SECONDS):
            try:
                with self.engine.begin() as connection:
                    connection.execute(update(Job.__table__).where(
                        Job.__table__.c.id == self.job_id, Job.__table__.c.status == "running")
                        .values(heartbeat_at=utcnow()))
            except Exception as error:  # noqa: BLE001 - a missed beat is retried at the next one
                log.warning("heartbeat of job %s not recorded: %s", self.job_id, type(error).__name__)

    def stop(self) -> None:
        self.stopped.set()
        self.join(5)


def fail(job_id: int, message: str, *conditions) -> bool:
    """Mark a queued or running job failed (when `conditions` still hold) and call its on_failure;
    commits. False if the job was not alive (someone else already finished or failed it)."""
    failed = db.session.execute(update(Job).where(Job.id == job_id, Job.status.in_(ALIVE), *conditions)
                                .values(status="failed", error=message[:2000], finished_at=utcnow())).rowcount
    if not failed:
        transactions.rollback()
        return False
    job = db.session.get(Job, job_id)
    if job.on_failure:
        try:
            import_string(job.on_failure)(*job.args, message)
        except Exception:  # noqa: BLE001 - the job is failed all the same
            log.exception("on_failure of job %s failed", job_id)
            transactions.rollback()
            db.session.execute(update(Job).where(Job.id == job_id)
                               .values(status="failed", error=message[:2000], finished_at=utcnow()))
    transactions.commit()
    return True


def reap(now=None) -> int:
    """Fail the jobs whose worker died; returns how many."""
    now = now or utcnow()
    reaped = 0
    for job in db.session.scalars(select(Job).where(Job.status.in_(ALIVE))).all():
        if not is_dead(job, now):
            continue
        if job.status == "running":
            seen = job.heartbeat_at or job.started_at or job.queued_at
            message = (f"The worker stopped: no heartbeat since {seen:%Y-%m-%d %H:%M:%S} UTC "
                       f"(more than {STALE_AFTER.seconds} s).")
            condition = Job.heartbeat_at == job.heartbeat_at if job.heartbeat_at else Job.status == "running"
        else:
            message = f"No worker took the job within {QUEUED_PATIENCE.get(job.backend, QUEUED_PATIENCE['rq'])}."
            condition = Job.queued_at == job.queued_at
        reaped += fail(job.id, message, Job.status == job.status, condition)
    if not reaped:
        transactions.rollback()
    return reaped


def tick(force: bool = False) -> None:
    """Housekeeping, at most every TICK_SECONDS per process (forced by the worker): reap dead
    jobs and hand the e-mails due for another attempt to the queue."""
    state = current_app.extensions.setdefault("jobs", {"next_tick": 0.0})
    if not force and time.monotonic() < state["next_tick"]:
        return
    state["next_tick"] = time.monotonic() + current_app.config.get("JOBS_TICK_SECONDS", TICK_SECONDS)
    from consult.core import outbox
    try:
        with db.engine.connect() as connection:   # a cheap look first, outside the request's session
            alive = connection.execute(select(Job.id).where(Job.status.in_(ALIVE)).limit(1)).first()
            due = connection.execute(outbox.due_query().limit(1)).first()
        if alive:
            reap()
        if due:
            dispatch("consult.core.outbox.deliver_due")
    except Exception:  # noqa: BLE001 - housekeeping must never break a page
        log.exception("jobs housekeeping failed")
        transactions.rollback()
