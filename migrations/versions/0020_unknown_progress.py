"""unknown progress: a commitment's progress (and a progress update's) is NULL when nothing measured
it, instead of 0; the completion scale gains OGP's "no evidence available" (no_evidence)

What was not measured becomes NULL:
- a progress update that gave no percentage, on a commitment without milestones (so nothing computed
  one), only carried the commitment's progress over: its progress becomes NULL;
- a commitment still at 0 that no update measured (no update with a progress left) was never
  measured: its progress becomes NULL. A 0 that an update gave, or that milestones computed, stays.
The CHECK constraints ck_commitments_completion and ck_progress_updates_completion (0018) are
replaced by ones that also accept no_evidence.

The downgrade puts 0 back where progress is NULL and the old constraints back; it stops, before
changing anything, when a row is at no_evidence (the old scale has no such level).

Revision ID: 0020_unknown_progress
Revises: 0019_calendar_versions
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0020_unknown_progress"
down_revision = "0019_calendar_versions"
branch_labels = None
depends_on = None

# The migration's own copies of the scale (the models' tuple may change later, with its own migration).
OLD_LEVELS = ("not_started", "limited", "substantial", "complete")
NEW_LEVELS = ("no_evidence", "not_started", "limited", "substantial", "complete")
TABLES = ("commitments", "progress_updates")

commitments = sa.table("commitments", sa.column("id", sa.Integer), sa.column("progress", sa.Integer),
                       sa.column("completion", sa.String))
updates = sa.table("progress_updates", sa.column("id", sa.Integer), sa.column("commitment_id", sa.Integer),
                   sa.column("progress", sa.Integer), sa.column("progress_given", sa.Boolean),
                   sa.column("completion", sa.String))
milestones = sa.table("milestones", sa.column("id", sa.Integer), sa.column("commitment_id", sa.Integer))


def _replace_checks(levels) -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f"ck_{table}_completion"), type_="check")
            batch_op.create_check_constraint(batch_op.f(f"ck_{table}_completion"),
                                             sa.column("completion").in_(levels))


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column("progress", existing_type=sa.Integer(), nullable=True)
    _replace_checks(NEW_LEVELS)
    bind = op.get_bind()
    has_milestones = sa.exists().where(milestones.c.commitment_id == updates.c.commitment_id)
    bind.execute(updates.update().where(updates.c.progress_given.is_(False), ~has_milestones)
                 .values(progress=None))
    measured = sa.exists().where(updates.c.commitment_id == commitments.c.id, updates.c.progress.is_not(None))
    bind.execute(commitments.update().where(commitments.c.progress == 0, ~measured).values(progress=None))


def downgrade():
    bind = op.get_bind()
    problems = []
    for table in (commitments, updates):
        count = bind.execute(sa.select(sa.func.count()).select_from(table)
                             .where(table.c.completion == "no_evidence")).scalar()
        if count:
            problems.append(f"{table.name}.completion = 'no_evidence' in {count} row(s)")
    if problems:
        raise RuntimeError("0020_unknown_progress: the previous scale has no \"no evidence available\". Nothing "
                           "was changed; give these rows another level, then downgrade again:\n  "
                           + "\n  ".join(problems))
    bind.execute(updates.update().where(updates.c.progress.is_(None)).values(progress=0))
    bind.execute(commitments.update().where(commitments.c.progress.is_(None)).values(progress=0))
    _replace_checks(OLD_LEVELS)
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column("progress", existing_type=sa.Integer(), nullable=False)
