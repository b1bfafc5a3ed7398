"""Finding 7: a run whose worker died (no heartbeat) is failed within a minute, does not block a
new run, and can be started again; jobs keep a heartbeat while they work."""
from __future__ import annotations

from datetime import timedelta

import pytest

from consult.clustering.models import ClusteringRun
from consult.core import jobs, transactions
from consult.core.extensions import db
from consult.core.models import Job, utcnow
from tests.clustering_platform.conftest import add_sample
from tests.factories import login, make_consultation, make_user
from tests.jobs.test_queue import run_of, start_run


def kill_the_worker(run_id, *, seconds_ago: int) -> None:
    """What a restarted server leaves behind: the run and its job 'running', the heartbeat old."""
    then = utcnow() - timedelta(seconds=seconds_ago)
    run = db.session.get(ClusteringRun, run_id)
    run.status, run.stage, run.progress, run.started_at = "running", "grouping", 0.35, then
    job = db.session.scalar(db.select(Job).filter_by(key=f"clustering.run:{run_id}"))
    job.status, job.started_at, job.heartbeat_at, job.attempts = "running", then, then, 1
    db.session.commit()


@pytest.fixture
def stuck_run(ctx, client, monkeypatch):
    """A run started from the page whose worker never reports again."""
    consultation = make_consultation()
    add_sample(consultation)
    login(client, make_user("coordinator"))
    monkeypatch.setattr(jobs, "dispatch", lambda *args, **kwargs: "lost")   # the worker dies with it
    run_id = start_run(client, consultation)
    monkeypatch.undo()
    return consultation, run_id


def test_a_run_whose_worker_died_is_failed_at_the_next_request_and_can_be_started_again(stuck_run, client, app):
    consultation, run_id = stuck_run
    kill_the_worker(run_id, seconds_ago=50)
    app.extensions["jobs"] = {"next_tick": 0.0}     # the housekeeping is due (it runs every 15 s)

    progress = client.get(f"/grouping/runs/{run_id}/progress").get_json()
    assert progress["status"] == "failed" and progress["finished"]
    run = run_of(run_id)
    assert "no heartbeat" in run.error and db.session.scalar(db.select(Job.status)) == "failed"
    page = client.get(f"/grouping/runs/{run_id}?lang=en").get_data(as_text=True)
    assert "The grouping failed" in page and 'id="run-retry"' in page

    assert client.post(f"/grouping/runs/{run_id}/retry").status_code == 302
    jobs.wait()
    run = run_of(run_id)
    assert run.status == "done" and run.error is None and run.n_themes >= 2
    assert db.session.scalar(db.select(Job.attempts)) == 2


def test_a_dead_run_does_not_block_a_new_one_even_before_it_is_marked(stuck_run, client):
    consultation, run_id = stuck_run
    kill_the_worker(run_id, seconds_ago=int(jobs.STALE_AFTER.total_seconds()) + 5)
    new_id = start_run(client, consultation)       # was refused for 30 minutes before
    jobs.wait()
    assert new_id != run_id and run_of(new_id).status == "done"


def test_a_run_with_a_recent_heartbeat_still_blocks_a_new_one(stuck_run, client):
    consultation, run_id = stuck_run
    kill_the_worker(run_id, seconds_ago=5)
    assert jobs.reap() == 0
    response = client.post(f"/consultations/{consultation.id}/grouping?lang=en", data={"granularity": "1.0", "k": ""})
    assert response.status_code == 409 and "already running" in response.get_data(as_text=True)
    assert run_of(run_id).status == "running"


def test_a_queued_job_no_worker_takes_is_failed_too(stuck_run):
    _consultation, run_id = stuck_run
    job = db.session.scalar(db.select(Job))
    job.queued_at = utcnow() - jobs.QUEUED_PATIENCE["thread"] - timedelta(seconds=1)
    db.session.commit()
    assert jobs.reap() == 1
    assert run_of(run_id).status == "failed"


def test_only_a_failed_run_can_be_started_again(stuck_run, client):
    _consultation, run_id = stuck_run
    response = client.post(f"/grouping/runs/{run_id}/retry?lang=en", follow_redirects=True)
    assert "Only a failed grouping can be started again." in response.get_data(as_text=True)
    assert run_of(run_id).status == "queued"


def test_members_cannot_start_a_run_again(stuck_run, client):
    _consultation, run_id = stuck_run
    kill_the_worker(run_id, seconds_ago=120)
    jobs.reap()
    client.post("/accounts/logout")
    login(client, make_user("member"))
    assert client.post(f"/grouping/runs/{run_id}/retry").status_code == 403
    assert run_of(run_id).status == "failed"


def test_a_job_beats_while_it_works_and_a_failure_is_recorded(ctx, monkeypatch):
    monkeypatch.setattr(jobs, "HEARTBEAT_SECONDS", 0.05)
    job = jobs.enqueue("tests.jobs.conftest.slow", 0.4, key="test:slow")
    transactions.commit()
    jobs.wait()
    db.session.expire_all()
    job = db.session.get(Job, job.id)
    assert job.status == "done" and job.heartbeat_at > job.started_at

    broken = jobs.enqueue("tests.jobs.conftest.broken", key="test:broken")
    transactions.commit()
    jobs.wait()
    db.session.expire_all()
    broken = db.session.get(Job, broken.id)
    assert broken.status == "failed" and "broken on purpose" in broken.error


def test_a_job_rolled_back_with_its_request_never_runs(ctx):
    jobs.enqueue("tests.jobs.conftest.broken", key="test:never")
    transactions.rollback()
    jobs.wait()
    assert db.session.scalar(db.select(db.func.count(Job.id))) == 0
