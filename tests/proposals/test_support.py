"""“Add my voice”: one voice per person per proposal, guarded like submissions, counted in public,
never who; supporters who left an e-mail are told the outcome, once it is saved."""
from __future__ import annotations

import csv
import io
import uuid

import pytest

from consult.core.config import load_config
from consult.core.extensions import db, limiter
from consult.core import mail
from consult.proposals.models import Support
from tests.factories import login, make_consultation, make_proposal, make_user

PHONE = "Mozilla/5.0 (Linux; Android 14) Chrome/131.0 Mobile"
LAPTOP = "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0"
SECRET_ADDRESS = "supporter.secret@example.tn"


def visitor(app, address="196.203.10.7", agent=PHONE):
    """A browser of its own (its own cookies), on a given connection."""
    client = app.test_client()
    client.environ_base.update({"REMOTE_ADDR": address, "HTTP_USER_AGENT": agent})
    return client


def voice(client, proposal, token=None, **data):
    return client.post(f"/p/{proposal.ref}/support?lang=en",
                       data={"support_token": token or uuid.uuid4().hex, **data})


def supports() -> int:
    db.session.expire_all()
    return db.session.scalar(db.select(db.func.count(Support.id)))


def test_a_voice_is_counted_once_per_browser_and_shown_on_the_page_and_in_the_list(app, ctx):
    consultation = make_consultation()
    proposal = make_proposal(consultation)
    browser = visitor(app)
    page = browser.get(f"/p/{proposal.ref}?lang=en").get_data(as_text=True)
    assert 'id="voice-form"' in page and "0 people support this proposal." in page

    first = voice(browser, proposal)
    assert first.status_code == 302 and first.headers["Location"].endswith(f"/p/{proposal.ref}#voice")
    assert "consult_voice=" in first.headers.get("Set-Cookie", "")
    page = browser.get(f"/p/{proposal.ref}?lang=en").get_data(as_text=True)
    assert "1 person supports this proposal." in page and "Your voice is counted." in page

    again = voice(browser, proposal)                # another form, the same browser
    assert again.status_code == 302
    assert "already counted" in browser.get(f"/p/{proposal.ref}?lang=en").get_data(as_text=True)
    assert supports() == 1
    listing = browser.get(f"/consultations/{consultation.id}/proposals?lang=en").get_data(as_text=True)
    assert "1 supporter" in listing


def test_a_double_click_counts_once_and_a_cleared_cookie_on_the_same_connection_is_refused(app, ctx):
    consultation = make_consultation()
    proposal = make_proposal(consultation)
    token = uuid.uuid4().hex
    assert voice(visitor(app), proposal, token).status_code == 302
    assert voice(visitor(app), proposal, token).status_code == 302      # the same click sent twice
    assert supports() == 1

    private_window = voice(visitor(app), proposal)        # no cookie, same address and browser
    assert private_window.status_code == 409
    assert "sign in to add yours" in private_window.get_data(as_text=True)
    assert supports() == 1

    # Someone else on the same connection (another browser), and someone elsewhere, are counted.
    assert voice(visitor(app, agent=LAPTOP), proposal).status_code == 302
    assert voice(visitor(app, address="41.226.3.9"), proposal).status_code == 302
    assert supports() == 3
    # What is stored reveals neither the address nor the browser.
    stored = " ".join(f"{s.voter_key} {s.fingerprint}" for s in db.session.scalars(db.select(Support)))
    assert "196.203" not in stored and "Android" not in stored


def test_a_signed_in_person_has_one_voice_whatever_the_browser(app, ctx):
    consultation = make_consultation()
    proposal = make_proposal(consultation)
    assert voice(visitor(app), proposal).status_code == 302             # someone anonymous here
    citizen = make_user("citizen")
    first = visitor(app)                                                # same connection and browser
    login(first, citizen)
    assert voice(first, proposal).status_code == 302                    # the account tells them apart
    second = visitor(app, address="41.226.3.9", agent=LAPTOP)
    login(second, citizen)
    assert voice(second, proposal).status_code == 302
    assert "already counted" in second.get(f"/p/{proposal.ref}?lang=en").get_data(as_text=True)
    assert supports() == 2


