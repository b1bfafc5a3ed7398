"""Open data: a consultation's workshops, as JSON and CSV (public fields only: no facilitator)."""
from __future__ import annotations

from flask import Response, abort, jsonify, url_for

from consult.consultations.models import Consultation
from consult.core.api import api, consultation_arg
from consult.core.extensions import db
from consult.core.languages import LANGUAGES
from consult.core.spreadsheets import csv_bytes
from consult.workshops import services
from consult.workshops.models import PARTICIPANT_TYPES


def _listed():
    """The consultation asked for and the public records of its workshops, or an error response."""
    consultation_id, error = consultation_arg()
    if error:
        return None, error
    consultation = db.session.get(Consultation, consultation_id) or abort(404)
    return consultation, [dict(services.public_workshop(w), url=url_for("workshops.detail", workshop_id=w.id,
                                                                        _external=True))
                          for w in services.list_workshops(consultation)]


@api.get("/workshops", endpoint="workshops")
def workshops_json():
    consultation, listed = _listed()
    if consultation is None:
        return listed
    return jsonify({"consultation": consultation.id, "workshops": listed})


CSV_HEADER = (["id", "code", "consultation_id", "kind", "governorate", *(f"venue_{code}" for code in LANGUAGES),
               "held_on", *(f"municipalities_{code}" for code in LANGUAGES),
               *(f"participants_{kind}" for kind in PARTICIPANT_TYPES), "url"])


def _csv_row(record: dict) -> list:
    municipalities = record["municipalities"] or []
    return [record["id"], record["code"], record["consultation_id"], record["kind"], record["governorate"],
            *((record["venue"] or {}).get(code, "") for code in LANGUAGES), record["held_on"],
            *("; ".join(m.get(code, "") for m in municipalities if m.get(code)) for code in LANGUAGES),
            *(record["participants"][kind] for kind in PARTICIPANT_TYPES), record["url"]]


@api.get("/workshops.csv", endpoint="workshops_csv")
def workshops_csv():
    consultation, listed = _listed()
    if consultation is None:
        return listed
    return Response(csv_bytes(CSV_HEADER, (_csv_row(record) for record in listed)),
                    content_type="text/csv; charset=utf-8", headers={
                        "Content-Disposition": f'attachment; filename="workshops-{consultation.id}.csv"'})
