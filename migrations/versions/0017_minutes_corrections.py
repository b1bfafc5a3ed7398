"""minutes corrections: approved minutes stay as approved; a correction is published beside them,
dated, with its reason

Revision ID: 0017_minutes_corrections
Revises: 0016_comment_hiding
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017_minutes_corrections'
down_revision = "0016_comment_hiding"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'minutes_corrections',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('meeting_id', sa.Integer(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('submission_token', sa.String(length=64), nullable=True),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_minutes_corrections_meeting_id_meetings')),
        sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_minutes_corrections_author_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_minutes_corrections')),
        sa.UniqueConstraint('submission_token', name=op.f('uq_minutes_corrections_submission_token')),
    )
    with op.batch_alter_table('minutes_corrections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_minutes_corrections_meeting_id'), ['meeting_id'], unique=False)


def downgrade():
    with op.batch_alter_table('minutes_corrections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_minutes_corrections_meeting_id'))
    op.drop_table('minutes_corrections')
