"""Navigation a user relies on: every staff tool one click from the consultation page, for the roles
allowed to use it, and no link that only leads to a refusal."""
from tests.factories import login, make_consultation, make_proposal, make_theme, make_user
from tests.scoring.helpers import joint_group, person


def test_consultation_page_links_each_staff_tool_for_the_roles_allowed(ctx, client):
    consultation = make_consultation()
    page_url = f"/consultations/{consultation.id}?lang=en"
    tools = {"enter": f"/consultations/{consultation.id}/proposals/enter",
             "import": f"/consultations/{consultation.id}/proposals/import",
             "moderation": f"/consultations/{consultation.id}/moderation",
             "duplicates": f"/consultations/{consultation.id}/duplicates",
             "runs": f"/consultations/{consultation.id}/grouping",
             "history": f"/consultations/{consultation.id}/history"}
    # The member is in no working group: curating themes (near-duplicates, grouping runs) is for the
    # consultation's working groups while grouping or scoring runs (tests/clustering_platform).
    allowed = {"coordinator": set(tools), "facilitator": {"enter", "import"},
               "member": set(), "citizen": set()}
    for role, expected in allowed.items():
        login(client, make_user(role))
        page = client.get(page_url).get_data(as_text=True)
        linked = {name for name, url in tools.items() if f'href="{url}"' in page}
        assert linked == expected, role
        for name in linked:   # each link opens for this role
            assert client.get(tools[name]).status_code == 200, (role, name)
        client.post("/accounts/logout")


def test_an_observing_facilitator_gets_no_link_to_a_scoring_form_it_cannot_open(ctx, client):
    consultation = make_consultation(open_phase="scoring")
    member = person("Amira Ben Salah")
    scored = make_theme(consultation, "Budget participatif", make_proposal(consultation, "Budget participatif"))
    group = joint_group(consultation, [member], [scored])
    score_url = f"/scoring/groups/{group.id}/themes/{scored.id}"

    login(client, make_user("facilitator"))
    page = client.get(f"/scoring/groups/{group.id}").get_data(as_text=True)
    assert "Budget participatif" in page and score_url not in page
    assert client.get(score_url).status_code == 403
    client.post("/accounts/logout")

    login(client, member)
    assert score_url in client.get(f"/scoring/groups/{group.id}").get_data(as_text=True)


def test_labels_and_values_follow_each_languages_punctuation(ctx, client):
    consultation = make_consultation()   # its collection phase is open today
    page = client.get(f"/consultations/{consultation.id}?lang=fr").get_data(as_text=True)
    assert "Langue\u00a0: Français</a>" in page and "Phase en cours\u00a0: " in page
    page = client.get(f"/consultations/{consultation.id}?lang=ar").get_data(as_text=True)
    assert "اللغة: العربية</a>" in page and "المرحلة الحالية: " in page
    assert "Language: English</a>" in client.get(f"/consultations/{consultation.id}?lang=en").get_data(as_text=True)
