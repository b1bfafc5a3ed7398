"""Malformed input gets a clear 4xx, never a 500, and saves nothing; nothing private leaves the system."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select
from sqlalchemy.exc import DataError

from consult.core.extensions import db
from tests.factories import login, make_consultation, make_user, proposal_form

HUGE = "99999999999999999999"      # more than any integer column holds (SQLite's driver overflows)
OVER_INT32 = "2147483648"           # one more than a PostgreSQL INTEGER


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_nul_character_in_a_form_is_refused_with_a_translated_400_and_nothing_is_saved(ctx, client):
    from consult.proposals.models import Proposal
    consultation = make_consultation()
    response = client.post(f"/consultations/{consultation.id}/propose?lang=fr",
                           data=proposal_form(consultation, problem="Les budgets\x00 ne sont pas publiés."))
    assert response.status_code == 400
    assert "caractère invalide" in response.get_data(as_text=True)
    assert _count(Proposal) == 0


def test_a_nul_character_in_the_query_string_is_refused(ctx, client):
    consultation = make_consultation()
    response = client.get(f"/consultations/{consultation.id}/proposals?q=budget%00")
    assert response.status_code == 400
    assert client.get(f"/api/v1/proposals?consultation={consultation.id}&q=%00").get_json()["status"] == 400


@pytest.mark.parametrize("number", [HUGE, OVER_INT32])
def test_ids_larger_than_the_database_holds_are_pages_that_do_not_exist(ctx, client, number):
    make_consultation()
    for url in (f"/consultations/{number}", f"/consultations/{number}/proposals", f"/workshops/{number}",
                f"/consultations/{number}/shortlist.json", f"/workshops/{number}/shortlist.csv"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/consultations/{number}/propose", data={}).status_code == 404
    for api in ("proposals", "proposals.csv", "workshops"):   # not an id at all: the API says what to give
        response = client.get(f"/api/v1/{api}?consultation={number}")
        assert response.status_code == 400 and "consultation" in response.get_json()["error"]


@pytest.mark.parametrize("query", ["page=-1", "page=abc", "page=%C2%B2", f"page={HUGE}", "page=99999999",
                                   f"axis={HUGE}", "axis=%D9%A1", f"workshop={HUGE}", "status=zzz",
                                   "consultation_id=abc", "lang=xx", "endpoint=x", "_anchor=x"])
def test_list_pages_ignore_query_values_they_cannot_use(ctx, client, query):
    consultation = make_consultation()
    assert client.get(f"/consultations/{consultation.id}?{query}").status_code == 200
    assert client.get(f"/consultations/{consultation.id}/proposals?{query}").status_code == 200
    api = client.get(f"/api/v1/proposals?consultation={consultation.id}&{query}")
    assert api.status_code == 200 and api.get_json()["total"] == 0


def test_links_that_keep_the_query_string_never_take_url_options_from_it(ctx, client):
    consultation = make_consultation()
    html = client.get(f"/consultations/{consultation.id}/proposals?_external=1&_scheme=javascript&q=x"
                      ).get_data(as_text=True)
    assert "javascript:" not in html
    assert f'href="/consultations/{consultation.id}/proposals?q=x&amp;lang=fr"' in html


def test_form_ids_out_of_range_are_refused_without_changes(ctx, client):
    from consult.scoring.models import WorkingGroup
    consultation = make_consultation(open_phase="scoring")
    group = WorkingGroup(consultation_id=consultation.id, name="Groupe 1")
    db.session.add(group)
    db.session.commit()
    login(client, make_user("coordinator"))
    for number in (HUGE, OVER_INT32, "-1", "abc"):
        assert client.post(f"/scoring/groups/{group.id}/members", data={"user_id": number}).status_code == 400
        assert client.post(f"/scoring/groups/{group.id}/themes", data={"theme_id": number}).status_code == 400
    db.session.expire_all()
    assert db.session.get(WorkingGroup, group.id).members == []


def test_a_value_the_database_refuses_rolls_back_and_answers_400(app, ctx):
    from consult.accounts.models import User
    with app.test_request_context("/accounts/users/new?lang=en", method="POST"):
        db.session.add(User(name="half saved", email="half@example.org", role="citizen", active=True))
        response = app.make_response(app.handle_user_exception(DataError("INSERT ...", {}, Exception("integer out of range"))))
        assert response.status_code == 400
        assert "Nothing was saved" in response.get_data(as_text=True)
        assert not db.session.new
    assert _count(User) == 0


@pytest.mark.parametrize("args", [
    ["clustering", "run", "--consultation", HUGE],
    ["clustering", "run", "--consultation", "424242"],
    ["scoring", "export", "--consultation", "abc"],
    ["scoring", "export", "--consultation", "424242"],
    ["shortlist", "export", "--workshop", OVER_INT32, "--format", "csv", "--output", "out.csv"],
])
def test_commands_refuse_bad_ids_with_exit_code_2_and_no_traceback(app, ctx, args):
    result = CliRunner().invoke(app.cli, args)
    assert result.exit_code == 2, result.output
    assert "--consultation" in result.output or "--workshop" in result.output
    assert "Traceback" not in result.output


def test_no_email_phone_or_account_name_in_public_pages_api_or_exports(ctx, client):
    consultation = make_consultation()
    author = make_user("citizen", email="salma.private@example.tn")
    author.name = "Salma +216 98 765 432"
    db.session.commit()
    login(client, author)
    assert client.post(f"/consultations/{consultation.id}/propose", data=proposal_form(consultation)).status_code == 302
    client.post("/accounts/logout")
    assert client.post(f"/consultations/{consultation.id}/propose", data=proposal_form(
        consultation, email="author.secret@example.tn")).status_code == 302
    from consult.proposals.models import Proposal
    refs = db.session.scalars(select(Proposal.ref)).all()
    assert len(refs) == 2

    public = [f"/consultations/{consultation.id}", f"/consultations/{consultation.id}/proposals",
              f"/api/v1/proposals?consultation={consultation.id}", f"/api/v1/proposals.csv?consultation={consultation.id}",
              "/api/v1/consultations", f"/api/v1/workshops?consultation={consultation.id}",
              f"/consultations/{consultation.id}/shortlist.json", f"/consultations/{consultation.id}/shortlist.csv",
              *[f"/p/{ref}" for ref in refs]]
    for url in public:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.get_data(as_text=True)
        for secret in ("salma.private", "author.secret", "98 765 432", "Salma"):
            assert secret not in text, (url, secret)
    records = client.get(f"/api/v1/proposals?consultation={consultation.id}").get_json()["proposals"]
    assert not any(key in json.dumps(records) for key in ("author_email", "author_id", "entered_by"))
