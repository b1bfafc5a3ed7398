"""Vectors stored once per proposal; runs make themes, keep locked ones, file new proposals."""
from __future__ import annotations

import subprocess

import pytest

from consult.clustering import embedding, runs
from consult.clustering import themes as curation
from consult.clustering.algorithms import VECTOR_VERSION
from consult.clustering.common import ClusteringError
from consult.clustering.models import ClusteringRun, ProposalVector, Theme
from consult.core.extensions import db
from consult.proposals import services as proposals
from consult.proposals.models import Proposal
from tests.clustering_platform.conftest import BrokenEncoder, add, add_sample, run_now
from tests.factories import make_consultation, make_user, proposal_form


def _vector_of(proposal):
    return db.session.scalar(db.select(ProposalVector).filter_by(proposal_id=proposal.id))


def test_a_proposal_sent_through_the_form_gets_a_stored_vector(client, ctx, fake_encoder):
    consultation = make_consultation()
    response = client.post(f"/consultations/{consultation.id}/propose", data=proposal_form(consultation))
    assert response.status_code == 302
    proposal = db.session.scalar(db.select(Proposal))
    vector = _vector_of(proposal)
    assert vector is not None and vector.version == VECTOR_VERSION
    assert len(vector.vector) == 768 * 4 and vector.consultation_id == consultation.id
    assert fake_encoder.calls == 1


def test_a_run_groups_from_stored_vectors_without_embedding_again(ctx, fake_encoder):
    consultation = make_consultation()
    add_sample(consultation)
    assert fake_encoder.calls == 9
    run = run_now(consultation, k=3)
    assert fake_encoder.calls == 9
    assert run.n_embedded == 0 and run.n_proposals == 9


def test_an_embedding_failure_keeps_the_proposal_and_the_next_run_embeds_it(client, ctx, monkeypatch,
                                                                             fake_encoder):
    consultation = make_consultation()
    monkeypatch.setattr(embedding, "ENCODER", BrokenEncoder())
    response = client.post(f"/consultations/{consultation.id}/propose", data=proposal_form(consultation))
    assert response.status_code == 302
    proposal = db.session.scalar(db.select(Proposal))
    assert proposal is not None and _vector_of(proposal) is None
    monkeypatch.setattr(embedding, "ENCODER", fake_encoder)
    run = run_now(consultation)
    assert run.status == "done" and run.n_embedded == 1
    assert _vector_of(proposal) is not None


def test_a_run_makes_themes_and_records_its_parameters_and_version(ctx):
    consultation = make_consultation()
    by_topic = add_sample(consultation)
    hidden = add(consultation, "Publier le budget de la commune sur papier")
    proposals.hide(hidden, "spam", None)
    db.session.commit()

    run = run_now(consultation, k=3, granularity=1.5)

    run = db.session.get(ClusteringRun, run.id)
    assert (run.status, run.k, run.granularity) == ("done", 3, 1.5)
    assert run.algorithm_version == runs.ALGORITHM_VERSION
    assert run.vector_version == VECTOR_VERSION
    git = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    if git.returncode == 0:
        assert run.code_version == git.stdout.strip()
    assert run.duration_seconds is not None and run.n_themes == 3 and run.n_grouped == 9
    for members in by_topic.values():
        theme_ids = {db.session.get(Proposal, p.id).theme_id for p in members}
        assert len(theme_ids) == 1 and None not in theme_ids
    themes = db.session.scalars(db.select(Theme)).all()
    assert len(themes) == 3 and all(t.label and t.centroid for t in themes)
    first = db.session.get(Proposal, by_topic["budget"][0].id)
    assert first.status == "grouped" and first.events[-1].status == "grouped" and first.events[-1].response_in("fr")
    hidden = db.session.get(Proposal, hidden.id)
    assert hidden.theme_id is None and hidden.status == "hidden"


