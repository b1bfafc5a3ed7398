"""comment hiding: a coordinator hides an abusive comment on the draft plan with a public reason;
its text is kept

Revision ID: 0016_comment_hiding
Revises: 0015_pages
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016_comment_hiding'
down_revision = "0015_pages"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('commitment_comments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hidden_reason', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('hidden_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('hidden_at', sa.DateTime(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_commitment_comments_hidden_by_id_users'),
                                    'users', ['hidden_by_id'], ['id'])


def downgrade():
    with op.batch_alter_table('commitment_comments', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_commitment_comments_hidden_by_id_users'), type_='foreignkey')
        batch_op.drop_column('hidden_at')
        batch_op.drop_column('hidden_by_id')
        batch_op.drop_column('hidden_reason')
