"""Working groups scoring themes: blind scoring, conflicts, the frozen rubric, the audit trail, roles."""
from consult.core import audit
from consult.core.extensions import db
from consult.proposals.models import Proposal
from consult.scoring import services
from consult.scoring.models import RubricCriterion, ScoreSheet
from tests.factories import login, make_consultation, make_proposal, make_theme
from tests.scoring.helpers import FULL, PASSWORD, joint_group, person, submit


def _setup(open_phase="scoring"):
    consultation = make_consultation(open_phase=open_phase)
    coordinator = person("Coordinatrice Sonia", "coordinator", None)
    amina = person("Amina Civil", affiliation="civil_society")
    bechir = person("Bechir Admin", affiliation="administration")
    budget = make_theme(consultation, "Budgets ouverts", make_proposal(consultation, "Publier les budgets"))
    council = make_theme(consultation, "Conseils filmés", make_proposal(consultation, "Filmer les conseils"))
    group = joint_group(consultation, [amina, bechir], [budget, council], coordinator)
    return consultation, coordinator, amina, bechir, group, budget, council


def _score_data(levels=FULL, justification="Bien ciblé.", action="submit"):
    data = {f"level-{code}": str(value) for code, value in levels.items()}
    data.update(justification=justification, action=action, values_served=["transparency"])
    return data


def test_default_rubric_has_the_six_criteria_in_three_languages(ctx):
    consultation = make_consultation()
    rubric = services.criteria(consultation)
    assert [c.code for c in rubric] == ["specific", "measurable", "answerable", "relevant", "time_bound", "impact"]
    assert rubric[0].name == {"ar": "الوضوح", "fr": "Spécifique", "en": "Specific"}
    assert all(c.scale == [0, 1, 2, 3] and all(level["label"]["ar"] for level in c.levels) for c in rubric)
    assert next(c for c in rubric if c.code == "relevant").minimum == 1.0


def test_assigned_proposals_show_under_scoring_to_their_authors(ctx, client):
    _c, _co, _a, _b, _g, budget, _council = _setup()
    ref = budget.proposals[0].ref
    assert budget.proposals[0].status == "under_scoring"
    assert "Under scoring" in client.get(f"/p/{ref}?lang=en").get_data(as_text=True)


def test_blind_scoring_hides_others_scores_until_one_submits(ctx, client):
    consultation, _co, amina, bechir, group, budget, _council = _setup()
    submit(group, budget, amina, justification="Amina pense que les budgets sont une priorité.")
    login(client, bechir, PASSWORD)
    url = f"/scoring/groups/{group.id}/themes/{budget.id}?lang=en"
    page = client.get(url).get_data(as_text=True)
    assert "Amina pense" not in page and "Hidden until you submit your own scores." in page
    results = client.get(f"/scoring/groups/{group.id}/results?lang=en").get_data(as_text=True)
    assert "Budgets ouverts" not in results and "not shown" in results
    # A draft is not enough.
    assert client.post(url, data=_score_data(action="draft")).status_code == 302
    assert "Amina pense" not in client.get(url).get_data(as_text=True)
    assert client.post(url, data=_score_data(justification="Bechir est d'accord.")).status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "Amina pense" in page and "Amina Civil" in page
    assert "Budgets ouverts" in client.get(f"/scoring/groups/{group.id}/results?lang=en").get_data(as_text=True)


def test_incomplete_submission_is_refused_and_keeps_what_was_typed(ctx, client):
    _c, _co, amina, _b, group, budget, _council = _setup()
    login(client, amina, PASSWORD)
    levels = dict(FULL, impact="7")
    response = client.post(f"/scoring/groups/{group.id}/themes/{budget.id}?lang=fr",
                           data=_score_data(levels=levels, justification="Mon texte"))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Impact potentiel" in page and "Mon texte" in page
    assert db.session.scalar(db.select(ScoreSheet)) is None


