"""Open data: a consultation's commitments, public fields only (no e-mail, no account), JSON and CSV.

A commitment's `progress` is null when nothing measured it (not 0); the JSON's `plan` gives the
plan's overall progress as the dashboard and the report state it: the mean over the measured
commitments, with how many were measured out of how many (`figures.plan_progress`)."""
from __future__ import annotations

import json

from flask import Response, jsonify

from consult.commitments import figures, plans
from consult.commitments.rules import is_published
from consult.commitments.sources import Consultation, phase_is
from consult.core.api import api, consultation_arg
from consult.core.extensions import db
from consult.core.spreadsheets import csv_dict_bytes

CSV_FIELDS = ("id", "number", "title_ar", "title_fr", "title_en", "axis", "lead_body", "status", "progress",
              "completion", "start", "end", "milestones", "updates", "proposals")


def public_plan(consultation_id: int):
    """The consultation's action plan when the public may read it; None otherwise."""
    consultation = db.session.get(Consultation, consultation_id)
    plan = plans.plan_of(consultation) if consultation else None
    if plan is None or not (is_published(None, plan) or phase_is("draft")(None, plan)):
        return None
    return plan


def public_commitments(consultation_id: int) -> list[dict] | None:
    plan = public_plan(consultation_id)
    return None if plan is None else [record(commitment) for commitment in plan.commitments]


def record(commitment) -> dict:
    return {
        "id": commitment.id, "number": commitment.number,
        "title": {code: (commitment.title or {}).get(code, "") for code in ("ar", "fr", "en")},
        "axis": commitment.axis.code if commitment.axis else None, "lead_body": commitment.lead_body,
        "status": commitment.plan.status, "progress": figures.progress_of(commitment),
        "completion": figures.completion_of(commitment),
        "start": commitment.starts_on.isoformat() if commitment.starts_on else None,
        "end": commitment.ends_on.isoformat() if commitment.ends_on else None,
        "milestones": [{"title": m.deliverable, "due": m.due_on.isoformat() if m.due_on else None, "done": m.done}
                       for m in commitment.milestones],
        "updates": [{"date": u.reported_on.isoformat(), "progress": u.progress, "completion": u.completion,
                     "note": u.done_text} for u in commitment.updates],
        "proposals": [proposal.ref for proposal in plans.source_proposals(commitment)],
    }


def _not_found():
    return jsonify({"error": "This consultation has no public action plan.", "status": 404}), 404


@api.get("/commitments")
def api_commitments():
    consultation_id, error = consultation_arg()
    if error:
        return error
    plan = public_plan(consultation_id)
    if plan is None:
        return _not_found()
    return jsonify({"plan": figures.plan_progress(plan.commitments).public(),
                    "commitments": [record(commitment) for commitment in plan.commitments]})


@api.get("/commitments.csv")
def api_commitments_csv():
    consultation_id, error = consultation_arg()
    if error:
        return error
    items = public_commitments(consultation_id)
    if items is None:
        return _not_found()
    rows = []
    for item in items:
        row = {key: value for key, value in item.items() if key != "title"}
        row.update({f"title_{code}": text for code, text in item["title"].items()})
        for key in ("milestones", "updates"):
            row[key] = json.dumps(item[key], ensure_ascii=False)
        row["proposals"] = " ".join(item["proposals"])
        rows.append(row)
    return Response(csv_dict_bytes(CSV_FIELDS, rows), content_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="commitments-{consultation_id}.csv"'})
