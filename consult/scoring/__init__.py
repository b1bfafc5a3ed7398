"""The scoring feature."""


def init_app(app) -> None:
    from consult.core.features import register
    from consult.scoring import api  # noqa: F401  (adds its routes to the /api/v1 blueprint)
    register(app, __name__)
