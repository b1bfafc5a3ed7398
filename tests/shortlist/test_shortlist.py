"""Results, the shortlist, reasoned responses on the authors' pages, the JSON export and the demo."""
import json
from datetime import date

from consult.core import audit
from consult.core.extensions import db
from consult.proposals.models import Proposal
from consult.scoring import services
from consult.scoring.demo import load_scoring_demo
from consult.shortlist import services as shortlists
from consult.shortlist.models import ThemeDecision
from consult.workshops.models import Workshop
from tests.factories import login, make_consultation, make_proposal, make_theme
from tests.scoring.helpers import PASSWORD, joint_group, person, submit

HIGH = {"specific": 3, "measurable": 3, "answerable": 3, "relevant": 3, "time_bound": 2, "impact": 3}
LOW = {"specific": 1, "measurable": 0, "answerable": 1, "relevant": 0, "time_bound": 1, "impact": 1}


def _scored():
    consultation = make_consultation()
    coordinator = person("Coordinatrice Sonia", "coordinator", None)
    members = [person("Amina Civil", affiliation="civil_society"), person("Bechir Admin", affiliation="administration"),
               person("Chiheb Civil", affiliation="civil_society")]
    workshop = Workshop(consultation_id=consultation.id, code="kef-2023", governorate="kef",
                        held_on=date(2023, 5, 9), venue={"fr": "Le Kef"})
    db.session.add(workshop)
    db.session.commit()
    budget = make_theme(consultation, "Budgets ouverts", make_proposal(consultation, "Publier les budgets", governorate="kef", workshop=workshop),
                   make_proposal(consultation, "Budgets en ligne", governorate="gafsa"))
    weak = make_theme(consultation, "Idée vague", make_proposal(consultation, "Faire mieux", governorate="tunis"))
    group = joint_group(consultation, members, [budget, weak], coordinator)
    for member, disagree in zip(members, (3, 3, 1)):
        submit(group, budget, member, dict(HIGH, impact=disagree), justification="Concret.")
        submit(group, weak, member, LOW, justification="Trop vague.")
    return consultation, coordinator, members, group, budget, weak, workshop


def test_aggregates_flags_and_agreement(ctx, client):
    consultation, coordinator, _m, group, budget, weak, _w = _scored()
    results = services.group_results(group)
    assert [r.theme for r in results] == [budget, weak]
    top = results[0]
    assert top.summaries["impact"].mean == 2.333 and top.summaries["impact"].median == 3.0
    assert top.summaries["impact"].spread == 2 and top.flags == ["impact"]
    assert top.n_scores == 3 and top.meets_minimums and not results[1].meets_minimums   # relevant 0 < 1
    agreement = {a.criterion.code: a for a in services.agreement(group)}
    assert agreement["specific"].alpha == 1.0 and agreement["specific"].reading == "reliable"
    assert agreement["impact"].reading == "discuss"
    login(client, coordinator, PASSWORD)
    page = client.get(f"/scoring/groups/{group.id}/results?lang=en").get_data(as_text=True)
    assert "Strong disagreement: discuss it" in page and "read this criterion differently" in page
    assert "<svg" in page and "style=" not in page and "Amina" not in page


def test_results_are_public_only_once_scoring_is_closed(ctx, client):
    _c, coordinator, _m, group, _b, _w, _ws = _scored()
    assert "/accounts/login" in client.get(f"/scoring/groups/{group.id}/results").headers["Location"]
    services.set_closed(group, True, coordinator)
    db.session.commit()
    assert client.get(f"/scoring/groups/{group.id}/results").status_code == 200


