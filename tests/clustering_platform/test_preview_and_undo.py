"""Regrouping that never surprises: a run is a preview until the coordinator applies it, and an
applied run can be undone; locked themes keep their proposals throughout."""
from __future__ import annotations

from consult.clustering import runs
from consult.clustering.models import ClusteringRun, Theme
from consult.core import audit, jobs as core_jobs
from consult.core.extensions import db
from consult.proposals.models import Proposal
from tests.clustering_platform.conftest import add_sample
from tests.clustering_platform.working_groups import group_member, open_phase
from tests.factories import login, make_consultation, make_user


def _state(consultation_id):
    """Every theme (id, names, locked) with its members, as a reader would compare them."""
    themes = db.session.scalars(db.select(Theme).filter_by(consultation_id=consultation_id).order_by(Theme.id)).all()
    return {t.id: (dict(t.names), t.locked, sorted(p.id for p in db.session.scalars(
        db.select(Proposal).filter_by(theme_id=t.id)))) for t in themes}


def _web_run(client, consultation, **data):
    response = client.post(f"/consultations/{consultation.id}/grouping",
                           data={"granularity": data.get("granularity", "1.0"), "k": data.get("k", "")})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    run_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    core_jobs.wait()
    db.session.expire_all()
    return db.session.get(ClusteringRun, run_id)


def test_a_coarser_run_is_a_preview_until_applied_and_can_be_undone(client, grouped):
    consultation, by_topic, themes = grouped
    db.session.get(Theme, themes["water"]).names = {"fr": "Eau potable", "ar": "الماء الصالح للشرب"}
    db.session.commit()
    before = _state(consultation.id)
    login(client, make_user("coordinator"))

    run = _web_run(client, consultation, k="2")
    assert run.status == "preview" and _state(consultation.id) == before   # nothing changed yet
    changes = run.changes
    assert changes["themes_before"] == 3 and changes["themes_after"] == 2
    assert len(changes["merges"]) == 1 and len(changes["merges"][0]["themes"]) == 2
    assert len(changes["stays"]) == 1 and changes["moved"] == 0
    page = client.get(f"/grouping/runs/{run.id}?lang=en").get_data(as_text=True)
    assert "What this grouping would change" in page and "Themes: 3 → 2" in page and "1 merge" in page
    assert "Apply these themes" in page and "Discard" in page

    assert client.post(f"/grouping/runs/{run.id}/apply").status_code == 302
    db.session.expire_all()
    after = _state(consultation.id)
    assert len(after) == 2 and db.session.get(ClusteringRun, run.id).status == "done"
    stayed = changes["stays"][0]["theme"]
    assert stayed in after and after[stayed] == before[stayed]   # the theme that stays keeps its row and names

    response = client.post(f"/grouping/runs/{run.id}/undo")
    assert response.status_code == 302
    db.session.expire_all()
    assert _state(consultation.id) == before   # the same themes, ids, names and members
    assert db.session.get(ClusteringRun, run.id).status == "undone"
    assert "restored" in [e.action for e in audit.history("theme", next(iter(set(before) - set(after))))]
    page = client.get(f"/grouping/runs/{run.id}?lang=en").get_data(as_text=True)
    assert "This grouping was undone" in page and "Undo this grouping" not in page


def test_discarding_a_preview_changes_nothing(client, grouped):
    consultation, by_topic, themes = grouped
    before = _state(consultation.id)
    login(client, make_user("coordinator"))
    run = _web_run(client, consultation, granularity="2.0")
    assert client.post(f"/grouping/runs/{run.id}/discard").status_code == 302
    db.session.expire_all()
    assert _state(consultation.id) == before and db.session.get(ClusteringRun, run.id).status == "discarded"
    assert client.post(f"/grouping/runs/{run.id}/apply").status_code == 409
    assert _state(consultation.id) == before


