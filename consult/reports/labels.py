"""Translated labels of the codes this feature stores."""
from flask_babel import lazy_gettext as _l


def section_labels() -> dict:
    return {"introduction": _l("Introduction"), "context": _l("Context"),
            "cocreation": _l("The co-creation process"), "conclusion": _l("Conclusion and next steps")}
