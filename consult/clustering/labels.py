"""Translated labels of the codes this feature stores."""
from flask_babel import gettext as _


def stage_labels() -> dict:
    """A grouping run's status and stage, as its progress bar says them (read per request, in JSON)."""
    return {"queued": _("Waiting to start"), "embedding": _("Reading the new proposals"),
            "grouping": _("Grouping the proposals"), "describing": _("Naming the themes"),
            "duplicates": _("Looking for near-duplicates"), "saving": _("Saving the themes"),
            "preview": _("Preview: not applied yet"), "done": _("Done"), "failed": _("Failed")}
