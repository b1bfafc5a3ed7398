"""voice: supports of proposals ("add my voice"); reasoned responses in three languages

Revision ID: 0008_voice
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa


revision = '0008_voice'
down_revision = "0007_reports"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('supports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('voter_key', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('fingerprint', sa.String(length=64), nullable=True),
    sa.Column('token', sa.String(length=64), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_supports_proposal_id_proposals')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_supports_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supports')),
    sa.UniqueConstraint('proposal_id', 'user_id', name='uq_supports_proposal_user'),
    sa.UniqueConstraint('proposal_id', 'voter_key', name='uq_supports_proposal_voter'),
    sa.UniqueConstraint('token', name=op.f('uq_supports_token'))
    )
    with op.batch_alter_table('supports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supports_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_supports_fingerprint'), ['fingerprint'], unique=False)
        batch_op.create_index(batch_op.f('ix_supports_proposal_id'), ['proposal_id'], unique=False)
    with op.batch_alter_table('proposal_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('responses', sa.JSON(), nullable=True))
    with op.batch_alter_table('theme_decisions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('responses', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('theme_decisions', schema=None) as batch_op:
        batch_op.drop_column('responses')
    with op.batch_alter_table('proposal_events', schema=None) as batch_op:
        batch_op.drop_column('responses')
    with op.batch_alter_table('supports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supports_proposal_id'))
        batch_op.drop_index(batch_op.f('ix_supports_fingerprint'))
        batch_op.drop_index(batch_op.f('ix_supports_created_at'))
    op.drop_table('supports')