def test_the_author_cannot_support_their_own_proposal_nor_anyone_a_decided_or_hidden_one(app, ctx):
    consultation = make_consultation()
    author = make_user("citizen")
    own = make_proposal(consultation)
    own.author_id = author.id
    db.session.commit()
    browser = visitor(app)
    login(browser, author)
    refused = voice(browser, own)
    assert refused.status_code == 409 and "your own proposal" in refused.get_data(as_text=True)

    decided = make_proposal(consultation, title="Open the budget")
    decided.status = "not_retained"
    hidden = make_proposal(consultation, title="Spam")
    hidden.status = "hidden"
    db.session.commit()
    for proposal in (decided, hidden):
        assert voice(visitor(app), proposal).status_code == 403
    assert 'id="voice-form"' not in visitor(app).get(f"/p/{decided.ref}?lang=en").get_data(as_text=True)
    assert supports() == 0


def test_voices_are_taken_until_scoring_ends(app, ctx):
    consultation = make_consultation("draft")
    proposal = make_proposal(consultation)
    assert voice(visitor(app), proposal).status_code == 403
    assert supports() == 0


def test_the_honeypot_a_missing_token_and_a_bad_email_add_nothing(app, ctx):
    consultation = make_consultation()
    proposal = make_proposal(consultation)
    browser = visitor(app)
    assert voice(browser, proposal, website="http://spam.example").status_code == 400
    assert browser.post(f"/p/{proposal.ref}/support", data={}).status_code == 400
    bad = voice(browser, proposal, email="not-an-address")
    assert bad.status_code == 400 and 'id="voice-form"' in bad.get_data(as_text=True)
    assert supports() == 0


def test_voices_are_rate_limited_per_address(app, ctx):
    consultation = make_consultation()
    proposals = [make_proposal(consultation, title=f"Proposition {n}") for n in range(4)]
    app.config["SUPPORT_RATE_LIMIT"] = "3 per minute"
    limiter.enabled = True
    limiter.reset()
    try:
        browser = visitor(app)
        statuses = [voice(browser, proposal).status_code for proposal in proposals]
        assert statuses == [302, 302, 302, 429]
        answer = browser.post(f"/p/{proposals[3].ref}/support", headers={"Accept": "application/json"},
                              data={"support_token": uuid.uuid4().hex})
        assert answer.status_code == 429 and answer.is_json      # the one-click box reads JSON
        assert supports() == 3
    finally:
        app.config["SUPPORT_RATE_LIMIT"] = load_config()["SUPPORT_RATE_LIMIT"]
        limiter.reset()
        limiter.enabled = False


def test_one_click_answers_json_with_the_new_count(app, ctx):
    consultation = make_consultation()
    proposal = make_proposal(consultation)
    answer = visitor(app).post(f"/p/{proposal.ref}/support?lang=fr", headers={"Accept": "application/json"},
                               data={"support_token": uuid.uuid4().hex, "website": ""})
    assert answer.status_code == 200
    data = answer.get_json()
    assert data["supports"] == 1 and data["created"] is True and data["email"] is False
    assert "Merci" in data["message"]
    assert "consult_voice=" in answer.headers.get("Set-Cookie", "")


