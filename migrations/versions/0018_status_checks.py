"""status checks: each status, kind, role, side, mode, channel, completion level, origin, source or
language column accepts only its known values (a named CHECK constraint per column,
ck_<table>_<column>); nullable columns stay nullable

Rows that already hold another value stop the upgrade before anything is changed, with the list
of what to correct (the values the code writes are the ones allowed: nothing is rewritten here).

Revision ID: 0018_status_checks
Revises: 0017_minutes_corrections
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018_status_checks'
down_revision = "0017_minutes_corrections"
branch_labels = None
depends_on = None

# {table: {column: allowed values}}, as the models' tuples hold them when this migration was written
# (a migration keeps its own copy: the models' tuples may change later, with a migration of their own).
CHECKS = {
    "users": {
        "role": ("coordinator", "facilitator", "member", "citizen"),
        "affiliation": ("civil_society", "administration", "other"),                # nullable
    },
    "consultations": {"scope": ("national", "municipal")},
    "phases": {"kind": ("collection", "grouping", "scoring", "draft", "final", "followup")},
    "workshops": {"kind": ("regional", "national")},
    "proposals": {
        "proposer_type": ("citizen", "association", "administration", "university", "private"),
        "channel": ("online", "workshop", "email", "letter", "social"),
        "language": ("ar", "fr", "en", "mixed"),
        "status": ("received", "grouped", "under_scoring", "retained", "merged", "not_retained", "hidden"),
    },
    "proposal_events": {
        "status": ("received", "grouped", "under_scoring", "retained", "merged", "not_retained", "hidden"),
    },
    "supports": {"language": ("ar", "fr", "en")},
    "proposal_imports": {"status": ("queued", "running", "done", "failed")},
    "clustering_runs": {
        "status": ("queued", "running", "preview", "done", "discarded", "undone", "failed"),
        "stage": ("queued", "embedding", "grouping", "describing", "duplicates", "saving", "preview", "done",
                  "failed"),
        "source": ("web", "cli", "demo"),
    },
    "duplicate_links": {"status": ("suggested", "confirmed", "dismissed")},
    "score_sheets": {"status": ("draft", "submitted", "conflict")},
    "theme_decisions": {"decision": ("retained", "not_retained")},
    "action_plans": {"status": ("draft", "final")},
    "commitments": {
        "origin": ("shortlist", "other"),
        "completion": ("not_started", "limited", "substantial", "complete"),
    },
    "progress_updates": {
        "completion": ("not_started", "limited", "substantial", "complete"),
        "source": ("web", "import", "demo", "meeting"),
    },
    "commitment_comments": {"status": ("published", "hidden")},
    "committee_members": {"side": ("government", "civil_society", "other")},
    "meetings": {
        "mode": ("in_person", "online", "hybrid"),
        "language": ("ar", "fr", "en"),
    },
    "meeting_attendance": {"status": ("present", "online", "excused", "absent")},
    "action_items": {"status": ("open", "done")},
    "jobs": {
        "status": ("queued", "running", "done", "failed"),
        "backend": ("rq", "thread", "foreground"),
    },
    "outbox": {"status": ("pending", "sending", "sent", "failed")},
}


def _name(table: str, column: str) -> str:
    return f"ck_{table}_{column}"


def refused_rows(bind) -> list[str]:
    """What the constraints would refuse in the rows already there: one line per value."""
    problems = []
    for table, columns in CHECKS.items():
        for column, allowed in columns.items():
            col = sa.column(column)
            rows = bind.execute(sa.select(col, sa.func.count()).select_from(sa.table(table, col))
                                .where(col.is_not(None), col.not_in(allowed)).group_by(col).order_by(col)).all()
            problems += [f"{table}.{column} = {value!r} in {count} row(s) (allowed: {', '.join(allowed)})"
                         for value, count in rows]
    return problems


def upgrade():
    problems = refused_rows(op.get_bind())
    if problems:   # before any change: SQLite alters tables outside a transaction
        raise RuntimeError("0018_status_checks: rows hold values the new CHECK constraints refuse. Nothing was "
                           "changed; correct these rows, then upgrade again:\n  " + "\n  ".join(problems))
    for table, columns in CHECKS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column, allowed in columns.items():
                batch_op.create_check_constraint(batch_op.f(_name(table, column)), sa.column(column).in_(allowed))


def downgrade():
    for table, columns in reversed(CHECKS.items()):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in reversed(columns):
                batch_op.drop_constraint(batch_op.f(_name(table, column)), type_="check")
