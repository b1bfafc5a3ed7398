"""The consultations feature."""


def init_app(app) -> None:
    from consult.consultations.views import home_redirect
    from consult.core.features import register
    from consult.core.signals import home_page
    register(app, __name__)
    home_page.connect(home_redirect)