def test_who_supports_is_never_public_only_how_many(app, ctx):
    consultation = make_consultation()
    proposal = make_proposal(consultation)
    browser = visitor(app)
    assert voice(browser, proposal, email=SECRET_ADDRESS).status_code == 302
    assert voice(visitor(app, agent=LAPTOP), proposal).status_code == 302

    api = browser.get(f"/api/v1/proposals?consultation={consultation.id}").get_json()
    assert api["proposals"][0]["supports"] == 2
    rows = list(csv.DictReader(io.StringIO(
        browser.get(f"/api/v1/proposals.csv?consultation={consultation.id}").get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0]["supports"] == "2"
    everywhere = [browser.get(url).get_data(as_text=True) for url in (
        f"/p/{proposal.ref}", f"/p/{proposal.ref}?lang=fr", f"/consultations/{consultation.id}/proposals",
        f"/api/v1/proposals?consultation={consultation.id}", f"/api/v1/proposals.csv?consultation={consultation.id}",
        f"/consultations/{consultation.id}/shortlist.json", f"/consultations/{consultation.id}/shortlist.csv")]
    for text in everywhere:
        assert SECRET_ADDRESS not in text and "supporter.secret" not in text
    # Even the person who left it does not see it echoed back.
    assert SECRET_ADDRESS not in browser.get(f"/p/{proposal.ref}?lang=en").get_data(as_text=True)


def test_an_email_can_be_left_after_the_voice_and_the_outcome_reaches_supporters_after_commit(
        app, ctx, monkeypatch):
    sent = []
    monkeypatch.setattr(mail, "send", lambda address, subject, text: sent.append((address, subject, text)))
    consultation = make_consultation()
    proposal = make_proposal(consultation, author_email="author@example.tn")
    arabic = visitor(app)
    arabic.post(f"/p/{proposal.ref}/support?lang=ar", data={"support_token": uuid.uuid4().hex})
    # The same person comes back and leaves an e-mail: still one voice, the address is kept on it.
    arabic.post(f"/p/{proposal.ref}/support?lang=ar",
                data={"support_token": uuid.uuid4().hex, "email": "Sami@Example.tn"})
    french = visitor(app, agent=LAPTOP)
    french.post(f"/p/{proposal.ref}/support?lang=fr",
                data={"support_token": uuid.uuid4().hex, "email": "claire@example.tn"})
    visitor(app, address="41.226.3.9").post(f"/p/{proposal.ref}/support",   # no address: not told
                                             data={"support_token": uuid.uuid4().hex})
    assert supports() == 3

    coordinator = app.test_client()
    login(coordinator, make_user("coordinator"))
    refused = coordinator.post(f"/p/{proposal.ref}/status", data={"status": "not_retained", "response": ""})
    assert refused.status_code == 400 and sent == []       # rolled back: nobody is told anything
    done = coordinator.post(f"/p/{proposal.ref}/status",
                            data={"status": "not_retained", "response": "Relève de la commune."})
    assert done.status_code == 302
    by_address = {address: (subject, text) for address, subject, text in sent}
    assert set(by_address) == {"author@example.tn", "sami@example.tn", "claire@example.tn"}
    assert "مقترح" in by_address["sami@example.tn"][0]                   # in the language they used
    assert "proposition" in by_address["claire@example.tn"][0].lower()
    assert "Relève de la commune." in by_address["claire@example.tn"][1]
    assert "claire@example.tn" not in by_address["sami@example.tn"][1]


@pytest.mark.parametrize("status", ["grouped", "under_scoring"])
def test_a_proposal_waiting_for_its_outcome_still_takes_voices(app, ctx, status):
    consultation = make_consultation("scoring")
    proposal = make_proposal(consultation)
    proposal.status = status
    db.session.commit()
    assert voice(visitor(app), proposal).status_code == 302


def test_the_similar_box_offers_one_click_only_where_voices_are_taken(app, ctx, client):
    consultation = make_consultation()
    open_one = make_proposal(consultation, "Publier le budget de la commune", problem="Le budget est caché.",
                             reform="Publier le budget chaque trimestre.")
    decided = make_proposal(consultation, "Budget participatif des communes", problem="Pas de budget ouvert.",
                            reform="Un budget participatif.")
    decided.status = "not_retained"
    db.session.commit()
    voice(visitor(app), open_one)
    results = {r["ref"]: r for r in client.get(f"/consultations/{consultation.id}/similar",
                                               query_string={"text": "ouvrir le budget municipal", "lang": "en"}).get_json()["results"]}
    assert results[open_one.ref]["support_url"] == f"/p/{open_one.ref}/support"
    assert results[open_one.ref]["supports"] == 1 and results[open_one.ref]["supports_label"] == "1 supporter"
    assert "support_url" not in results[decided.ref] and results[decided.ref]["supports"] == 0


def test_the_working_groups_see_how_many_support_a_themes_proposals(app, ctx):
    from tests.factories import make_theme
    from tests.scoring.helpers import joint_group, person
    consultation = make_consultation("scoring")
    first, second = make_proposal(consultation, "Budgets ouverts"), make_proposal(consultation, "Budgets en ligne")
    theme = make_theme(consultation, "Budgets", first, second)
    member = person("Amina")
    group = joint_group(consultation, [member, person("Bechir", affiliation="administration")], [theme])
    for agent in (PHONE, LAPTOP):
        voice(visitor(app, agent=agent), first)
    voice(visitor(app, address="41.226.3.9"), second)
    reader = app.test_client()
    login(reader, member)
    page = reader.get(f"/scoring/groups/{group.id}/themes/{theme.id}?lang=en").get_data(as_text=True)
    assert "3 people support them" in page and "2 supporters" in page
    assert "3 supporters" in reader.get(f"/scoring/groups/{group.id}?lang=en").get_data(as_text=True)
    assert "3 people support them" in reader.get(f"/themes/{theme.id}?lang=en").get_data(as_text=True)