def test_conflict_of_interest_leaves_the_member_out(ctx, client):
    _c, _co, amina, bechir, group, budget, council = _setup()
    submit(group, budget, bechir, justification="Avis de Bechir")
    login(client, amina, PASSWORD)
    response = client.post(f"/scoring/groups/{group.id}/themes/{budget.id}/conflict",
                           data={"reason": "Je préside l'association qui l'a proposé."})
    assert response.status_code == 302
    # Left out: cannot score, does not see the others' scores, not expected in the progress.
    refused = client.post(f"/scoring/groups/{group.id}/themes/{budget.id}?lang=en", data=_score_data())
    assert refused.status_code == 409 and "conflict of interest" in refused.get_data(as_text=True)
    assert "Avis de Bechir" not in client.get(f"/scoring/groups/{group.id}/themes/{budget.id}").get_data(as_text=True)
    progress = services.progress(group)
    assert progress.expected == 3 and progress.submitted == 1
    sheet = services.sheet_of(group, budget, amina)
    assert [entry.action for entry in audit.history("score_sheet", sheet.id)] == ["conflict"]
    assert services.theme_result(budget, services.submitted_sheets(group, budget),
                                 services.criteria(group.consultation)).n_scores == 1


def test_a_member_withdraws_a_conflict_while_scoring_is_open_and_it_is_recorded(ctx, client, request):
    _c, coordinator, amina, bechir, group, budget, _council = _setup()
    services.declare_conflict(group, budget, amina, "Je préside l'association qui l'a proposé.")
    db.session.commit()
    login(client, amina, PASSWORD)
    csrf = request.getfixturevalue("csrf")   # on from here: signing in above sent no token
    page_url = f"/scoring/groups/{group.id}/themes/{budget.id}?lang=fr"
    withdraw = f"/scoring/groups/{group.id}/themes/{budget.id}/conflict/withdraw"
    assert "Retirer ma déclaration" in client.get(page_url).get_data(as_text=True)
    assert client.post(withdraw).status_code == 400           # forged: no CSRF token
    response = client.post(withdraw, data={"csrf_token": csrf(client, page_url)})
    assert response.status_code == 302
    sheet = services.sheet_of(group, budget, amina)
    assert sheet.status == "draft" and sheet.conflict_reason == ""
    entries = audit.history("score_sheet", sheet.id)
    assert [e.action for e in entries] == ["conflict", "withdraw_conflict"]
    assert entries[-1].actor_id == amina.id and entries[-1].details["reason"].startswith("Je préside")
    assert services.progress(group).expected == 4
    page = client.get(page_url).get_data(as_text=True)
    assert 'id="score-form"' in page and "Retirer ma déclaration" not in page
    # Nothing to withdraw twice; and once the group closed scoring, a declaration stays.
    again = client.post(withdraw + "?lang=en", data={"csrf_token": csrf(client, page_url)})
    assert again.status_code == 409 and "not declared a conflict" in again.get_data(as_text=True)
    services.declare_conflict(group, budget, amina, "Conflit confirmé.")
    services.set_closed(group, True, coordinator)
    db.session.commit()
    assert "Retirer ma déclaration" not in client.get(page_url).get_data(as_text=True)
    closed = client.post(withdraw + "?lang=en", data={"csrf_token": csrf(client, page_url)})
    assert closed.status_code == 409 and services.sheet_of(group, budget, amina).status == "conflict"


def test_every_change_of_a_score_is_recorded_and_closing_stops_revisions(ctx, client):
    _c, coordinator, amina, _b, group, budget, _council = _setup()
    login(client, amina, PASSWORD)
    url = f"/scoring/groups/{group.id}/themes/{budget.id}"
    client.post(url, data=_score_data(levels=dict(FULL, impact=1), action="draft"))
    client.post(url, data=_score_data(levels=dict(FULL, impact=2)))
    client.post(url, data=_score_data(levels=dict(FULL, impact=3), justification="Révisé après débat."))
    sheet = services.sheet_of(group, budget, amina)
    history = audit.history("score_sheet", sheet.id)
    assert [entry.action for entry in history] == ["save_draft", "submit", "revise"]
    assert all(entry.actor_id == amina.id and entry.at for entry in history)
    assert history[2].details["old"]["levels"]["impact"] == 2
    assert history[2].details["new"]["levels"]["impact"] == 3
    assert history[2].details["new"]["justification"] == "Révisé après débat."
    services.set_closed(group, True, coordinator)
    db.session.commit()
    refused = client.post(url + "?lang=en", data=_score_data(levels=dict(FULL, impact=0)))
    assert refused.status_code == 409 and "closed its scoring" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert services.sheet_of(group, budget, amina).levels["impact"] == 3


