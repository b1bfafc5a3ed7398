"""Translated labels of the codes this feature stores."""
from flask_babel import lazy_gettext as _l


def role_labels():
    return {"coordinator": _l("Coordinator"), "facilitator": _l("Workshop facilitator"),
            "member": _l("Working-group member"), "citizen": _l("Citizen")}


def affiliation_labels():
    return {"civil_society": _l("Civil society"), "administration": _l("Administration"),
            "other": _l("Other")}
