"""Record changes in the audit trail (flushes with the caller's transaction)."""
from __future__ import annotations

from consult.core.extensions import db
from consult.core.models import AuditEntry


def record(entity: str, entity_id: int, action: str, actor=None, **details) -> AuditEntry:
    entry = AuditEntry(entity=entity, entity_id=entity_id, action=action,
                       actor_id=getattr(actor, "id", None), details=details)
    db.session.add(entry)
    return entry


def history(entity: str, entity_id: int) -> list[AuditEntry]:
    return db.session.scalars(
        db.select(AuditEntry).filter_by(entity=entity, entity_id=entity_id).order_by(AuditEntry.id)
    ).all()