def test_rubric_can_be_edited_until_scoring_starts_then_is_frozen(ctx, client):
    consultation, coordinator, amina, _b, group, budget, _council = _setup("collection")
    login(client, coordinator, PASSWORD)
    url = f"/consultations/{consultation.id}/scoring/rubric?lang=en"
    client.get(url)
    assert services.rubric_rows(consultation) == []        # reading the default rubric stores nothing
    form = {}
    for row in services.criteria(consultation):
        form.update({f"{row.code}-weight": "2" if row.code == "impact" else "1",
                     f"{row.code}-minimum": "", **{f"{row.code}-name_{code}": row.name[code] for code in ("ar", "fr", "en")},
                     **{f"{row.code}-description_{code}": row.description[code] for code in ("ar", "fr", "en")}})
    assert client.post(url, data=form).status_code == 302
    impact = db.session.scalar(db.select(RubricCriterion).filter_by(consultation_id=consultation.id, code="impact"))
    assert impact.weight == 2.0
    assert audit.history("rubric_criterion", impact.id)[-1].details["new"]["weight"] == 2.0
    submit(group, budget, amina)          # the first submitted score freezes the rubric
    form["impact-weight"] = "5"
    response = client.post(url, data=form)
    assert response.status_code == 409 and "The rubric is frozen" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(RubricCriterion, impact.id).weight == 2.0


def test_the_scoring_phase_freezes_the_rubric(ctx):
    consultation = make_consultation(open_phase="scoring")
    assert services.scoring_started(consultation)
    assert not services.scoring_started(make_consultation(open_phase="collection"))


def test_technology_counts_only_with_another_value(ctx):
    _c, _co, amina, _b, group, budget, _council = _setup()
    try:
        services.save_scores(group, budget, amina, FULL, "ok", ["technology"], submit=True)
    except services.ScoringError as error:
        assert "Technology" in str(error)
    else:
        raise AssertionError("technology alone was accepted")
    sheet = services.save_scores(group, budget, amina, FULL, "ok", ["technology", "participation"], submit=True)
    assert sheet.values_served == ["participation", "technology"]


def test_roles(ctx, client):
    consultation, coordinator, amina, _b, group, budget, _council = _setup()
    outsider = person("Outsider Member")
    citizen = person("Citoyen", "citizen", None)
    other_group = services.create_group(consultation, "Autre groupe", coordinator)
    services.add_member(other_group, outsider, coordinator)
    db.session.commit()
    # Anonymous: sent to sign in.
    assert client.get(f"/scoring/groups/{group.id}/themes/{budget.id}").status_code == 302
    login(client, outsider, PASSWORD)
    assert client.get(f"/scoring/groups/{group.id}/themes/{budget.id}").status_code == 403
    assert client.post(f"/scoring/groups/{group.id}/themes/{budget.id}", data=_score_data()).status_code == 403
    assert client.get(f"/scoring/groups/{group.id}").status_code == 403
    assert client.post(f"/consultations/{consultation.id}/scoring/groups", data={"name": "X"}).status_code == 403
    assert client.post(f"/scoring/groups/{group.id}/members", data={"user_id": outsider.id}).status_code == 403
    assert client.post(f"/consultations/{consultation.id}/scoring/rubric", data={}).status_code == 403
    assert client.post(f"/consultations/{consultation.id}/scoring/shortlist/{budget.id}",
                       data={f"t{budget.id}-decision": "retained", f"t{budget.id}-reason": "x"}).status_code == 403
    assert client.post(f"/scoring/groups/{group.id}/close").status_code == 403
    assert db.session.scalar(db.select(ScoreSheet)) is None
    client.post("/accounts/logout")
    login(client, citizen, PASSWORD)
    assert client.get(f"/consultations/{consultation.id}/scoring").status_code == 403
    client.post("/accounts/logout")
    # The coordinator forms groups, adds members and assigns themes.
    login(client, coordinator, PASSWORD)
    response = client.post(f"/consultations/{consultation.id}/scoring/groups", data={"name": "Axe 2", "workshop_id": "0"})
    assert response.status_code == 302
    new_group = services.groups_of(consultation)[-1]
    assert client.post(f"/scoring/groups/{new_group.id}/members", data={"user_id": amina.id}).status_code == 302
    assert client.post(f"/scoring/groups/{new_group.id}/members", data={"user_id": citizen.id}).status_code == 400
    assert client.post(f"/scoring/groups/{new_group.id}/themes", data={"theme_id": budget.id}).status_code == 302
    db.session.expire_all()
    assert [m.id for m in new_group.members] == [amina.id] and new_group.themes == [budget]


