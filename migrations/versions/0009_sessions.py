"""sessions: a version per account, in every session cookie; signing out and a new password raise
it, which ends every copy of the account's earlier sessions

Revision ID: 0009_sessions
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa


revision = '0009_sessions'
down_revision = "0008_voice"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='1', nullable=False))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('session_version')
