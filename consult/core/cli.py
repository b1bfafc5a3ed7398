"""`flask --app wsgi worker [--burst]`: take background jobs from the RQ queue (needs REDIS_URL).

One process, no fork: the app, its database pool and the sentence encoder stay loaded between
jobs (RQ's SimpleWorker). Beside it a thread runs the housekeeping every TICK_SECONDS: jobs whose
worker died are failed, e-mails due again are sent. Ctrl-C (or SIGTERM) lets the current job finish;
a second one stops at once (the job is then failed by the next housekeeping, and can be retried).
"""
from __future__ import annotations

import threading

import click
from flask import current_app
from flask.cli import with_appcontext

from consult.core import jobs
from consult.core.extensions import db


def _housekeeping(app, stop: threading.Event) -> None:
    while True:
        with app.app_context():
            try:
                jobs.tick(force=True)
            finally:
                db.session.remove()
        if stop.wait(jobs.TICK_SECONDS):
            return


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@with_appcontext
def worker_command(burst: bool) -> None:
    """Run the background jobs queued on Redis (grouping runs, large imports, e-mails)."""
    from rq import SimpleWorker
    if not current_app.config.get("REDIS_URL"):
        raise click.ClickException("REDIS_URL is not set: jobs run inside the web processes, no worker is needed.")
    queue = jobs._queue()
    queue.connection.ping()
    app = current_app._get_current_object()
    stop = threading.Event()
    keeper = threading.Thread(target=_housekeeping, args=(app, stop), daemon=True, name="jobs-housekeeping")
    keeper.start()
    click.echo(f"worker: taking jobs from the queue {queue.name!r}")
    try:
        SimpleWorker([queue], connection=queue.connection).work(burst=burst, logging_level="INFO")
    finally:
        stop.set()
        keeper.join(10)


commands = [worker_command]
