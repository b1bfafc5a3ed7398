"""Working groups and coordinators check themes: every change recorded; others cannot curate."""
from __future__ import annotations

import pytest

from consult.clustering.models import DuplicateLink, Theme
from consult.core import audit
from consult.core.extensions import db
from consult.proposals.models import Proposal
from tests.clustering_platform.conftest import add, add_sample, run_now
from tests.factories import login, make_consultation, make_user


def _actions(theme_id):
    return [entry.action for entry in audit.history("theme", theme_id)]


def test_a_member_renames_and_locks_a_theme_and_the_history_shows_it(client, grouped):
    consultation, by_topic, themes = grouped
    member = make_user("member")
    login(client, member)
    response = client.post(f"/themes/{themes['budget']}/rename", data={"rename-name_fr": "Budgets ouverts"})
    assert response.status_code == 302
    assert client.post(f"/themes/{themes['budget']}/lock").status_code == 302
    theme = db.session.get(Theme, themes["budget"])
    assert theme.names == {"fr": "Budgets ouverts"} and theme.locked
    entries = audit.history("theme", theme.id)
    assert [e.action for e in entries][-2:] == ["rename", "lock"]
    assert entries[-2].actor_id == member.id and entries[-2].details["new"] == {"fr": "Budgets ouverts"}
    page = client.get(f"/themes/{theme.id}?lang=en").get_data(as_text=True)
    assert "Budgets ouverts" in page and "Renamed" in page and "Locked" in page and member.name in page


def test_merging_moves_every_proposal_and_keeps_them(client, grouped):
    consultation, by_topic, themes = grouped
    login(client, make_user("coordinator"))
    response = client.post(f"/themes/{themes['water']}/merge", data={"merge-target": themes["transport"]})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/themes/{themes['transport']}")
    assert db.session.get(Theme, themes["water"]) is None
    for proposal in by_topic["water"] + by_topic["transport"]:
        assert db.session.get(Proposal, proposal.id).theme_id == themes["transport"]
    assert "merge" in _actions(themes["transport"]) and "merged_into" in _actions(themes["water"])


def test_splitting_takes_the_chosen_proposals_into_a_new_theme(client, grouped):
    consultation, by_topic, themes = grouped
    login(client, make_user("member"))
    chosen = by_topic["budget"][:2]
    response = client.post(f"/themes/{themes['budget']}/split",
                           data={"split-proposals": [str(p.id) for p in chosen], "split-name": "Budget en ligne"})
    assert response.status_code == 302
    new = next(t for t in db.session.scalars(db.select(Theme)) if t.names == {"fr": "Budget en ligne"})
    assert {p.id for p in new.proposals} == {p.id for p in chosen}
    assert [p.id for p in db.session.get(Theme, themes["budget"]).proposals] == [by_topic["budget"][2].id]
    assert "split" in _actions(themes["budget"]) and "split_from" in _actions(new.id)


def test_splitting_every_proposal_or_none_is_refused_with_a_message(client, grouped):
    consultation, by_topic, themes = grouped
    login(client, make_user("member"))
    everyone = [str(p.id) for p in by_topic["budget"]]
    response = client.post(f"/themes/{themes['budget']}/split?lang=en", data={"split-proposals": everyone})
    assert response.status_code == 400 and "Leave at least one proposal" in response.get_data(as_text=True)
    response = client.post(f"/themes/{themes['budget']}/split?lang=en", data={})
    assert response.status_code == 400
    assert db.session.scalar(db.select(db.func.count(Theme.id))) == 3


def test_moving_a_proposal_to_another_theme(client, grouped):
    consultation, by_topic, themes = grouped
    login(client, make_user("member"))
    proposal = by_topic["budget"][0]
    response = client.post(f"/themes/{themes['budget']}/move",
                           data={"move-proposal": proposal.id, "move-target": themes["water"]})
    assert response.status_code == 302
    assert db.session.get(Proposal, proposal.id).theme_id == themes["water"]
    assert "move_out" in _actions(themes["budget"]) and "move_in" in _actions(themes["water"])
    page = client.get(f"/p/{proposal.ref}").get_data(as_text=True)
    assert f"/themes/{themes['water']}" in page


def test_moving_a_proposal_of_another_theme_is_refused(client, grouped):
    consultation, by_topic, themes = grouped
    login(client, make_user("member"))
    stranger = by_topic["water"][0]
    response = client.post(f"/themes/{themes['budget']}/move",
                           data={"move-proposal": stranger.id, "move-target": themes["transport"]})
    assert response.status_code == 400
    assert db.session.get(Proposal, stranger.id).theme_id == themes["water"]


