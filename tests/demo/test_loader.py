"""The demo data: what someone who runs `make run` finds, and that loading it twice changes nothing."""
from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import text

from consult.accounts import services as accounts
from consult.accounts.models import User
from consult.clustering.models import Theme
from consult.consultations.services import current_phase
from consult.core.extensions import db
from consult.demo.loader import EMAIL_DOMAIN, load_demo, read_data
from consult.proposals.models import Proposal
from consult.workshops.models import Workshop

pytestmark = pytest.mark.slow   # loads the whole demo


def _counts() -> dict[str, int]:
    with db.engine.connect() as connection:
        return {table.name: connection.scalar(text(f"SELECT COUNT(*) FROM {table.name}"))
                for table in db.metadata.sorted_tables}


def test_demo_shows_the_process_with_its_workshops_accounts_and_proposals(ctx, client):
    # One load, several facts: loading the demo is the slow part of this suite.
    result = load_demo()
    db.session.commit()

    # A consultation open for proposals, in the three languages and mixed.
    proposals = db.session.scalars(db.select(Proposal)).all()
    assert len(proposals) >= 150
    languages = Counter(p.language for p in proposals)
    assert all(languages[code] >= 10 for code in ("ar", "fr", "en", "mixed")), languages
    collection = current_phase(result.consultation)
    assert collection.kind == "collection"
    assert client.get(f"/consultations/{result.consultation.id}/propose").status_code == 200
    # ... spread over the collection so far.
    assert all(collection.starts_on <= p.created_at.date() <= collection.ends_on for p in proposals)
    assert len({p.created_at.date() for p in proposals}) > 20
    assert len({p.ref for p in proposals}) == len(proposals)

    # The three regional workshops with their municipalities, and what facilitators entered there.
    regional = db.session.scalars(db.select(Workshop).filter_by(kind="regional")).all()
    assert sorted(w.governorate for w in regional) == ["gafsa", "kairouan", "kef"]
    for workshop in regional:
        assert len(workshop.municipalities) == 4
        assert all(m["ar"] and m["fr"] for m in workshop.municipalities)
        assert [u.role for u in workshop.facilitators] == ["facilitator"]
    facilitator = next(a.user for a in result.accounts if a.user.role == "facilitator")
    from_workshops = [p for p in proposals if p.workshop_id is not None]
    assert from_workshops and all(p.channel == "workshop" for p in from_workshops)
    assert all(p.entered_by_id == facilitator.id for p in from_workshops)
    online = [p for p in proposals if p.channel == "online"]
    assert online and all(p.entered_by_id is None for p in online)

    # One account per role, and the working group's members with their affiliations.
    roles = Counter(a.user.role for a in result.accounts)
    members = read_data("scoring.json")["members"]
    assert roles == {"coordinator": 1, "facilitator": 1, "member": len(members), "citizen": 1}
    loaded_members = [a.user for a in result.accounts if a.user.role == "member"]
    assert sorted(u.affiliation for u in loaded_members) == sorted(m["affiliation"] for m in members)
    assert {u.name for u in loaded_members} == {m["name"] for m in members}
    assert all(a.user.email.endswith("@" + EMAIL_DOMAIN) for a in result.accounts)

    # Generated passwords that work, of which only the hashes are stored.
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

    # The whole process at once: eight themes scored by the working group and locked by people,
    # every other proposal grouped by the clustering around them.
    themes = db.session.scalars(db.select(Theme)).all()
    assert sum(theme.locked for theme in themes) == 8 and len(themes) > 8
    assert all(p.theme_id is not None for p in proposals)
    assert {p.status for p in proposals} == {"grouped", "under_scoring"}

    # The demo's private theme slugs never reach the open data.
    listing = client.get(f"/api/v1/proposals?consultation={result.consultation.id}").get_data(as_text=True)
    assert not [theme for theme in result.themes if f'"{theme}"' in listing]

    # Loading again changes nothing and knows each proposal's theme still.
    before = _counts()
    second = load_demo()
    db.session.commit()
    assert result.changed and not second.changed
    assert _counts() == before
    assert all(account.password is None for account in second.accounts)
    assert second.themes == result.themes


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
