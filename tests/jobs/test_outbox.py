"""The e-mail outbox: written with the change, sent once after the commit, retried with backoff,
never sent when the change rolls back, never sent twice."""
from __future__ import annotations

import smtplib
from datetime import timedelta

import pytest

from consult.core import mail, outbox, transactions
from consult.core.extensions import db
from consult.core.models import OutboxMessage, utcnow
from consult.proposals import services
from tests.factories import login, make_consultation, make_proposal, make_user


@pytest.fixture
def smtp(monkeypatch):
    """The mail server: records what it is given; `fail` makes the next attempts raise."""
    class Server:
        sent, tried, fail = [], 0, 0

        def send(self, address, subject, text):
            self.tried += 1
            if self.fail:
                self.fail -= 1
                raise smtplib.SMTPServerDisconnected("down")
            self.sent.append((address, subject, text))
    server = Server()
    server.sent = []
    monkeypatch.setattr(mail, "send", server.send)
    return server


def authored_proposal():
    consultation = make_consultation()
    proposal = make_proposal(consultation, author_email="author@example.tn")
    return proposal


def messages():
    db.session.expire_all()
    return db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id)).all()


def test_a_decision_is_told_once_after_the_commit(ctx, client, smtp):
    proposal = authored_proposal()
    login(client, make_user("coordinator"))
    response = client.post(f"/p/{proposal.ref}/status", data={"status": "retained", "response": "Retenue."})
    assert response.status_code == 302
    assert [address for address, _s, _t in smtp.sent] == ["author@example.tn"]
    assert proposal.ref in smtp.sent[0][1]
    [message] = messages()
    assert message.status == "sent" and message.attempts == 1 and message.sent_at is not None

    assert outbox.deliver_due() == 0 and outbox.deliver(message.id) is False   # delivered again: nothing
    assert len(smtp.sent) == 1


def test_nothing_is_sent_or_kept_when_the_change_rolls_back(ctx, smtp):
    proposal = authored_proposal()
    services.decide(proposal, "retained", "Retenue.", make_user("coordinator"))
    assert len(messages_pending := db.session.scalars(db.select(OutboxMessage)).all()) == 1, messages_pending
    transactions.rollback()
    assert messages() == [] and outbox.deliver_due() == 0 and smtp.sent == []


def test_a_failed_attempt_is_retried_later_and_sent_once(ctx, smtp):
    proposal = authored_proposal()
    smtp.fail = 1
    services.decide(proposal, "retained", "Retenue.", make_user("coordinator"))
    transactions.commit()
    [message] = messages()
    assert (message.status, message.attempts, message.last_error) == ("pending", 1, "SMTPServerDisconnected")
    assert message.next_attempt_at > utcnow() + timedelta(seconds=outbox.BACKOFF[0] - 5)
    assert outbox.deliver_due() == 0 and smtp.tried == 1        # not due yet

    message.next_attempt_at = utcnow() - timedelta(seconds=1)   # a minute later
    db.session.commit()
    assert outbox.deliver_due() == 1
    assert outbox.deliver_due() == 0
    [message] = messages()
    assert (message.status, message.attempts, len(smtp.sent)) == ("sent", 2, 1)


def test_a_message_that_keeps_failing_stops_after_the_last_attempt(ctx, smtp):
    smtp.fail = 99
    outbox.queue("someone@example.tn", "Subject", "Text", about="P-TEST")
    transactions.commit()
    for _attempt in outbox.BACKOFF:
        message = messages()[0]
        message.next_attempt_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
        outbox.deliver_due()
    [message] = messages()
    assert (message.status, message.attempts, smtp.sent) == ("failed", len(outbox.BACKOFF) + 1, [])


def test_a_message_interrupted_while_sending_is_never_sent_again(ctx, smtp):
    outbox.queue("someone@example.tn", "Subject", "Text")
    db.session.commit()                      # committed without delivering: as if the process died
    message = messages()[0]
    message.status, message.attempts = "sending", 1
    message.next_attempt_at = utcnow() - outbox.SENDING_TIMEOUT - timedelta(seconds=1)
    db.session.commit()
    assert outbox.deliver_due() == 0
    [message] = messages()
    assert message.status == "failed" and "never to send twice" in message.last_error and smtp.sent == []


def test_with_redis_the_worker_sends_it(ctx, client, smtp, rq_queue):
    proposal = authored_proposal()
    login(client, make_user("coordinator"))
    assert client.post(f"/p/{proposal.ref}/status", data={"status": "retained", "response": "Retenue."}).status_code == 302
    assert smtp.sent == [] and rq_queue.count() == 1
    rq_queue.work()
    assert len(smtp.sent) == 1 and messages()[0].status == "sent"


def test_two_deliverers_at_once_send_each_message_once(app, smtp):
    import threading
    with app.app_context():
        for i in range(20):
            outbox.queue(f"a{i}@example.tn", "Subject", "Text")
        db.session.commit()

    def deliver():
        with app.app_context():
            try:
                outbox.deliver_due()
            finally:
                db.session.remove()
    threads = [threading.Thread(target=deliver) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(address for address, _s, _t in smtp.sent) == sorted(f"a{i}@example.tn" for i in range(20))
