"""scoring: rubric, working groups, score sheets, shortlist decisions

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa


revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "rubric_criteria",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.JSON(), nullable=False),
        sa.Column("description", sa.JSON(), nullable=False),
        sa.Column("levels", sa.JSON(), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("minimum", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(["consultation_id"], ["consultations.id"],
                                name=op.f("fk_rubric_criteria_consultation_id_consultations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rubric_criteria")),
        sa.UniqueConstraint("consultation_id", "code", name=op.f("uq_rubric_criteria_consultation_id")),
    )
    op.create_index(op.f("ix_rubric_criteria_consultation_id"), "rubric_criteria", ["consultation_id"])

    op.create_table(
        "working_groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=True),
        sa.Column("scoring_closed_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["consultation_id"], ["consultations.id"],
                                name=op.f("fk_working_groups_consultation_id_consultations")),
        sa.ForeignKeyConstraint(["workshop_id"], ["workshops.id"],
                                name=op.f("fk_working_groups_workshop_id_workshops")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_working_groups")),
    )
    op.create_index(op.f("ix_working_groups_consultation_id"), "working_groups", ["consultation_id"])

    op.create_table(
        "working_group_members",
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["working_groups.id"],
                                name=op.f("fk_working_group_members_group_id_working_groups")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_working_group_members_user_id_users")),
        sa.PrimaryKeyConstraint("group_id", "user_id", name=op.f("pk_working_group_members")),
    )
    op.create_table(
        "working_group_themes",
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["working_groups.id"],
                                name=op.f("fk_working_group_themes_group_id_working_groups")),
        sa.ForeignKeyConstraint(["theme_id"], ["themes.id"], name=op.f("fk_working_group_themes_theme_id_themes")),
        sa.PrimaryKeyConstraint("group_id", "theme_id", name=op.f("pk_working_group_themes")),
    )

    op.create_table(
        "score_sheets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("levels", sa.JSON(), nullable=False),
        sa.Column("values_served", sa.JSON(), nullable=False),
        sa.Column("justification", sa.Text(), nullable=False),
        sa.Column("conflict_reason", sa.Text(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["working_groups.id"],
                                name=op.f("fk_score_sheets_group_id_working_groups")),
        sa.ForeignKeyConstraint(["member_id"], ["users.id"], name=op.f("fk_score_sheets_member_id_users")),
        sa.ForeignKeyConstraint(["theme_id"], ["themes.id"], name=op.f("fk_score_sheets_theme_id_themes")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_score_sheets")),
        sa.UniqueConstraint("group_id", "theme_id", "member_id", name=op.f("uq_score_sheets_group_id")),
    )
    for column in ("group_id", "theme_id", "member_id"):
        op.create_index(op.f(f"ix_score_sheets_{column}"), "score_sheets", [column])

    op.create_table(
        "theme_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=False),
        sa.Column("outcomes_sent_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["consultation_id"], ["consultations.id"],
                                name=op.f("fk_theme_decisions_consultation_id_consultations")),
        sa.ForeignKeyConstraint(["decided_by_id"], ["users.id"], name=op.f("fk_theme_decisions_decided_by_id_users")),
        sa.ForeignKeyConstraint(["theme_id"], ["themes.id"], name=op.f("fk_theme_decisions_theme_id_themes")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_theme_decisions")),
        sa.UniqueConstraint("theme_id", name=op.f("uq_theme_decisions_theme_id")),
    )
    op.create_index(op.f("ix_theme_decisions_consultation_id"), "theme_decisions", ["consultation_id"])


def downgrade():
    op.drop_table("theme_decisions")
    op.drop_table("score_sheets")
    op.drop_table("working_group_themes")
    op.drop_table("working_group_members")
    op.drop_table("working_groups")
    op.drop_table("rubric_criteria")
