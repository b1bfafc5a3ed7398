"""reports: the self-assessment report's narrative (sections in three languages, publication)
and its notes per commitment

Revision ID: 0007_reports
Revises: 0006_committee
"""
from alembic import op
import sqlalchemy as sa


revision = '0007_reports'
down_revision = "0006_committee"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('self_assessments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('sections', sa.JSON(), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_self_assessments_consultation_id_consultations')),
    sa.ForeignKeyConstraint(['published_by_id'], ['users.id'], name=op.f('fk_self_assessments_published_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_self_assessments')),
    sa.UniqueConstraint('consultation_id', name=op.f('uq_self_assessments_consultation_id'))
    )
    op.create_table('self_assessment_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('commitment_id', sa.Integer(), nullable=False),
    sa.Column('results', sa.JSON(), nullable=False),
    sa.Column('recommendations', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['commitment_id'], ['commitments.id'], name=op.f('fk_self_assessment_notes_commitment_id_commitments')),
    sa.ForeignKeyConstraint(['report_id'], ['self_assessments.id'], name=op.f('fk_self_assessment_notes_report_id_self_assessments')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_self_assessment_notes')),
    sa.UniqueConstraint('report_id', 'commitment_id', name=op.f('uq_self_assessment_notes_report_id'))
    )
    with op.batch_alter_table('self_assessment_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_self_assessment_notes_commitment_id'), ['commitment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_self_assessment_notes_report_id'), ['report_id'], unique=False)



def downgrade():
    with op.batch_alter_table('self_assessment_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_self_assessment_notes_report_id'))
        batch_op.drop_index(batch_op.f('ix_self_assessment_notes_commitment_id'))

    op.drop_table('self_assessment_notes')
    op.drop_table('self_assessments')
