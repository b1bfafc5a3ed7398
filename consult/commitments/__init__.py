"""The commitments feature: the action plan, its commitments, their follow-up and public dashboard."""


def init_app(app) -> None:
    from consult.commitments import figures, labels, notify, plans
    from consult.core.features import register
    register(app, __name__)
    notify.connect()
    app.jinja_env.globals.update(
        commitment_of_proposal=plans.commitment_of_proposal, plan_of_consultation=plans.plan_of,
        completion_labels=labels.completion_labels(),
        # The progress figures, from their one computation (figures.py): "57%" or "Not measured".
        progress_text=figures.progress_text, plan_progress=figures.plan_progress,
        commitment_value_labels=labels.value_labels(), relevance_labels=labels.relevance_labels(),
        plan_status_labels=labels.plan_status_labels(), commitment_field_labels=labels.field_labels())
