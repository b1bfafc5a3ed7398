"""Grouping runs and large imports as jobs: on RQ with Redis, in-process without it; the same
job twice does no harm."""
from __future__ import annotations

import io

from consult.clustering.models import ClusteringRun, Theme
from consult.core import jobs
from consult.core.extensions import db
from consult.core.models import AuditEntry, Job
from consult.proposals import import_jobs
from consult.proposals.models import Proposal, ProposalImport
from tests.clustering_platform.conftest import add_sample
from tests.factories import login, make_consultation, make_user


def start_run(client, consultation) -> int:
    response = client.post(f"/consultations/{consultation.id}/grouping", data={"granularity": "1.0", "k": ""})
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rstrip("/").split("/")[-1])


def run_of(run_id) -> ClusteringRun:
    db.session.expire_all()
    return db.session.get(ClusteringRun, run_id)


def count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_a_grouping_run_goes_through_redis_and_the_worker(ctx, client, rq_queue):
    consultation = make_consultation()
    add_sample(consultation)
    login(client, make_user("coordinator"))
    run_id = start_run(client, consultation)
    # Queued on Redis; the web process does not run it.
    assert rq_queue.count() == 1
    assert run_of(run_id).status == "queued"
    assert client.get(f"/grouping/runs/{run_id}/progress").get_json()["status"] == "queued"

    rq_queue.work()

    run = run_of(run_id)
    assert run.status == "done" and run.n_themes >= 2 and count(Theme) == run.n_themes
    job = db.session.scalar(db.select(Job))
    assert (job.status, job.backend, job.attempts, job.key) == ("done", "rq", 1, f"clustering.run:{run_id}")
    assert job.heartbeat_at is not None and rq_queue.count() == 0


def test_without_redis_the_same_run_works_in_the_web_process(ctx, client):
    consultation = make_consultation()
    add_sample(consultation)
    login(client, make_user("coordinator"))
    run_id = start_run(client, consultation)
    jobs.wait()
    assert run_of(run_id).status == "done"
    assert db.session.scalar(db.select(Job.backend)) == "thread"


def test_redis_down_at_queueing_time_runs_it_here_rather_than_losing_it(ctx, client, app, caplog):
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"     # nothing listens there
    try:
        consultation = make_consultation()
        add_sample(consultation)
        login(client, make_user("coordinator"))
        run_id = start_run(client, consultation)
        jobs.wait()
    finally:
        app.config["REDIS_URL"] = None
    assert run_of(run_id).status == "done"


def test_the_same_job_twice_does_no_harm(ctx, client, rq_queue):
    consultation = make_consultation()
    add_sample(consultation)
    login(client, make_user("coordinator"))
    run_id = start_run(client, consultation)
    job_id = db.session.scalar(db.select(Job.id))
    with ctx.app_context():   # delivered twice (e.g. a retried enqueue)
        jobs.dispatch("consult.core.jobs.perform", job_id)
    assert rq_queue.count() == 2
    rq_queue.work()
    themes = sorted(db.session.scalars(db.select(Theme.id)))
    done = db.session.scalar(db.select(db.func.count(AuditEntry.id)).filter_by(entity="clustering_run", action="done"))
    assert done == 1 and run_of(run_id).status == "done"

    jobs.perform(job_id)                                        # once more, by hand
    from consult.clustering.jobs import perform as perform_run
    perform_run(run_id)
    db.session.expire_all()
    assert sorted(db.session.scalars(db.select(Theme.id))) == themes
    assert db.session.scalar(db.select(Job.attempts)) == 1
    # Enqueueing a job that is done returns it and queues nothing.
    assert jobs.enqueue("consult.clustering.jobs.perform", run_id, key=f"clustering.run:{run_id}").id == job_id
    db.session.commit()
    assert rq_queue.count() == 0


def big_csv(n: int, prefix: str = "Proposition") -> bytes:
    lines = ["title,problem,reform,governorate"] + [
        f"{prefix} {i},Problème {i},Réforme {i},kef" for i in range(n)]
    return ("\n".join(lines) + "\n").encode()


def upload(client, consultation, data: bytes, lang="en"):
    return client.post(f"/consultations/{consultation.id}/proposals/import?lang={lang}", data={
        "file": (io.BytesIO(data), "courrier.csv"), "channel": "letter", "workshop_id": "0"},
        content_type="multipart/form-data")


def test_a_large_import_goes_through_redis_and_shows_its_report(ctx, client, rq_queue):
    consultation = make_consultation()
    login(client, make_user("facilitator"))
    response = upload(client, consultation, big_csv(import_jobs.INLINE_ROWS + 100), lang="fr")
    assert response.status_code == 302
    page_url = response.headers["Location"]
    assert count(Proposal) == 0 and rq_queue.count() == 1
    waiting = client.get(page_url + "?lang=en").get_data(as_text=True)
    assert "being imported in the background" in waiting and "refresh.js" in waiting

    rq_queue.work()

    assert count(Proposal) == import_jobs.INLINE_ROWS + 100
    record = db.session.scalar(db.select(ProposalImport))
    db.session.refresh(record)
    assert record.status == "done" and record.data is None
    report = client.get(page_url + "?lang=en").get_data(as_text=True)
    assert f"{import_jobs.INLINE_ROWS + 100} proposals imported" in report and 'class="import-imported"' in report


def test_without_redis_a_large_import_runs_in_process_and_twice_adds_nothing(ctx, client):
    consultation = make_consultation()
    login(client, make_user("facilitator"))
    n = import_jobs.INLINE_ROWS + 5
    first = upload(client, consultation, big_csv(n))
    jobs.wait()
    assert count(Proposal) == n
    again = upload(client, consultation, big_csv(n))
    jobs.wait()
    assert count(Proposal) == n
    report = client.get(again.headers["Location"] + "?lang=en").get_data(as_text=True)
    assert f"{n} rows already present, skipped" in report
    # Running a done import's job again changes nothing.
    import_jobs.perform(int(first.headers["Location"].rstrip("/").split("/")[-1]))
    assert count(Proposal) == n


def test_a_small_file_is_still_imported_within_the_request(ctx, client):
    consultation = make_consultation()
    login(client, make_user("facilitator"))
    response = upload(client, consultation, big_csv(3))
    assert response.status_code == 200 and count(Proposal) == 3 and count(Job) == 0


def test_only_the_facilitator_who_sent_it_and_coordinators_read_a_queued_import(ctx, client):
    consultation = make_consultation()
    login(client, make_user("facilitator"))
    url = upload(client, consultation, big_csv(import_jobs.INLINE_ROWS + 1)).headers["Location"]
    jobs.wait()
    assert client.get(url).status_code == 200
    client.post("/accounts/logout")
    login(client, make_user("facilitator"))
    assert client.get(url).status_code == 403
    client.post("/accounts/logout")
    login(client, make_user("coordinator"))
    assert client.get(url).status_code == 200