def test_shortlist_interface_proposed_then_confirmed(ctx):
    consultation, coordinator, _m, _g, budget, weak, workshop = _scored()
    proposed = shortlists.shortlist(consultation)
    # Nothing decided: every theme is pending; the ranking proposes the one meeting the minimums.
    assert [(e.theme, e.state, e.proposed) for e in proposed] == [(budget, "pending", True), (weak, "pending", False)]
    assert not proposed[0].confirmed
    entry = proposed[0]
    assert entry.rank == 1 and entry.n_scores == 3 and entry.scores["impact"] == 2.333
    assert entry.label == {"ar": "Budgets ouverts (ar)", "fr": "Budgets ouverts", "en": "Budgets ouverts"}
    assert entry.regions == ["gafsa", "kef"] and len(entry.proposals) == 2
    assert entry.weighted_total == services.group_results(_g)[0].weighted_total
    only_kef = shortlists.shortlist(consultation, workshop=workshop)[0]
    assert [p.title for p in only_kef.proposals] == ["Publier les budgets"] and only_kef.regions == ["kef"]
    # The coordinator amends: the weak theme is retained too, for a stated reason; the human name wins.
    shortlists.decide(consultation, budget, "retained", "Meilleur score.", coordinator)
    shortlists.decide(consultation, weak, "retained", "Demandé par trois ateliers.", coordinator)
    weak.name = "Engagement sur la qualité des services"
    db.session.commit()
    confirmed = shortlists.shortlist(consultation)
    assert [e.theme for e in confirmed] == [budget, weak] and all(e.confirmed for e in confirmed)
    assert confirmed[1].label["ar"] == "Engagement sur la qualité des services"
    shortlists.decide(consultation, weak, "not_retained", "Hors du champ du plan.", coordinator)
    db.session.commit()
    after = shortlists.shortlist(consultation)
    assert [(e.theme, e.state, e.rank) for e in after] == [(budget, "confirmed", 1), (weak, "not_retained", None)]
    decision = db.session.scalar(db.select(ThemeDecision).filter_by(theme_id=weak.id))
    assert [e.details["new"]["decision"] for e in audit.history("theme_decision", decision.id)] == \
        ["retained", "not_retained"]
    assert [c.code for c in services.criteria(consultation)][0] == "specific"


def test_reasoned_response_reaches_the_authors_page(ctx, client):
    consultation, coordinator, _m, _g, budget, weak, _w = _scored()
    login(client, coordinator, PASSWORD)
    page = client.get(f"/consultations/{consultation.id}/scoring/shortlist?lang=en").get_data(as_text=True)
    assert "Proposed for the shortlist" in page
    assert client.post(f"/consultations/{consultation.id}/scoring/shortlist/{budget.id}",
                       data={f"t{budget.id}-decision": "retained", f"t{budget.id}-reason": ""}).status_code == 400
    for item, decision, reason in ((budget, "retained", "Le groupe l'a classé premier."),
                                   (weak, "not_retained", "Aucune activité précise n'est décrite.")):
        response = client.post(f"/consultations/{consultation.id}/scoring/shortlist/{item.id}",
                               data={f"t{item.id}-decision": decision, f"t{item.id}-reason": reason})
        assert response.status_code == 302
    first, second = budget.proposals
    # A wrong merge target refuses the whole theme: nobody is told anything half-done.
    bad = client.post(f"/consultations/{consultation.id}/scoring/outcomes/{budget.id}?lang=en", data={
        f"t{budget.id}-response_fr": "Retenue.", f"status-{first.id}": "retained",
        f"status-{second.id}": "merged", f"merged-{second.id}": "P-NOPE"})
    assert bad.status_code == 400 and "merged into" in bad.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Proposal, first.id).status == "under_scoring"
    response = client.post(f"/consultations/{consultation.id}/scoring/outcomes/{budget.id}", data={
        f"t{budget.id}-response_fr": "Retenue dans l'engagement « Budgets ouverts » : le groupe l'a classée première.",
        f"status-{first.id}": "retained", f"status-{second.id}": "merged", f"merged-{second.id}": first.ref})
    assert response.status_code == 302
    response = client.post(f"/consultations/{consultation.id}/scoring/outcomes/{weak.id}", data={
        f"t{weak.id}-response_fr": "Non retenue : aucune activité précise n'est décrite."})
    assert response.status_code == 302
    client.post("/accounts/logout")
    db.session.expire_all()
    first, second = db.session.get(Proposal, first.id), db.session.get(Proposal, second.id)
    assert (first.status, second.status, second.merged_into_id) == ("retained", "merged", first.id)
    page = client.get(f"/p/{first.ref}?lang=en").get_data(as_text=True)       # public, no sign-in
    assert "Retained" in page and "Budgets ouverts » : le groupe l" in page
    assert first.ref in client.get(f"/p/{second.ref}").get_data(as_text=True)
    lonely = weak.proposals[0]
    page = client.get(f"/p/{lonely.ref}?lang=en").get_data(as_text=True)
    assert "Not retained" in page and "aucune activité précise" in page
    public = client.get(f"/consultations/{consultation.id}/scoring/shortlist?lang=en").get_data(as_text=True)
    assert "Le groupe l&#39;a classé premier." in public and "<form" not in public.split("<main")[1].split("</main>")[0]


