"""Translated labels of the codes this feature stores."""
from flask_babel import lazy_gettext as _l


def kind_labels():
    return {"regional": _l("Regional workshop"), "national": _l("National workshop")}


def participant_labels():
    return {"municipal_staff": _l("Municipal staff"), "associations": _l("Associations"),
            "citizens": _l("Citizens")}
