"""Translated labels of the codes this feature stores."""
from flask_babel import lazy_gettext as _l


def side_labels() -> dict:
    return {"government": _l("Government"), "civil_society": _l("Civil society"), "other": _l("Other")}


def mode_labels() -> dict:
    return {"in_person": _l("In person"), "online": _l("Online"), "hybrid": _l("Hybrid (in person and online)")}


def attendance_labels() -> dict:
    return {"present": _l("Present"), "online": _l("Online"), "excused": _l("Excused"), "absent": _l("Absent")}


def action_status_labels() -> dict:
    return {"open": _l("Open"), "done": _l("Done")}