def test_a_locked_theme_and_its_members_survive_a_new_run(ctx):
    consultation = make_consultation()
    by_topic = add_sample(consultation)
    run_now(consultation, k=3)
    budget = db.session.get(Proposal, by_topic["budget"][0].id).theme
    member = make_user("member")
    curation.rename(budget, "Budgets ouverts", member)
    curation.set_locked(budget, True, member)
    db.session.commit()
    locked_id, members_before = budget.id, {p.id for p in budget.proposals}

    run = run_now(consultation, k=1, granularity=0.5)

    locked = db.session.get(Theme, locked_id)
    assert locked is not None and locked.locked and locked.name == "Budgets ouverts"
    assert {p.id for p in locked.proposals} == members_before
    others = db.session.scalars(db.select(Theme).filter(Theme.id != locked_id)).all()
    assert others and all(theme.run_id == run.id for theme in others)   # the unlocked ones were replaced
    assert run.n_locked == 1 and run.n_themes == 2


def test_a_theme_a_working_group_scores_survives_a_run_and_is_never_merged_away(ctx):
    """Scoring answers the clustering's `themes_in_use` signal (it used to find scoring's tables
    by name): its themes are kept as if locked."""
    from consult.scoring.models import WorkingGroup
    consultation = make_consultation()
    by_topic = add_sample(consultation)
    run_now(consultation, k=3)
    water = db.session.get(Proposal, by_topic["water"][0].id).theme
    db.session.add(WorkingGroup(consultation_id=consultation.id, name="Eau", themes=[water]))
    db.session.commit()
    water_id, members_before = water.id, {p.id for p in water.proposals}

    run = run_now(consultation, k=1, granularity=0.5)

    kept = db.session.get(Theme, water_id)
    assert kept is not None and {p.id for p in kept.proposals} == members_before
    assert run.n_locked == 1
    with pytest.raises(ClusteringError) as refused:
        curation.merge(kept, db.session.scalar(db.select(Theme).filter(Theme.id != water_id)), None)
    assert refused.value.status == 409


def test_a_new_proposal_joins_the_closest_theme_without_a_run(client, ctx):
    consultation = make_consultation()
    by_topic = add_sample(consultation)
    run_now(consultation, k=3)
    water_theme = db.session.get(Proposal, by_topic["water"][0].id).theme_id

    response = client.post(f"/consultations/{consultation.id}/propose", data=proposal_form(
        consultation, title="Water for every village", problem="Villages lack drinking water.",
        reform="Connect them to the water network."))
    assert response.status_code == 302
    joined = db.session.scalar(db.select(Proposal).filter_by(title="Water for every village"))
    assert joined.theme_id == water_theme and joined.status == "grouped"
    assert [e.status for e in joined.events] == ["received", "grouped"]
    page = client.get(f"/p/{joined.ref}?lang=en").get_data(as_text=True)
    assert f"/themes/{water_theme}" in page and "Grouped" in page

    unrelated = add(consultation, "Planter des oliviers", "Reboiser les collines", "Planter")
    assert unrelated.theme_id is None and unrelated.status == "received"
    assert db.session.scalar(db.select(db.func.count(ClusteringRun.id))) == 1


def test_only_one_run_at_a_time(ctx):
    consultation = make_consultation()
    runs.start_run(consultation)
    db.session.commit()
    try:
        runs.start_run(consultation)
    except ClusteringError as error:
        assert error.status == 409
    else:
        raise AssertionError("a second run started while one was queued")


def test_a_theme_history_starts_with_its_own_creation_even_when_an_id_is_reused(ctx):
    consultation = make_consultation()
    add_sample(consultation)
    first = run_now(consultation, k=3)
    second = run_now(consultation, k=2)   # two themes merge, one stays (and keeps its row)
    made = {theme.id: theme.run_id for theme in db.session.scalars(db.select(Theme))}
    assert sorted(made.values()) == [first.id, second.id]
    for theme in db.session.scalars(db.select(Theme)):
        entries = curation.history(theme)
        assert [(e.action, e.details["run"]) for e in entries] == [("create", theme.run_id)]