def test_export_json_has_pseudonyms_and_no_personal_data(ctx, app):
    consultation, _co, members, group, budget, _weak, _w = _scored()
    result = app.test_cli_runner().invoke(args=["scoring", "export", "--consultation", str(consultation.id)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) >= {"scores", "agreement", "themes"}
    assert len(data["scores"]) == 3 * 2 * 6
    assert set(data["scores"][0]) == {"group", "theme", "member", "criterion", "value"}
    pseudonyms = {row["member"] for row in data["scores"]}
    assert len(pseudonyms) == 3 and all(p.startswith("M-") for p in pseudonyms)
    assert services.pseudonym(members[0].id) in pseudonyms                       # stable
    for member in members:
        assert member.name not in result.output and member.email not in result.output
        assert "Amina" not in result.output
    alphas = {row["criterion"]: row["alpha"] for row in data["agreement"]}
    assert alphas["specific"] == 1.0 and alphas["impact"] < 0.667
    top = next(t for t in data["themes"] if t["theme"] == budget.id)
    assert top["criteria"]["impact"]["mean"] == 2.333 and top["disagreements"] == ["impact"]
    missing = app.test_cli_runner().invoke(args=["scoring", "export", "--consultation", "999999"])
    assert missing.exit_code != 0


def test_export_alpha_is_null_when_undefined(ctx, app):
    consultation = make_consultation()
    member = person("Seule Membre")
    only = make_theme(consultation, "Un seul thème", make_proposal(consultation, "Une proposition"))
    group = joint_group(consultation, [member], [only])
    submit(group, only, member)
    data = json.loads(app.test_cli_runner().invoke(
        args=["scoring", "export", "--consultation", str(consultation.id)]).output)
    assert {row["alpha"] for row in data["agreement"]} == {None}


def test_demo_loader_builds_a_scored_group(ctx, client):
    consultation = make_consultation()
    members = [person(f"Demo {n}", affiliation=("civil_society", "administration")[n % 2]) for n in range(3)]
    by_theme = {"open-budgets": [make_proposal(consultation, "Budgets"), make_proposal(consultation, "Budgets 2")],
                "youth-council": [make_proposal(consultation, "Conseil des jeunes")]}
    data = {"themes": [
        {"theme": "open-budgets", "label": {"ar": "ميزانيات مفتوحة", "fr": "Budgets ouverts", "en": "Open budgets"},
         "scores": [{"member": n, "specific": 3, "measurable": 2, "answerable": 3, "relevant": 3,
                     "time_bound": 2, "impact": (3, 3, 1)[n], "justification": f"Avis {n}"} for n in range(3)]},
        {"theme": "youth-council", "label": {"fr": "Conseil des jeunes"},
         "scores": [{"member": n, "scores": {"specific": 1, "measurable": 1, "answerable": n, "relevant": 2,
                                              "time_bound": 1, "impact": 2}, "justification": "Vague"}
                    for n in range(3)]}]}
    group = load_scoring_demo(consultation, by_theme, members, data=data)
    db.session.commit()
    assert len(group.members) == 3 and len(group.themes) == 2 and group.is_closed
    assert by_theme["open-budgets"][0].theme.label["en"] == "Open budgets"
    assert by_theme["open-budgets"][0].status == "under_scoring"
    results = services.group_results(group)
    assert results[0].theme.label["fr"] == "Budgets ouverts" and results[0].flags == ["impact"]
    assert shortlists.shortlist(consultation)[0].n_scores == 3
    assert client.get(f"/scoring/groups/{group.id}/results").status_code == 200   # public once closed
