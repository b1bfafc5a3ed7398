"""The accounts feature."""


def init_app(app) -> None:
    from consult.core.features import register
    register(app, __name__)
