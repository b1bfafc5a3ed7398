"""Working groups and coordinators check themes: every change recorded; others cannot curate.

Curating is for the coordinator, and for the members of a working group of the theme's
consultation while its grouping or scoring phase runs; a theme scored by a working group that
closed its scoring is curated by nobody (consult/clustering/rules.py)."""
from __future__ import annotations

import pytest

from consult.clustering.models import DuplicateLink, Theme
from consult.core import audit
from consult.core.extensions import db
from consult.core.models import AuditEntry
from consult.proposals.models import Proposal
from consult.scoring import groups as scoring_groups
from consult.scoring.models import ScoreSheet, WorkingGroup
from tests.clustering_platform.conftest import add, add_sample, run_now
from tests.clustering_platform.working_groups import group_member, open_phase, working_group
from tests.factories import login, make_consultation, make_user


def _actions(theme_id):
    return [entry.action for entry in audit.history("theme", theme_id)]


@pytest.fixture
def curating(grouped):
    """The grouped consultation, its grouping phase running today."""
    open_phase(grouped[0], "grouping")
    return grouped


def sends_to_login(response) -> bool:
    return response.status_code == 302 and "/accounts/login" in response.headers.get("Location", "")


def test_a_member_renames_and_locks_a_theme_and_the_history_shows_it(client, curating):
    consultation, by_topic, themes = curating
    member = group_member(consultation)
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


def test_splitting_takes_the_chosen_proposals_into_a_new_theme(client, curating):
    consultation, by_topic, themes = curating
    login(client, group_member(consultation))
    chosen = by_topic["budget"][:2]
    response = client.post(f"/themes/{themes['budget']}/split",
                           data={"split-proposals": [str(p.id) for p in chosen], "split-name": "Budget en ligne"})
    assert response.status_code == 302
    new = next(t for t in db.session.scalars(db.select(Theme)) if t.names == {"fr": "Budget en ligne"})
    assert {p.id for p in new.proposals} == {p.id for p in chosen}
    assert [p.id for p in db.session.get(Theme, themes["budget"]).proposals] == [by_topic["budget"][2].id]
    assert "split" in _actions(themes["budget"]) and "split_from" in _actions(new.id)


def test_splitting_every_proposal_or_none_is_refused_with_a_message(client, curating):
    consultation, by_topic, themes = curating
    login(client, group_member(consultation))
    everyone = [str(p.id) for p in by_topic["budget"]]
    response = client.post(f"/themes/{themes['budget']}/split?lang=en", data={"split-proposals": everyone})
    assert response.status_code == 400 and "Leave at least one proposal" in response.get_data(as_text=True)
    response = client.post(f"/themes/{themes['budget']}/split?lang=en", data={})
    assert response.status_code == 400
    assert db.session.scalar(db.select(db.func.count(Theme.id))) == 3


def test_moving_a_proposal_to_another_theme(client, curating):
    consultation, by_topic, themes = curating
    login(client, group_member(consultation))
    proposal = by_topic["budget"][0]
    response = client.post(f"/themes/{themes['budget']}/move",
                           data={"move-proposal": proposal.id, "move-target": themes["water"]})
    assert response.status_code == 302
    assert db.session.get(Proposal, proposal.id).theme_id == themes["water"]
    assert "move_out" in _actions(themes["budget"]) and "move_in" in _actions(themes["water"])
    page = client.get(f"/p/{proposal.ref}").get_data(as_text=True)
    assert f"/themes/{themes['water']}" in page


def test_moving_a_proposal_of_another_theme_is_refused(client, curating):
    consultation, by_topic, themes = curating
    login(client, group_member(consultation))
    stranger = by_topic["water"][0]
    response = client.post(f"/themes/{themes['budget']}/move",
                           data={"move-proposal": stranger.id, "move-target": themes["transport"]})
    assert response.status_code == 400
    assert db.session.get(Proposal, stranger.id).theme_id == themes["water"]


def test_near_duplicates_are_listed_confirmed_and_shown_on_both_pages(client, ctx):
    consultation = make_consultation("grouping")
    add_sample(consultation)
    original = add(consultation, "Publier le budget de la commune en ligne, chaque trimestre")
    repeat = add(consultation, "Publier le budget de la commune en ligne chaque trimestre !")
    run_now(consultation, k=3)
    link = db.session.scalar(db.select(DuplicateLink).filter_by(original_id=original.id, duplicate_id=repeat.id))
    assert link is not None and link.status == "suggested"

    member = group_member(consultation)
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
            assert sends_to_login(response), url
    for url in (f"/consultations/{consultation.id}/duplicates", f"/consultations/{consultation.id}/grouping"):
        response = client.get(url)
        assert response.status_code == 403 if role else sends_to_login(response), url
    theme = db.session.get(Theme, theme_id)
    assert theme.name is None and not theme.locked and len(theme.proposals) == 3
    # Reading stays public, without the curation forms.
    page = client.get(f"/themes/{theme_id}")
    assert page.status_code == 200 and "rename-name" not in page.get_data(as_text=True)
    assert client.get(f"/consultations/{consultation.id}/themes").status_code == 200


