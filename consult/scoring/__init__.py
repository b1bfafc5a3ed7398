"""The scoring feature."""


def init_app(app) -> None:
    from consult.clustering.signals import in_working_group, themes_closed, themes_in_use
    from consult.core.features import register
    from consult.scoring.in_use import closed_group_theme_ids, member_of_a_group, scored_theme_ids

    register(app, __name__)
    themes_in_use.connect(scored_theme_ids)
    themes_closed.connect(closed_group_theme_ids)
    in_working_group.connect(member_of_a_group)
