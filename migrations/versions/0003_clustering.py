"""clustering: runs, stored proposal vectors, duplicate links; themes get centroid and run

Revision ID: 0003
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa


revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "clustering_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("progress", sa.Float(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("k", sa.Integer(), nullable=True),
        sa.Column("granularity", sa.Float(), nullable=False),
        sa.Column("algorithm_version", sa.String(length=40), nullable=False),
        sa.Column("code_version", sa.String(length=40), nullable=True),
        sa.Column("vector_version", sa.String(length=80), nullable=False),
        sa.Column("n_proposals", sa.Integer(), nullable=False),
        sa.Column("n_embedded", sa.Integer(), nullable=False),
        sa.Column("n_themes", sa.Integer(), nullable=False),
        sa.Column("n_locked", sa.Integer(), nullable=False),
        sa.Column("n_grouped", sa.Integer(), nullable=False),
        sa.Column("n_duplicates", sa.Integer(), nullable=False),
        sa.Column("duration_seconds", sa.Float(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("projection", sa.JSON(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["consultation_id"], ["consultations.id"],
                                name=op.f("fk_clustering_runs_consultation_id_consultations")),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"],
                                name=op.f("fk_clustering_runs_created_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clustering_runs")),
    )
    op.create_index(op.f("ix_clustering_runs_consultation_id"), "clustering_runs", ["consultation_id"])

    op.create_table(
        "proposal_vectors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.String(length=80), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.Column("x", sa.Float(), nullable=True),
        sa.Column("y", sa.Float(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["proposal_id"], ["proposals.id"],
                                name=op.f("fk_proposal_vectors_proposal_id_proposals")),
        sa.ForeignKeyConstraint(["consultation_id"], ["consultations.id"],
                                name=op.f("fk_proposal_vectors_consultation_id_consultations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposal_vectors")),
        sa.UniqueConstraint("proposal_id", name=op.f("uq_proposal_vectors_proposal_id")),
    )
    op.create_index(op.f("ix_proposal_vectors_consultation_id"), "proposal_vectors", ["consultation_id"])

    op.create_table(
        "duplicate_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("original_id", sa.Integer(), nullable=False),
        sa.Column("duplicate_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["consultation_id"], ["consultations.id"],
                                name=op.f("fk_duplicate_links_consultation_id_consultations")),
        sa.ForeignKeyConstraint(["original_id"], ["proposals.id"],
                                name=op.f("fk_duplicate_links_original_id_proposals")),
        sa.ForeignKeyConstraint(["duplicate_id"], ["proposals.id"],
                                name=op.f("fk_duplicate_links_duplicate_id_proposals")),
        sa.ForeignKeyConstraint(["run_id"], ["clustering_runs.id"],
                                name=op.f("fk_duplicate_links_run_id_clustering_runs")),
        sa.ForeignKeyConstraint(["decided_by_id"], ["users.id"],
                                name=op.f("fk_duplicate_links_decided_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duplicate_links")),
        sa.UniqueConstraint("original_id", "duplicate_id", name=op.f("uq_duplicate_links_original_id")),
    )
    op.create_index(op.f("ix_duplicate_links_consultation_id"), "duplicate_links", ["consultation_id"])
    op.create_index(op.f("ix_duplicate_links_original_id"), "duplicate_links", ["original_id"])
    op.create_index(op.f("ix_duplicate_links_duplicate_id"), "duplicate_links", ["duplicate_id"])
    op.create_index(op.f("ix_duplicate_links_status"), "duplicate_links", ["status"])

    with op.batch_alter_table("themes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("run_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("centroid", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("join_threshold", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("summary", sa.JSON(), nullable=False, server_default="{}"))
        batch_op.add_column(sa.Column("updated_at", sa.DateTime(), nullable=False,
                                      server_default=sa.func.current_timestamp()))
        batch_op.create_index(batch_op.f("ix_themes_run_id"), ["run_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_themes_run_id_clustering_runs"), "clustering_runs",
                                    ["run_id"], ["id"])


def downgrade():
    with op.batch_alter_table("themes", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_themes_run_id_clustering_runs"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_themes_run_id"))
        for column in ("updated_at", "summary", "join_threshold", "centroid", "run_id"):
            batch_op.drop_column(column)
    op.drop_table("duplicate_links")
    op.drop_table("proposal_vectors")
    op.drop_table("clustering_runs")
