"""The workshops feature."""


def init_app(app) -> None:
    from consult.core.features import register
    from consult.workshops.views import register_labels
    register(app, __name__)
    register_labels(app)
