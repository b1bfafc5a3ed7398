"""The shortlist feature: the coordinator's reasoned decisions on the ranked themes, the outcome
each author reads, and the shortlist exports (XLSX, CSV, PDF, JSON)."""


def init_app(app) -> None:
    from consult.clustering.signals import themes_in_use
    from consult.core.features import register
    from consult.shortlist import workshop_shortlist
    from consult.workshops.signals import workshop_page, workshops_page
    register(app, __name__)
    themes_in_use.connect(decided_theme_ids)
    workshop_page.connect(workshop_shortlist.workshop_page_context)      # a workshop's shortlist
    workshops_page.connect(workshop_shortlist.workshops_page_context)    # the national view


def decided_theme_ids(consultation_id, **extra) -> set[int]:
    """A theme the coordinator decided on is kept by grouping runs (the clustering asks)."""
    from sqlalchemy import select

    from consult.clustering.models import Theme
    from consult.core.extensions import db
    from consult.shortlist.models import ThemeDecision
    return set(db.session.scalars(select(ThemeDecision.theme_id).join(Theme, Theme.id == ThemeDecision.theme_id)
                                  .filter(Theme.consultation_id == consultation_id)))
