"""Shared models: the audit trail that records who changed what, and when; background jobs and
the e-mail outbox."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, column
from sqlalchemy.orm import Mapped, mapped_column

from consult.core.extensions import db

JOB_STATUSES = ("queued", "running", "done", "failed")
# "foreground": work a command does itself, recorded as a running job (`jobs.running_here`).
JOB_BACKENDS = ("rq", "thread", "foreground")
OUTBOX_STATUSES = ("pending", "sending", "sent", "failed")


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def one_of(name: str, values: tuple[str, ...]) -> CheckConstraint:
    """The database refuses any other value in column `name` than `values` (a NULL passes: a
    nullable column stays nullable). Named ck_<table>_<column> by the naming convention."""
    return CheckConstraint(column(name).in_(values), name=name)


class AuditEntry(db.Model):
    """One recorded change: by whom, when, on what, and the values before and after."""
    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    entity: Mapped[str] = mapped_column(String(40), index=True)
    entity_id: Mapped[int] = mapped_column(index=True)
    action: Mapped[str] = mapped_column(String(40))
    details: Mapped[dict] = mapped_column(JSON, default=dict)


class Job(db.Model):
    """One piece of background work (`core.jobs`): the function to call, its arguments, who holds
    it and when it last said it was alive. `key` names what it works on (one job per key)."""
    __tablename__ = "jobs"
    __table_args__ = (one_of("status", JOB_STATUSES), one_of("backend", JOB_BACKENDS))

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    function: Mapped[str] = mapped_column(String(200))        # dotted name, e.g. "consult.x.jobs.run"
    args: Mapped[list] = mapped_column(JSON, default=list)
    on_failure: Mapped[str | None] = mapped_column(String(200))  # dotted name, called with (*args, message)
    status: Mapped[str] = mapped_column(String(20), default="queued", index=True)  # JOB_STATUSES
    backend: Mapped[str] = mapped_column(String(20), default="thread")   # JOB_BACKENDS
    attempts: Mapped[int] = mapped_column(default=0)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    queued_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column()
    heartbeat_at: Mapped[datetime | None] = mapped_column()
    finished_at: Mapped[datetime | None] = mapped_column()


class OutboxMessage(db.Model):
    """An e-mail written in the transaction of the change it tells about, sent after the commit
    (`core.outbox`): pending -> sending -> sent, or back to pending with a later attempt, or failed."""
    __tablename__ = "outbox"
    __table_args__ = (one_of("status", OUTBOX_STATUSES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    about: Mapped[str] = mapped_column(String(120), default="")   # names it in logs (never the address)
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    last_error: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column()