def test_near_duplicates_are_listed_confirmed_and_shown_on_both_pages(client, ctx):
    consultation = make_consultation()
    add_sample(consultation)
    original = add(consultation, "Publier le budget de la commune en ligne, chaque trimestre")
    repeat = add(consultation, "Publier le budget de la commune en ligne chaque trimestre !")
    run_now(consultation, k=3)
    link = db.session.scalar(db.select(DuplicateLink).filter_by(original_id=original.id, duplicate_id=repeat.id))
    assert link is not None and link.status == "suggested"

    member = make_user("member")
    login(client, member)
    page = client.get(f"/consultations/{consultation.id}/duplicates?lang=en").get_data(as_text=True)
    assert repeat.ref in page and original.ref in page
    assert client.post(f"/duplicates/{link.id}/confirm").status_code == 302
    assert db.session.get(DuplicateLink, link.id).status == "confirmed"
    for proposal, other in ((original, repeat), (repeat, original)):
        assert db.session.get(Proposal, proposal.id) is not None
        assert other.ref in client.get(f"/p/{proposal.ref}").get_data(as_text=True)
        assert "duplicate_confirmed" in [e.action for e in audit.history("proposal", proposal.id)]
    # A new run does not suggest the pair again.
    run_now(consultation, k=3)
    assert db.session.scalar(db.select(db.func.count(DuplicateLink.id)).filter_by(
        original_id=original.id, duplicate_id=repeat.id)) == 1


def test_people_link_two_proposals_by_their_references(client, grouped):
    consultation, by_topic, themes = grouped
    login(client, make_user("coordinator"))
    first, second = by_topic["water"][0], by_topic["water"][2]
    response = client.post(f"/consultations/{consultation.id}/duplicates",
                           data={"original": first.ref.lower(), "duplicate": second.ref})
    assert response.status_code == 302
    link = db.session.scalar(db.select(DuplicateLink).filter_by(original_id=first.id, duplicate_id=second.id))
    assert link.status == "confirmed"
    response = client.post(f"/consultations/{consultation.id}/duplicates?lang=en",
                           data={"original": "P-NONE", "duplicate": second.ref})
    assert response.status_code == 400 and "P-NONE" in response.get_data(as_text=True)


@pytest.mark.parametrize("role", [None, "citizen", "facilitator"])
def test_citizens_and_visitors_cannot_curate(client, grouped, role):
    consultation, by_topic, themes = grouped
    if role:
        login(client, make_user(role))
    theme_id = themes["budget"]
    posts = [(f"/themes/{theme_id}/rename", {"rename-name": "x"}), (f"/themes/{theme_id}/lock", {}),
             (f"/themes/{theme_id}/merge", {"merge-target": themes["water"]}),
             (f"/themes/{theme_id}/split", {"split-proposals": [str(by_topic["budget"][0].id)]}),
             (f"/themes/{theme_id}/move", {"move-proposal": by_topic["budget"][0].id, "move-target": themes["water"]}),
             (f"/consultations/{consultation.id}/grouping", {"granularity": "1.0"})]
    for url, data in posts:
        response = client.post(url, data=data)
        if role:
            assert response.status_code == 403, url
        else:
            assert response.status_code in (302, 401) and "login" in response.headers.get("Location", "login"), url
    for url in (f"/consultations/{consultation.id}/duplicates", f"/consultations/{consultation.id}/grouping"):
        assert client.get(url).status_code == (403 if role else 302)
    theme = db.session.get(Theme, theme_id)
    assert theme.name is None and not theme.locked and len(theme.proposals) == 3
    # Reading stays public, without the curation forms.
    page = client.get(f"/themes/{theme_id}")
    assert page.status_code == 200 and "rename-name" not in page.get_data(as_text=True)
    assert client.get(f"/consultations/{consultation.id}/themes").status_code == 200


def test_members_cannot_start_a_run(client, grouped):
    consultation, by_topic, themes = grouped
    login(client, make_user("member"))
    assert client.post(f"/consultations/{consultation.id}/grouping", data={"granularity": "1.0"}).status_code == 403
    assert client.get(f"/consultations/{consultation.id}/grouping").status_code == 200


def test_the_themes_page_draws_the_map_without_inline_style(client, grouped):
    consultation, by_topic, themes = grouped
    page = client.get(f"/consultations/{consultation.id}/themes?lang=en").get_data(as_text=True)
    assert page.count("<circle") >= 9 + 3   # nine points, three legend swatches
    assert f"<title>{by_topic['water'][0].ref} — {by_topic['water'][0].title}</title>" in page
    assert 'fill="#0072B2"' in page and "style=" not in page
    for topic in themes.values():
        assert f"/themes/{topic}" in page


def test_the_theme_breadcrumb_names_the_theme_not_its_number(client, grouped):
    consultation, by_topic, themes = grouped
    theme = db.session.get(Theme, themes["water"])
    theme.label = {"ar": "توزيع الماء", "fr": "Distribution de l'eau", "en": "Water distribution"}
    db.session.commit()
    crumb = 'aria-current="page" dir="auto">'
    page = client.get(f"/themes/{theme.id}?lang=fr").get_data(as_text=True)
    assert crumb + "Distribution de l&#39;eau</li>" in page and f"Thème {theme.id}" not in page
    page = client.get(f"/themes/{theme.id}?lang=ar").get_data(as_text=True)
    assert crumb + "توزيع الماء</li>" in page
    theme.name = "Eau potable"
    db.session.commit()
    page = client.get(f"/themes/{theme.id}?lang=ar").get_data(as_text=True)
    assert crumb + "Eau potable (Français)</li>" in page   # a French name, shown with its language
    page = client.get(f"/themes/{theme.id}?lang=fr").get_data(as_text=True)
    assert crumb + "Eau potable</li>" in page
