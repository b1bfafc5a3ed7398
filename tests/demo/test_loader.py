"""The demo data: what someone who runs `make run` finds, and that loading it twice changes nothing."""
from __future__ import annotations

from collections import Counter

from sqlalchemy import text

from consult.accounts import services as accounts
from consult.accounts.models import User
from consult.consultations.services import current_phase
from consult.core.extensions import db
from consult.demo.loader import EMAIL_DOMAIN, load_demo, read_data
from consult.proposals.models import Proposal
from consult.workshops.models import Workshop


def _counts() -> dict[str, int]:
    with db.engine.connect() as connection:
        return {table.name: connection.scalar(text(f"SELECT COUNT(*) FROM {table.name}"))
                for table in db.metadata.sorted_tables}


def test_demo_is_a_consultation_open_for_proposals_in_three_languages(ctx, client):
    result = load_demo()
    db.session.commit()
    proposals = db.session.scalars(db.select(Proposal)).all()
    assert len(proposals) >= 150
    languages = Counter(p.language for p in proposals)
    assert all(languages[code] >= 10 for code in ("ar", "fr", "en", "mixed")), languages
    assert current_phase(result.consultation).kind == "collection"
    # The submission form is open, and the proposals were spread over the collection so far.
    assert client.get(f"/consultations/{result.consultation.id}/propose").status_code == 200
    collection = current_phase(result.consultation)
    assert all(collection.starts_on <= p.created_at.date() <= collection.ends_on for p in proposals)
    assert len({p.created_at.date() for p in proposals}) > 20
    assert len({p.ref for p in proposals}) == len(proposals)


def test_three_regional_workshops_with_their_municipalities_and_entered_proposals(ctx):
    result = load_demo()
    db.session.commit()
    regional = db.session.scalars(db.select(Workshop).filter_by(kind="regional")).all()
    assert sorted(w.governorate for w in regional) == ["gafsa", "kairouan", "kef"]
    for workshop in regional:
        assert len(workshop.municipalities) == 4
        assert all(m["ar"] and m["fr"] for m in workshop.municipalities)
        assert [u.role for u in workshop.facilitators] == ["facilitator"]
    facilitator = next(a.user for a in result.accounts if a.user.role == "facilitator")
    from_workshops = db.session.scalars(db.select(Proposal).filter(Proposal.workshop_id.is_not(None))).all()
    assert from_workshops and all(p.channel == "workshop" for p in from_workshops)
    assert all(p.entered_by_id == facilitator.id for p in from_workshops)
    online = db.session.scalars(db.select(Proposal).filter_by(channel="online")).all()
    assert online and all(p.entered_by_id is None for p in online)


def test_one_account_per_role_and_the_working_group_members(ctx):
    result = load_demo()
    db.session.commit()
    roles = Counter(a.user.role for a in result.accounts)
    members = read_data("scoring.json")["members"]
    assert roles == {"coordinator": 1, "facilitator": 1, "member": len(members), "citizen": 1}
    assert len(members) == 6
    loaded_members = [a.user for a in result.accounts if a.user.role == "member"]
    assert sorted(u.affiliation for u in loaded_members) == sorted(m["affiliation"] for m in members)
    assert {u.name for u in loaded_members} == {m["name"] for m in members}
    assert all(a.user.email.endswith("@" + EMAIL_DOMAIN) for a in result.accounts)


def test_loading_twice_changes_nothing(ctx):
    first = load_demo()
    db.session.commit()
    before = _counts()
    second = load_demo()
    db.session.commit()
    assert first.changed and not second.changed
    assert _counts() == before
    assert all(account.password is None for account in second.accounts)
    # The theme of each demo proposal is still known to the features that extend the demo.
    assert second.themes == first.themes
    assert sum(len(refs) for refs in second.themes.values()) == before["proposals"]


def test_passwords_are_generated_and_only_their_hashes_stored(ctx):
    result = load_demo()
    db.session.commit()
    passwords = [a.password for a in result.accounts]
    assert all(passwords) and len(set(passwords)) == len(passwords)
    for account in result.accounts:
        assert accounts.authenticate(account.user.email, account.password) == account.user
    dump = []
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            dump.extend(str(row) for row in connection.execute(table.select()))
    everything = "\n".join(dump)
    assert not [p for p in passwords if p in everything]


def test_demo_command_prints_the_accounts_once_and_resets_passwords(app, ctx, client):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    line = next(line for line in first.output.splitlines() if f"coordinator@{EMAIL_DOMAIN}" in line)
    password = line.split()[-1]
    assert accounts.authenticate(f"coordinator@{EMAIL_DOMAIN}", password)

    again = runner.invoke(args=["demo"])
    assert again.exit_code == 0 and "nothing was added" in again.output
    assert password not in again.output and "--reset-passwords" in again.output

    reset = runner.invoke(args=["demo", "--reset-passwords"])
    new_line = next(line for line in reset.output.splitlines() if f"coordinator@{EMAIL_DOMAIN}" in line)
    new_password = new_line.split()[-1]
    db.session.expire_all()
    assert new_password != password
    assert accounts.authenticate(f"coordinator@{EMAIL_DOMAIN}", new_password)
    assert not accounts.authenticate(f"coordinator@{EMAIL_DOMAIN}", password)
    response = client.post("/accounts/login", data={"email": f"coordinator@{EMAIL_DOMAIN}",
                                                    "password": new_password})
    assert response.status_code == 302
    assert db.session.scalar(db.select(db.func.count(User.id))) == 9


def test_themes_stay_private(ctx, client):
    result = load_demo()
    db.session.commit()
    listing = client.get(f"/api/v1/proposals?consultation={result.consultation.id}").get_data(as_text=True)
    assert not [theme for theme in result.themes if f'"{theme}"' in listing]
