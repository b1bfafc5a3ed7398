"""pages: what the public pages need at 100,000 proposals — a random key per stored vector (the
map draws the lowest ones: an even sample from the index alone), the proposals' version per
consultation (cached pages are keyed on it), their counts by channel and language, and on
PostgreSQL a trigram index for the search of words

Revision ID: 0015_pages
Revises: 0014_scale
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015_pages'
down_revision = "0014_scale"
branch_labels = None
depends_on = None


def upgrade():
    postgresql = op.get_bind().dialect.name == "postgresql"
    with op.batch_alter_table('proposal_vectors', schema=None) as batch_op:
        batch_op.add_column(sa.Column('map_key', sa.Float(), nullable=True))
    op.execute("UPDATE proposal_vectors SET map_key = random()" if postgresql else
               "UPDATE proposal_vectors SET map_key = (abs(random()) % 1000000000) / 1000000000.0")
    with op.batch_alter_table('proposal_vectors', schema=None) as batch_op:
        batch_op.alter_column('map_key', existing_type=sa.Float(), nullable=False)
        batch_op.create_index('ix_proposal_vectors_map_sample',
                              ['consultation_id', 'map_key', 'proposal_id', 'x', 'y'], unique=False)
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.create_index('ix_proposals_changed', ['consultation_id', 'updated_at'], unique=False)
        batch_op.create_index('ix_proposals_figures', ['consultation_id', 'status', 'channel', 'language'],
                              unique=False)
    if postgresql:   # pg_trgm is a trusted extension: the database's owner may create it
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute("CREATE INDEX ix_proposals_search_trgm ON proposals USING gin (search_text gin_trgm_ops)")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_proposals_search_trgm")
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_index('ix_proposals_figures')
        batch_op.drop_index('ix_proposals_changed')
    with op.batch_alter_table('proposal_vectors', schema=None) as batch_op:
        batch_op.drop_index('ix_proposal_vectors_map_sample')
        batch_op.drop_column('map_key')
