"""Translated labels of the codes this feature stores."""
from flask_babel import lazy_gettext as _l


def decision_labels():
    return {"retained": _l("Retained"), "not_retained": _l("Not retained")}


def state_labels():
    return {"confirmed": _l("Retained (confirmed)"), "pending": _l("Pending"), "not_retained": _l("Not retained")}
