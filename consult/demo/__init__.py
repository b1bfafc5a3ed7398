"""Demo data: a national consultation in its collection phase, its workshops, proposals and accounts."""


def init_app(app) -> None:
    from consult.core.features import register
    register(app, __name__)
