"""scale: indexes for the pages at 100,000 proposals (the proposal list, API and CSV read a
consultation's proposals newest first and count them; the themes page counts them by theme, language, axis and region; the similar lookup asks for the highest
stored vector of a consultation)

Revision ID: 0014_scale
Revises: 0011_curation
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0014_scale'
down_revision = "0011_curation"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.create_index('ix_proposals_listing', ['consultation_id', 'created_at', 'id'], unique=False)
        batch_op.create_index('ix_proposals_consultation_status', ['consultation_id', 'status'], unique=False)
        batch_op.create_index('ix_proposals_theme_mix', ['consultation_id', 'theme_id', 'status', 'language',
                                                         'axis_id', 'governorate'], unique=False)
    with op.batch_alter_table('proposal_vectors', schema=None) as batch_op:
        batch_op.create_index('ix_proposal_vectors_consultation_row', ['consultation_id', 'id', 'proposal_id', 'x', 'y'], unique=False)


def downgrade():
    with op.batch_alter_table('proposal_vectors', schema=None) as batch_op:
        batch_op.drop_index('ix_proposal_vectors_consultation_row')
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_index('ix_proposals_theme_mix')
        batch_op.drop_index('ix_proposals_consultation_status')
        batch_op.drop_index('ix_proposals_listing')
