"""The proposals feature."""


def init_app(app) -> None:
    from consult.consultations.signals import axis_usage
    from consult.core.features import register
    from consult.proposals.services import axis_usage as proposals_using_axis, workshop_page_context
    from consult.proposals.views import register_labels
    from consult.workshops.signals import workshop_page
    register(app, __name__)
    register_labels(app)
    axis_usage.connect(proposals_using_axis)
    workshop_page.connect(workshop_page_context)     # a workshop's page: its proposals and themes
