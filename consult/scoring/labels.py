"""Translated labels of the codes this feature stores."""
from flask_babel import lazy_gettext as _l


def ogp_value_labels():
    return {"transparency": _l("Transparency"), "accountability": _l("Accountability"),
            "participation": _l("Participation"), "technology": _l("Technology and innovation")}


def sheet_status_labels():
    return {"todo": _l("Not started"), "draft": _l("Draft"), "submitted": _l("Submitted"),
            "conflict": _l("Conflict of interest")}


def reading_labels():
    return {"reliable": _l("Reliable: members read this criterion the same way."),
            "tentative": _l("Tentative: conclusions drawn from this criterion are provisional."),
            "discuss": _l("Members read this criterion differently: discuss it together."),
            "concentrated": _l("Most scores are the same level: alpha means little here; read the exact agreement."),
            "close": _l("Members differ, but rarely by more than one level: no real disagreement."),
            "undefined": _l("Not computable yet (too few scores, or no variation).")}
