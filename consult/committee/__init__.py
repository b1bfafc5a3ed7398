"""The committee feature: the joint committee (OGP's multistakeholder forum) of a consultation,
its members and charter, its meetings, attendance, minutes, decisions and action items."""


def init_app(app) -> None:
    from consult.committee import labels, links
    from consult.core.features import register
    register(app, __name__)
    app.jinja_env.globals.update(
        committee_of_consultation=links.committee_of_consultation, meeting_of_update=links.meeting_of_update,
        side_labels=labels.side_labels(), mode_labels=labels.mode_labels(),
        attendance_labels=labels.attendance_labels())
