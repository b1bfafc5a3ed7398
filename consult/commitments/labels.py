"""Translated labels of the codes this feature stores."""
from flask_babel import lazy_gettext as _l


def completion_labels() -> dict:
    # The OGP scale, in the words the seeds use (لم يتم الشروع / محدود / هام / أنجز), and OGP's
    # "no evidence available" (لا تتوفر معطيات / pas de données disponibles).
    return {"no_evidence": _l("No evidence available"), "not_started": _l("Not started yet"), "limited": _l("Limited"), "substantial": _l("Substantial"),
            "complete": _l("Complete")}


def value_labels() -> dict:
    return {"participation": _l("Civic participation"), "transparency": _l("Transparency"),
            "accountability": _l("Public accountability"), "technology": _l("Technology and innovation")}


def relevance_labels() -> dict:
    return {"very": _l("Very relevant"), "directly": _l("Directly relevant"),
            "indirectly": _l("Indirectly relevant")}


def plan_status_labels() -> dict:
    return {"draft": _l("Draft action plan"), "final": _l("Final action plan")}


def field_labels() -> dict:
    """The card's fields, as the version history names them."""
    return {"number": _l("Number"), "title": _l("Title"), "axis": _l("Axis"), "lead_body": _l("Lead body"),
            "other_actors": _l("Other actors"), "problem": _l("The public problem"),
            "objective": _l("Main objective"), "description": _l("Description"),
            "relevance": _l("Relevance to open-government values"), "ambition": _l("Ambition"),
            "expected_results": _l("Expected results"), "start": _l("Start"), "end": _l("End"),
            "milestones": _l("Milestones"), "new": _l("New commitment")}
