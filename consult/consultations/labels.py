"""Translated labels of the codes this feature stores."""
from flask_babel import lazy_gettext as _l


def scope_labels():
    return {"national": _l("National"), "municipal": _l("Municipal")}


def phase_labels():
    return {"collection": _l("Collection of proposals"), "grouping": _l("Grouping"),
            "scoring": _l("Scoring by the working groups"), "draft": _l("Draft plan open for comments"),
            "final": _l("Final plan"), "followup": _l("Follow-up of the commitments")}
