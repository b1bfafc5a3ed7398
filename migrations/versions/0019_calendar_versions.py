"""calendar versions: a consultation's calendar keeps every version it was published in (when it was
saved, by whom, the phases' dates as they were, the phases removed and why), so that "published
before the consultation opened" is judged on the version in force when it opened

Existing consultations get their versions from what is known: the audit trail's calendar changes
(each dated, with its author and the phases it set) after a first version holding the phases as
they were before the first recorded change (or, without one, the current phases), dated by the
consultation's earliest audit entry (else its creation). If the phases today differ from the last
version rebuilt that way, they changed outside the calendar form: a last version records them,
dated now (the earliest date it can be vouched for).

Revision ID: 0019_calendar_versions
Revises: 0018_status_checks
"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0019_calendar_versions"
down_revision = "0018_status_checks"
branch_labels = None
depends_on = None

KINDS = ("collection", "grouping", "scoring", "draft", "final", "followup")


def _clean(phases) -> dict:
    """{kind: [start, end]} as the calendar's audit entries hold it, anything else dropped."""
    clean = {}
    for kind, dates in (phases or {}).items() if isinstance(phases, dict) else ():
        if kind in KINDS and isinstance(dates, (list, tuple)) and len(dates) == 2 and all(
                isinstance(d, str) for d in dates):
            clean[kind] = [dates[0][:10], dates[1][:10]]
    return clean


def upgrade():
    op.create_table(
        "calendar_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("saved_at", sa.DateTime(), nullable=False),
        sa.Column("saved_by_id", sa.Integer(), nullable=True),
        sa.Column("phases", sa.JSON(), nullable=False),
        sa.Column("removed", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["consultation_id"], ["consultations.id"],
                                name=op.f("fk_calendar_versions_consultation_id_consultations")),
        sa.ForeignKeyConstraint(["saved_by_id"], ["users.id"], name=op.f("fk_calendar_versions_saved_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_versions")),
    )
    with op.batch_alter_table("calendar_versions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_calendar_versions_consultation_id"), ["consultation_id"], unique=False)

    consultations = sa.table("consultations", sa.column("id", sa.Integer), sa.column("created_at", sa.DateTime))
    phases = sa.table("phases", sa.column("consultation_id", sa.Integer), sa.column("kind", sa.String),
                      sa.column("starts_on", sa.Date), sa.column("ends_on", sa.Date))
    audit = sa.table("audit_entries", sa.column("id", sa.Integer), sa.column("at", sa.DateTime),
                     sa.column("actor_id", sa.Integer), sa.column("entity", sa.String),
                     sa.column("entity_id", sa.Integer), sa.column("action", sa.String),
                     sa.column("details", sa.JSON))
    versions = sa.table("calendar_versions", sa.column("consultation_id", sa.Integer),
                        sa.column("saved_at", sa.DateTime), sa.column("saved_by_id", sa.Integer),
                        sa.column("phases", sa.JSON), sa.column("removed", sa.JSON))
    bind = op.get_bind()
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    rows = []
    for consultation_id, created_at in bind.execute(sa.select(consultations.c.id, consultations.c.created_at)
                                                    .order_by(consultations.c.id)):
        current = {kind: [start.isoformat(), end.isoformat()] for kind, start, end in bind.execute(
            sa.select(phases.c.kind, phases.c.starts_on, phases.c.ends_on)
            .where(phases.c.consultation_id == consultation_id))}
        entries = bind.execute(sa.select(audit.c.at, audit.c.actor_id, audit.c.action, audit.c.details)
                               .where(audit.c.entity == "consultation", audit.c.entity_id == consultation_id)
                               .order_by(audit.c.id)).all()
        changes = [entry for entry in entries if entry.action == "calendar"]
        first = _clean((changes[0].details or {}).get("old")) if changes else current
        made = []
        if first:
            made.append({"saved_at": entries[0].at if entries else created_at, "saved_by_id": None,
                         "phases": first, "removed": {}})
        before = first
        for entry in changes:
            after = _clean((entry.details or {}).get("new"))
            made.append({"saved_at": entry.at, "saved_by_id": entry.actor_id, "phases": after,
                         "removed": {kind: "" for kind in before if kind not in after}})
            before = after
        if current != before and (current or made):
            made.append({"saved_at": now, "saved_by_id": None, "phases": current,
                         "removed": {kind: "" for kind in before if kind not in current}})
        rows += [dict(version, consultation_id=consultation_id) for version in made]
    if rows:
        op.bulk_insert(versions, rows)


def downgrade():
    with op.batch_alter_table("calendar_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_calendar_versions_consultation_id"))
    op.drop_table("calendar_versions")
