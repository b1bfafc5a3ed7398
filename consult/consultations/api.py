"""Open data: every consultation, as JSON and CSV (public fields only)."""
from __future__ import annotations

from flask import Response, current_app, jsonify, url_for

from consult.consultations import services
from consult.consultations.models import PHASE_KINDS
from consult.core.api import api
from consult.core.languages import LANGUAGES
from consult.core.spreadsheets import csv_bytes


def public_consultation(consultation) -> dict:
    return {
        "id": consultation.id, "title": consultation.title, "description": consultation.description,
        "scope": consultation.scope, "governorate": consultation.governorate,
        "municipality": consultation.municipality,
        "axes": [{"code": a.code, "name": a.name} for a in consultation.axes],
        "phases": [{"kind": p.kind, "starts_on": p.starts_on.isoformat(), "ends_on": p.ends_on.isoformat()}
                   for p in consultation.phases],
    }


def _proposals_link(consultation) -> str | None:
    # The proposals feature adds that listing to the API; consultations do not depend on it.
    if "api.proposals" not in current_app.view_functions:
        return None
    return url_for("api.proposals", consultation=consultation.id, _external=True)


@api.get("/consultations", endpoint="consultations")
def consultations_json():
    return jsonify({"consultations": [dict(public_consultation(c), proposals=_proposals_link(c))
                                      for c in services.list_consultations()]})


CSV_HEADER = (["id", *(f"title_{code}" for code in LANGUAGES), *(f"description_{code}" for code in LANGUAGES),
               "scope", "governorate", "municipality", "axes", "current_phase"]
              + [f"{kind}_{end}" for kind in PHASE_KINDS for end in ("starts_on", "ends_on")])


def _csv_row(consultation) -> list:
    record = public_consultation(consultation)
    phases = {p["kind"]: p for p in record["phases"]}
    phase = services.current_phase(consultation)
    return ([record["id"], *((record["title"] or {}).get(code, "") for code in LANGUAGES),
             *((record["description"] or {}).get(code, "") for code in LANGUAGES),
             record["scope"], record["governorate"] or "", record["municipality"] or "",
             " ".join(axis["code"] for axis in record["axes"]), phase.kind if phase else ""]
            + [phases.get(kind, {}).get(end, "") for kind in PHASE_KINDS for end in ("starts_on", "ends_on")])


@api.get("/consultations.csv", endpoint="consultations_csv")
def consultations_csv():
    content = csv_bytes(CSV_HEADER, (_csv_row(c) for c in services.list_consultations()))
    return Response(content, content_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": 'attachment; filename="consultations.csv"'})
