"""curation: themes named in three languages; grouping runs previewed, applied and undone

Revision ID: 0011_curation
Revises: 0009_sessions
"""
import json

from alembic import op
import sqlalchemy as sa


revision = '0011_curation'
down_revision = "0010_jobs"
branch_labels = None
depends_on = None

_ARABIC = "\u0600-\u06ff"


def _language(text: str) -> str:
    """ar when the name has Arabic letters, else fr (the names given so far were one text)."""
    import re
    return "ar" if re.search(f"[{_ARABIC}]", text) else "fr"


def upgrade():
    with op.batch_alter_table('themes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('names', sa.JSON(), nullable=True))
    themes = sa.table('themes', sa.column('id', sa.Integer), sa.column('name', sa.String),
                      sa.column('names', sa.JSON))
    bind = op.get_bind()
    for theme_id, name in bind.execute(sa.select(themes.c.id, themes.c.name)).all():
        names = {_language(name): name} if name else {}
        bind.execute(themes.update().where(themes.c.id == theme_id).values(names=names))
    with op.batch_alter_table('themes', schema=None) as batch_op:
        batch_op.alter_column('names', existing_type=sa.JSON(), nullable=False)
        batch_op.drop_column('name')

    with op.batch_alter_table('clustering_runs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('plan', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('changes', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('snapshot', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('applied_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('undone_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('clustering_runs', schema=None) as batch_op:
        batch_op.drop_column('undone_at')
        batch_op.drop_column('applied_at')
        batch_op.drop_column('snapshot')
        batch_op.drop_column('changes')
        batch_op.drop_column('plan')
    with op.batch_alter_table('themes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name', sa.String(length=200), nullable=True))
    themes = sa.table('themes', sa.column('id', sa.Integer), sa.column('name', sa.String),
                      sa.column('names', sa.JSON))
    bind = op.get_bind()
    for theme_id, names in bind.execute(sa.select(themes.c.id, themes.c.names)).all():
        names = json.loads(names) if isinstance(names, str) else (names or {})
        name = next((names[lang] for lang in ("ar", "fr", "en") if names.get(lang)), None)
        bind.execute(themes.update().where(themes.c.id == theme_id).values(name=name))
    with op.batch_alter_table('themes', schema=None) as batch_op:
        batch_op.drop_column('names')
