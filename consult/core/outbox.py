"""The e-mail outbox: a message is written in the transaction of the change it tells about, and
sent after that transaction commits — never if it rolls back, never twice.

    from consult.core import outbox
    outbox.queue(address, subject, text, about=proposal.ref)   # flushes; the caller commits

After the commit the outbox is delivered by the worker (RQ, when REDIS_URL is set) or, without
Redis, right after the commit in the same process. Each message is claimed (pending -> sending)
by one conditional UPDATE that is committed before the SMTP call, so two deliverers never send the
same message. A failed attempt puts it back to pending with a later `next_attempt_at` (BACKOFF);
after the last one it is failed. The retries are picked up by `jobs.tick` (the worker every 15 s,
or the next request). A message left "sending" by a process that died mid-call may or may not have
gone out: after SENDING_TIMEOUT it is marked failed, not sent again.
"""
from __future__ import annotations

import logging
from datetime import timedelta

from flask import g
from sqlalchemy import select, update

from consult.core import mail, transactions
from consult.core.extensions import db
from consult.core.models import OutboxMessage, utcnow

log = logging.getLogger(__name__)

BACKOFF = (60, 300, 1800, 7200)     # seconds before attempts 2, 3, 4, 5; then the message is failed
SENDING_TIMEOUT = timedelta(minutes=10)
BATCH = 200


def queue(address: str, subject: str, text: str, about: str = "") -> OutboxMessage:
    """Write a message to send once the current transaction commits."""
    message = OutboxMessage(address=address, subject=subject[:300], text=text, about=about[:120],
                            next_attempt_at=utcnow())
    db.session.add(message)
    db.session.flush()
    if _deliver_after_commit not in g.get("_after_commit", []):
        transactions.after_commit(_deliver_after_commit)
    return message


def _deliver_after_commit() -> None:
    from consult.core import jobs
    jobs.dispatch("consult.core.outbox.deliver_due", inline=True)


def due_query(now=None):
    return select(OutboxMessage.id).where(OutboxMessage.status == "pending",
                                          OutboxMessage.next_attempt_at <= (now or utcnow()))


def deliver_due() -> int:
    """Send every message that is due; returns how many went. Safe to run anywhere, any number of times."""
    now = utcnow()
    stuck = db.session.execute(update(OutboxMessage).where(
        OutboxMessage.status == "sending", OutboxMessage.next_attempt_at < now - SENDING_TIMEOUT).values(
        status="failed", last_error="interrupted while sending: not sent again, so as never to send twice"))
    if stuck.rowcount:
        log.warning("%d messages were interrupted while sending; marked failed", stuck.rowcount)
    transactions.commit()
    ids = db.session.scalars(due_query(now).order_by(OutboxMessage.id).limit(BATCH)).all()
    transactions.rollback()
    return sum(deliver(message_id) for message_id in ids)


def deliver(message_id: int) -> bool:
    """Claim one pending message and send it; True if it went."""
    now = utcnow()
    claimed = db.session.execute(update(OutboxMessage).where(
        OutboxMessage.id == message_id, OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now)
        .values(status="sending", attempts=OutboxMessage.attempts + 1, next_attempt_at=now)).rowcount
    transactions.commit()
    if not claimed:
        return False
    message = db.session.get(OutboxMessage, message_id)
    db.session.refresh(message)
    try:
        mail.send(message.address, message.subject, message.text)
    except mail.ERRORS as error:
        message.last_error = type(error).__name__
        if message.attempts > len(BACKOFF):
            message.status = "failed"
        else:
            message.status = "pending"
            message.next_attempt_at = utcnow() + timedelta(seconds=BACKOFF[message.attempts - 1])
        log.warning("could not send the message about %s (attempt %d): %s", message.about or message.id,
                    message.attempts, type(error).__name__)
        transactions.commit()
        return False
    message.status, message.sent_at, message.last_error = "sent", utcnow(), None
    transactions.commit()
    return True