def test_locked_themes_stay_untouched_across_preview_and_apply(client, grouped):
    consultation, by_topic, themes = grouped
    locked = db.session.get(Theme, themes["transport"])
    locked.locked, locked.names = True, {"ar": "النقل العمومي"}
    db.session.commit()
    members = sorted(p.id for p in by_topic["transport"])
    login(client, make_user("coordinator"))

    run = _web_run(client, consultation, k="1")   # as coarse as it gets: one new theme
    kept = [s for s in run.changes["stays"] if s["kept"]]
    assert [s["theme"] for s in kept] == [locked.id]
    page = client.get(f"/grouping/runs/{run.id}?lang=fr").get_data(as_text=True)
    assert "النقل العمومي" in page and "Vérifié (verrouillé)" in page
    assert client.post(f"/grouping/runs/{run.id}/apply").status_code == 302
    db.session.expire_all()
    theme = db.session.get(Theme, locked.id)
    assert theme.locked and theme.names == {"ar": "النقل العمومي"}
    assert sorted(p.id for p in theme.proposals) == members


def test_a_preview_made_before_a_theme_was_locked_cannot_be_applied(client, grouped):
    consultation, by_topic, themes = grouped
    login(client, make_user("coordinator"))
    run = _web_run(client, consultation, k="1")
    assert client.post(f"/themes/{themes['budget']}/lock").status_code == 302
    before = _state(consultation.id)
    page = client.get(f"/grouping/runs/{run.id}?lang=en").get_data(as_text=True)
    assert "The themes have changed since this preview was made" in page and "Apply these themes" not in page
    response = client.post(f"/grouping/runs/{run.id}/apply?lang=en")
    assert response.status_code == 409 and "discard it and start a new grouping" in response.get_data(as_text=True)
    db.session.expire_all()
    assert _state(consultation.id) == before and db.session.get(ClusteringRun, run.id).status == "preview"


def test_undo_is_refused_when_a_later_run_was_applied_or_one_of_its_themes_was_locked(client, grouped):
    consultation, by_topic, themes = grouped
    login(client, make_user("coordinator"))
    first = _web_run(client, consultation, k="2")
    client.post(f"/grouping/runs/{first.id}/apply")
    second = _web_run(client, consultation, k="3")
    client.post(f"/grouping/runs/{second.id}/apply")
    assert client.post(f"/grouping/runs/{first.id}/undo?lang=en").status_code == 409
    db.session.expire_all()
    new = next(t for t in db.session.scalars(db.select(Theme)) if t.run_id == second.id)
    assert client.post(f"/themes/{new.id}/lock").status_code == 302
    response = client.post(f"/grouping/runs/{second.id}/undo?lang=en")
    assert response.status_code == 409 and "cannot be undone" in response.get_data(as_text=True)
    assert client.post(f"/themes/{new.id}/unlock").status_code == 302
    assert client.post(f"/grouping/runs/{second.id}/undo").status_code == 302
    assert client.post(f"/grouping/runs/{first.id}/undo").status_code == 302
    db.session.expire_all()
    assert len(_state(consultation.id)) == 3


def test_members_see_a_preview_but_only_coordinators_apply_discard_or_undo(client, grouped):
    consultation, by_topic, themes = grouped
    run = runs.start_run(consultation, k=1)
    runs.execute_run(run)
    db.session.commit()
    before = _state(consultation.id)
    open_phase(consultation, "grouping")
    login(client, group_member(consultation))
    page = client.get(f"/grouping/runs/{run.id}?lang=en")
    assert page.status_code == 200 and "What this grouping would change" in page.get_data(as_text=True)
    assert "Apply these themes" not in page.get_data(as_text=True)
    for decision in ("apply", "discard", "undo"):
        assert client.post(f"/grouping/runs/{run.id}/{decision}").status_code == 403
    assert _state(consultation.id) == before


def test_the_command_line_applies_at_once_and_its_run_can_be_undone_on_the_web(app, client, ctx):
    consultation = make_consultation()
    add_sample(consultation)
    result = app.test_cli_runner().invoke(args=["clustering", "run", "--consultation", str(consultation.id), "--k", "3"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    run = db.session.scalar(db.select(ClusteringRun))
    assert run.status == "done" and db.session.scalar(db.select(db.func.count(Theme.id))) == 3
    login(client, make_user("coordinator"))
    assert client.post(f"/grouping/runs/{run.id}/undo").status_code == 302
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count(Theme.id))) == 0
    assert all(p.theme_id is None for p in db.session.scalars(db.select(Proposal)))