def test_group_page_shows_balance_progress_and_deadline(ctx, client):
    consultation, coordinator, amina, _b, group, budget, _council = _setup()
    submit(group, budget, amina)
    login(client, coordinator, PASSWORD)
    page = client.get(f"/scoring/groups/{group.id}?lang=en").get_data(as_text=True)
    assert "Civil society: 1 · Administration: 1" in page and "balanced" in page
    assert "1 of 4 scores submitted (25%)" in page and "Deadline" in page
    services.add_member(group, person("Chiheb Civil", affiliation="civil_society"), coordinator)
    db.session.commit()
    assert "not balanced" in client.get(f"/scoring/groups/{group.id}?lang=en").get_data(as_text=True)


def test_a_single_proposal_becomes_a_theme_to_score(ctx, client):
    consultation, coordinator, _a, _b, group, _budget, _council = _setup()
    lone = make_proposal(consultation, "Un registre des lobbies")
    login(client, coordinator, PASSWORD)
    response = client.post(f"/consultations/{consultation.id}/scoring/themes/from-proposal", data={"ref": lone.ref})
    assert response.status_code == 302
    db.session.expire_all()
    lone = db.session.get(Proposal, lone.id)
    assert lone.theme is not None and services.theme_title(lone.theme, "fr") == "Un registre des lobbies"
    again = client.post(f"/consultations/{consultation.id}/scoring/themes/from-proposal?lang=en", data={"ref": lone.ref})
    assert again.status_code == 409 and "already belongs to a theme" in again.get_data(as_text=True)
    assert client.post(f"/consultations/{consultation.id}/scoring/themes/from-proposal",
                       data={"ref": "P-NOPE"}).status_code == 400


def test_scoring_follows_its_phase(ctx, client):
    """Scores, conflicts and sheets are taken while the scoring phase runs, not before."""
    _c, _co, amina, _b, group, budget, _council = _setup("collection")
    login(client, amina, PASSWORD)
    url = f"/scoring/groups/{group.id}/themes/{budget.id}?lang=en"
    page = client.get(url).get_data(as_text=True)
    assert 'id="scoring-not-open"' in page
    refused = client.post(url, data=_score_data())
    assert refused.status_code == 409 and "Scoring is not open" in refused.get_data(as_text=True)
    conflict = client.post(f"/scoring/groups/{group.id}/themes/{budget.id}/conflict?lang=en",
                           data={"reason": "Je préside l'association."})
    assert conflict.status_code == 409
    assert db.session.scalar(db.select(ScoreSheet)) is None


def test_who_reads_blind_scores_from_outside_the_group_is_a_named_permission(ctx):
    """Issue 19: the rule behind `can_see_scores` for non-members is "scoring.observe_scores" in
    rules.py, not a role check in the service."""
    from consult.core.permissions import can
    _c, coordinator, amina, bechir, group, budget, _council = _setup()
    facilitator = person("Farah Facilitatrice", "facilitator", None)
    submit(group, budget, bechir)
    assert can(coordinator, "scoring.observe_scores", group)
    assert not can(facilitator, "scoring.observe_scores", group)
    assert services.can_see_scores(group, budget, coordinator)
    assert not services.can_see_scores(group, budget, facilitator)
    assert not services.can_see_scores(group, budget, amina)        # blind until she submits her own
