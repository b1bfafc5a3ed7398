"""The open-data API: one blueprint under /api/v1, to which each feature adds its routes.

A feature's `api.py` does `from consult.core.api import api` and `@api.get("/things")`; the app
registers the blueprint once every feature has added its routes.
"""
from __future__ import annotations

from flask import Blueprint, jsonify, request

api = Blueprint("api", __name__, url_prefix="/api/v1")


def json_view(view):
    """Mark a view that answers JSON outside /api/ (a page's script fetches it): its errors, a
    rate limit's 429 included, are JSON too, whatever the client accepts."""
    view.json_errors = True
    return view


def answers_json() -> bool:
    """Whether this request's errors are JSON: the API, a view marked json_view, or a client that
    asks for JSON first."""
    from flask import current_app
    view = current_app.view_functions.get(request.endpoint or "")
    return (request.path.startswith("/api/") or getattr(view, "json_errors", False)
            or request.accept_mimetypes.best == "application/json")


def consultation_arg():
    """The `?consultation=ID` every listing takes, or a JSON 400 saying how to ask."""
    from consult.core.inputs import int_arg
    consultation_id = int_arg("consultation")
    if consultation_id is None:
        return None, (jsonify({"error": "Give ?consultation=ID (see /api/v1/consultations).",
                               "status": 400}), 400)
    return consultation_id, None