def test_members_cannot_start_a_run(client, curating):
    consultation, by_topic, themes = curating
    login(client, group_member(consultation))
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


# --- who curates: the working groups of the consultation, while grouping or scoring runs (issue 19) ----

def _state(consultation):
    """The consultation's themes (names, lock, proposals), links and recorded theme changes, as saved."""
    db.session.rollback()   # read what the requests saved, not what this session remembers
    themes = db.session.scalars(db.select(Theme).filter_by(consultation_id=consultation.id).order_by(Theme.id))
    return ([(t.id, dict(t.names or {}), t.locked, [p.id for p in t.proposals]) for t in themes],
            db.session.execute(db.select(DuplicateLink.id, DuplicateLink.status)
                               .filter_by(consultation_id=consultation.id).order_by(DuplicateLink.id)).all(),
            db.session.scalars(db.select(AuditEntry.id).filter_by(entity="theme")).all())


def _curation_posts(consultation, by_topic, themes, on="budget", into="water"):
    """Every curation POST on the theme `on` (merged or moved into `into`), and a duplicate link."""
    theme, other, (first, second, _third) = themes[on], themes[into], by_topic[on]
    return [(f"/themes/{theme}/rename", {"rename-name_fr": "Nom imposé"}),
            (f"/themes/{theme}/lock", {}),
            (f"/themes/{theme}/unlock", {}),
            (f"/themes/{theme}/split", {"split-proposals": [str(first.id)], "split-name": "Morceau"}),
            (f"/themes/{theme}/move", {"move-proposal": second.id, "move-target": other}),
            (f"/themes/{theme}/merge", {"merge-target": other}),
            (f"/consultations/{consultation.id}/duplicates",
             {"original": by_topic[into][0].ref, "duplicate": by_topic[into][1].ref})]


def _lock(theme_id):
    """Lock a theme, so that an unlock would show."""
    db.session.get(Theme, theme_id).locked = True
    db.session.commit()


def _assert_refused(client, consultation, posts, status=403):
    before = _state(consultation)
    for url, data in posts:
        assert client.post(url, data=data).status_code == status, url
    assert _state(consultation) == before


def test_a_member_in_no_working_group_curates_nothing(client, curating):
    consultation, by_topic, themes = curating
    _lock(themes["budget"])
    link = DuplicateLink(consultation_id=consultation.id, original_id=by_topic["transport"][2].id,
                         duplicate_id=by_topic["budget"][2].id)   # a suggestion waiting for people
    db.session.add(link)
    db.session.commit()
    login(client, make_user("member"))
    _assert_refused(client, consultation, _curation_posts(consultation, by_topic, themes)
                    + [(f"/duplicates/{link.id}/confirm", {}), (f"/duplicates/{link.id}/dismiss", {})])
    run = db.session.scalar(db.select(Theme.run_id).filter_by(id=themes["water"]))
    for url in (f"/consultations/{consultation.id}/duplicates", f"/consultations/{consultation.id}/grouping",
                f"/grouping/runs/{run}", f"/grouping/runs/{run}/progress"):
        assert client.get(url).status_code == 403, url
    page = client.get(f"/themes/{themes['budget']}").get_data(as_text=True)
    assert "rename-name_fr" not in page and "merge-target" not in page


def test_a_member_of_another_consultations_working_group_curates_nothing_here(client, curating):
    consultation, by_topic, themes = curating
    elsewhere = make_consultation("grouping")
    member = group_member(elsewhere)
    _lock(themes["budget"])
    login(client, member)
    _assert_refused(client, consultation, _curation_posts(consultation, by_topic, themes))
    assert client.get(f"/consultations/{consultation.id}/duplicates").status_code == 403
    assert client.get(f"/consultations/{elsewhere.id}/duplicates").status_code == 200   # their own one


