"""Runs from the command line (foreground) and from the coordinator's page (background)."""
from __future__ import annotations

from consult.core import jobs as core_jobs
from consult.clustering.models import ClusteringRun, Theme
from consult.core.extensions import db
from tests.clustering_platform.conftest import add_sample
from tests.factories import login, make_consultation, make_user


def test_the_command_groups_in_the_foreground_and_prints_progress(app, ctx):
    consultation = make_consultation()
    add_sample(consultation)
    result = app.test_cli_runner().invoke(args=["clustering", "run", "--consultation", str(consultation.id),
                                                "--k", "3", "--granularity", "1.5"])
    assert result.exit_code == 0, result.output
    assert "grouping" in result.output and "done" in result.output and "3 themes" in result.output
    db.session.expire_all()
    run = db.session.scalar(db.select(ClusteringRun))
    assert (run.source, run.k, run.granularity, run.status) == ("cli", 3, 1.5, "done")
    assert db.session.scalar(db.select(db.func.count(Theme.id))) == 3


def test_the_command_refuses_bad_input(app, ctx):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["clustering", "run", "--consultation", "999"])
    assert result.exit_code != 0 and "no consultation" in result.output
    consultation = make_consultation()
    result = runner.invoke(args=["clustering", "run", "--consultation", str(consultation.id), "--k", "0"])
    assert result.exit_code != 0
    assert db.session.scalar(db.select(db.func.count(ClusteringRun.id))) == 0


def test_a_coordinator_starts_a_run_in_the_background_and_follows_it(client, ctx):
    consultation = make_consultation()
    add_sample(consultation)
    login(client, make_user("coordinator"))
    response = client.post(f"/consultations/{consultation.id}/grouping", data={"granularity": "2.0", "k": ""})
    assert response.status_code == 302
    run_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    core_jobs.wait()

    progress = client.get(f"/grouping/runs/{run_id}/progress").get_json()
    assert progress["status"] == "preview" and progress["finished"] and progress["progress"] == 1.0
    assert progress["themes"] >= 2
    page = client.get(f"/grouping/runs/{run_id}?lang=en").get_data(as_text=True)
    assert "clustering-run.js" in page and "<script>" not in page and "What this grouping would change" in page
    assert db.session.scalar(db.select(db.func.count(Theme.id))) == 0   # nothing changes before it is applied
    assert client.post(f"/grouping/runs/{run_id}/apply").status_code == 302
    page = client.get(f"/grouping/runs/{run_id}?lang=en").get_data(as_text=True)
    assert "The grouping is done." in page and "Undo this grouping" in page
    db.session.expire_all()
    run = db.session.get(ClusteringRun, run_id)
    assert run.granularity == 2.0 and run.k is None and run.source == "web"


def test_a_bad_run_request_is_refused_with_a_message(client, ctx):
    consultation = make_consultation()
    login(client, make_user("coordinator"))
    response = client.post(f"/consultations/{consultation.id}/grouping?lang=en",
                           data={"granularity": "7", "k": "-3"})
    assert response.status_code == 400
    assert db.session.scalar(db.select(db.func.count(ClusteringRun.id))) == 0


def test_a_run_that_cannot_be_started_again_says_why_on_its_page(client, ctx):
    # A refused retry draws the run's page again with the reason and the refusal's status
    # (it was a redirect that committed the request): nothing changes.
    consultation = make_consultation()
    run = ClusteringRun(consultation_id=consultation.id, algorithm_version="test", vector_version="test",
                        status="done", stage="done", progress=1.0)
    db.session.add(run)
    db.session.commit()
    login(client, make_user("coordinator"))
    response = client.post(f"/grouping/runs/{run.id}/retry?lang=en")
    assert response.status_code == 409
    assert "Only a failed grouping can be started again." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(ClusteringRun, run.id).status == "done"
    assert client.post(f"/grouping/runs/{run.id + 1}/retry").status_code == 404


def test_the_demo_grouping_runs_synchronously_and_keeps_locked_themes(ctx):
    from consult.clustering.demo import run_demo_clustering
    from consult.proposals.models import Proposal
    consultation = make_consultation()
    by_topic = add_sample(consultation)
    locked = Theme(consultation_id=consultation.id, name="Transport", locked=True)
    db.session.add(locked)
    db.session.flush()
    for proposal in by_topic["transport"]:
        proposal.theme_id = locked.id
    db.session.commit()

    run = run_demo_clustering(consultation)
    db.session.commit()

    assert run.status == "done" and run.source == "demo" and run.n_locked == 1
    assert {p.id for p in db.session.get(Theme, locked.id).proposals} >= {p.id for p in by_topic["transport"]}
    assert all(db.session.get(Proposal, p.id).theme_id for members in by_topic.values() for p in members)
