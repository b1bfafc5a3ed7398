"""Pieces shared by every feature: configuration, extensions, i18n, security, errors."""


def init_app(app) -> None:
    from consult.core.features import register
    register(app, __name__)