@pytest.mark.parametrize("phase", ["grouping", "scoring"])
@pytest.mark.parametrize("role", ["member", "facilitator"])
def test_a_working_group_member_curates_while_grouping_or_scoring_runs(client, grouped, phase, role):
    consultation, by_topic, themes = grouped
    open_phase(consultation, phase)
    login(client, group_member(consultation, role))
    page = client.get(f"/themes/{themes['budget']}").get_data(as_text=True)
    assert "rename-name_fr" in page and "merge-target" in page
    moved = by_topic["budget"][1]
    posts = _curation_posts(consultation, by_topic, themes, on="budget", into="transport")
    for url, data in posts[:5]:   # rename, lock, unlock, split, move
        assert client.post(url, data=data).status_code == 302, url
    # Merged after the move and split, so that both still find their theme.
    assert client.post(f"/themes/{themes['water']}/merge", data={"merge-target": themes["transport"]}).status_code == 302
    url, data = posts[6]   # a near-duplicate link
    assert client.post(url, data=data).status_code == 302
    db.session.rollback()
    assert db.session.get(Theme, themes["water"]) is None
    assert db.session.get(Proposal, moved.id).theme_id == themes["transport"]
    assert db.session.get(Theme, themes["budget"]).names == {"fr": "Nom imposé"}
    assert _actions(themes["budget"]) == ["create", "rename", "lock", "unlock", "split", "move_out"]
    assert db.session.scalar(db.select(db.func.count(DuplicateLink.id)).filter_by(
        consultation_id=consultation.id, status="confirmed")) == 1


@pytest.mark.parametrize("phase", ["collection", "draft", None])
def test_a_working_group_member_curates_nothing_outside_grouping_and_scoring(client, grouped, phase):
    consultation, by_topic, themes = grouped
    open_phase(consultation, phase)
    member = group_member(consultation)
    _lock(themes["budget"])
    login(client, member)
    _assert_refused(client, consultation, _curation_posts(consultation, by_topic, themes))
    assert client.get(f"/consultations/{consultation.id}/duplicates").status_code == 403
    assert "rename-name_fr" not in client.get(f"/themes/{themes['budget']}").get_data(as_text=True)


@pytest.mark.parametrize("role", ["member", "coordinator"])
def test_nobody_changes_a_theme_scored_by_a_closed_working_group(client, grouped, role):
    """Its name and proposals are what the group scored and the shortlist publishes: not even the
    coordinator changes them while the group stays closed (reopening it, a recorded step, allows it)."""
    consultation, by_topic, themes = grouped
    open_phase(consultation, "scoring")
    member = make_user("member")
    group = working_group(consultation, member, themes=[themes["budget"]], closed=True)
    _lock(themes["budget"])
    user = member if role == "member" else make_user("coordinator")
    login(client, user)
    posts = _curation_posts(consultation, by_topic, themes, on="budget", into="water")
    _assert_refused(client, consultation, posts[:6])
    assert "rename-name_fr" not in client.get(f"/themes/{themes['budget']}").get_data(as_text=True)
    # Nothing goes into it either: merging another theme into it, moving a proposal into it.
    stranger = by_topic["water"][0]
    before = _state(consultation)
    response = client.post(f"/themes/{themes['water']}/merge?lang=en", data={"merge-target": themes["budget"]})
    assert response.status_code == 409 and "closed its scoring" in response.get_data(as_text=True)
    response = client.post(f"/themes/{themes['water']}/move?lang=fr",
                           data={"move-proposal": stranger.id, "move-target": themes["budget"]})
    assert response.status_code == 409 and "qui a clos sa notation" in response.get_data(as_text=True)
    assert _state(consultation) == before
    # The other themes stay open to curation.
    assert client.post(f"/themes/{themes['water']}/rename", data={"rename-name_fr": "Eau"}).status_code == 302
    if role == "coordinator":
        scoring_groups.set_closed(db.session.get(WorkingGroup, group.id), False, user)
        db.session.commit()
        url, data = posts[0]
        assert client.post(url, data=data).status_code == 302


def test_a_theme_only_scored_on_sheets_of_a_closed_group_is_closed_too(client, curating):
    consultation, by_topic, themes = curating
    member = make_user("member")
    group = working_group(consultation, member)
    db.session.add(ScoreSheet(group_id=group.id, theme_id=themes["water"], member_id=member.id, status="submitted"))
    scoring_groups.set_closed(group, True, member)
    db.session.commit()
    login(client, make_user("coordinator"))
    _assert_refused(client, consultation, [(f"/themes/{themes['water']}/rename", {"rename-name_fr": "Eau"})])


def test_the_coordinator_curates_in_any_phase_without_a_working_group(client, grouped):
    consultation, by_topic, themes = grouped   # collection phase, no working group at all
    login(client, make_user("coordinator"))
    posts = _curation_posts(consultation, by_topic, themes, on="budget", into="transport")
    for url, data in posts[:5] + posts[6:]:
        assert client.post(url, data=data).status_code == 302, url
    assert client.post(f"/themes/{themes['water']}/merge", data={"merge-target": themes["transport"]}).status_code == 302
    db.session.rollback()
    assert db.session.get(Theme, themes["budget"]).names == {"fr": "Nom imposé"}
    assert db.session.get(Theme, themes["water"]) is None
    assert "rename-name_fr" in client.get(f"/themes/{themes['budget']}").get_data(as_text=True)
