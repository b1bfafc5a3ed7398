"""Supporters are told a proposal's outcome through the outbox, written in the decision's own
transaction: a process that dies right after the commit loses no message (the outbox delivers it
later), and a decision rolled back queues none."""
from __future__ import annotations

import uuid

import pytest
from flask import g
from sqlalchemy import select

from consult.core import mail, outbox, transactions
from consult.core.extensions import db
from consult.core.models import OutboxMessage
from consult.proposals import services
from consult.proposals.models import Support
from tests.factories import login, make_consultation, make_proposal, make_user

PHONE = "Mozilla/5.0 (Linux; Android 14) Chrome/131.0 Mobile"
LAPTOP = "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0"
AUTHOR, SAMI, CLAIRE = "author@example.tn", "sami@example.tn", "claire@example.tn"


@pytest.fixture
def sent(monkeypatch):
    messages = []
    monkeypatch.setattr(mail, "send", lambda address, subject, text: messages.append((address, subject, text)))
    return messages


def visitor(app, address="196.203.10.7", agent=PHONE):
    client = app.test_client()
    client.environ_base.update({"REMOTE_ADDR": address, "HTTP_USER_AGENT": agent})
    return client


def supported_proposal(app):
    """A proposal with an author's address, two supporters who left theirs (one in Arabic, one in
    French) and one who did not."""
    proposal = make_proposal(make_consultation(), author_email=AUTHOR)
    for client, lang, email in ((visitor(app), "ar", "Sami@Example.tn"),
                                (visitor(app, agent=LAPTOP), "fr", CLAIRE),
                                (visitor(app, address="41.226.3.9"), "en", "")):
        answer = client.post(f"/p/{proposal.ref}/support?lang={lang}",
                             data={"support_token": uuid.uuid4().hex, "email": email})
        assert answer.status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(db.func.count(Support.id))) == 3
    return proposal


def rows_in_database():
    """The outbox as another connection sees it: only what was committed."""
    with db.engine.connect() as connection:
        return connection.execute(select(OutboxMessage.address, OutboxMessage.status, OutboxMessage.about)
                                  .order_by(OutboxMessage.id)).all()


def test_the_supporters_messages_are_committed_with_the_decision_and_survive_a_death_after_the_commit(
        app, ctx, monkeypatch, sent):
    proposal = supported_proposal(app)
    coordinator = app.test_client()
    login(coordinator, make_user("coordinator"))

    def commit_then_die():              # the commit succeeds; the process dies before any callback
        db.session.commit()
        g.pop("_after_commit", None)

    with monkeypatch.context() as patched:
        patched.setattr(transactions, "commit", commit_then_die)
        done = coordinator.post(f"/p/{proposal.ref}/status",
                                data={"status": "not_retained", "response": "Relève de la commune."})
    assert done.status_code == 302 and sent == []
    rows = rows_in_database()
    assert sorted(address for address, _status, _about in rows) == sorted([AUTHOR, SAMI, CLAIRE])
    assert {(status, about) for _address, status, about in rows} == {("pending", proposal.ref)}

    # The outbox machinery (the worker's tick, or the next request) delivers them later, once.
    assert outbox.deliver_due() == 3
    by_address = {address: (subject, text) for address, subject, text in sent}
    assert set(by_address) == {AUTHOR, SAMI, CLAIRE}
    assert "مقترح" in by_address[SAMI][0]                                # in the language they used
    assert "proposition" in by_address[CLAIRE][0].lower()
    assert "Relève de la commune." in by_address[CLAIRE][1]
    assert "your e-mail address" not in by_address[SAMI][1]              # Arabic, not English
    assert outbox.deliver_due() == 0 and len(sent) == 3
    assert {status for _address, status, _about in rows_in_database()} == {"sent"}


def test_the_supporters_messages_are_written_in_the_decisions_transaction_and_undone_with_it(app, ctx, sent):
    proposal = supported_proposal(app)
    services.decide(proposal, "retained", "Retenue.", make_user("coordinator"))
    # Before any commit, the messages are already rows of this transaction; the only after-commit
    # action is the outbox's own delivery (no side door that would write them later).
    pending = db.session.scalars(select(OutboxMessage.address).order_by(OutboxMessage.id)).all()
    assert sorted(pending) == sorted([AUTHOR, SAMI, CLAIRE])
    assert g.get("_after_commit") == [outbox._deliver_after_commit]

    transactions.rollback()
    db.session.expire_all()
    assert db.session.scalars(select(OutboxMessage)).all() == [] and rows_in_database() == []
    assert outbox.deliver_due() == 0 and sent == []
