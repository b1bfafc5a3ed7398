"""Translated labels of the codes this feature stores."""
from flask_babel import lazy_gettext as _l


def proposer_labels():
    return {"citizen": _l("Citizen"), "association": _l("Association"),
            "administration": _l("Administration"), "university": _l("University"),
            "private": _l("Private sector")}


def channel_labels():
    return {"online": _l("Online"), "workshop": _l("Workshop"), "email": _l("E-mail"),
            "letter": _l("Letter"), "social": _l("Social media")}


def status_labels():
    return {"received": _l("Received"), "grouped": _l("Grouped"), "under_scoring": _l("Under scoring"),
            "retained": _l("Retained"), "merged": _l("Merged into another proposal"),
            "not_retained": _l("Not retained"), "hidden": _l("Hidden by moderators")}


def language_labels():
    return {"ar": _l("Arabic"), "fr": _l("French"), "en": _l("English"), "mixed": _l("Mixed")}
