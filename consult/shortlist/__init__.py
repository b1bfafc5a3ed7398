"""The shortlist feature: the coordinator's reasoned decisions on the ranked themes, the outcome
each author reads, and the shortlist exports (XLSX, CSV, PDF, JSON)."""


def init_app(app) -> None:
    from consult.core.features import register
    register(app, __name__)
