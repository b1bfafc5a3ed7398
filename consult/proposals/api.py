"""Open data: consultations and public proposals as JSON and CSV (public fields only)."""
from __future__ import annotations

import csv
import io

from flask import Response, jsonify, url_for

from consult.consultations import services as consultations
from consult.consultations.views import get_or_404
from consult.core.extensions import db
from consult.core.inputs import int_arg, page_arg, url_with_args
from consult.core.spreadsheets import safe_row
from consult.proposals import services
from consult.proposals.views import bp, filters_from_request

API_PAGE_SIZE = 100


def _consultation_from_args():
    consultation_id = int_arg("consultation")
    return None if consultation_id is None else get_or_404(consultation_id)


@bp.get("/api/v1/consultations")
def api_consultations():
    return jsonify({"consultations": [{
        "id": c.id, "title": c.title, "description": c.description, "scope": c.scope,
        "governorate": c.governorate, "municipality": c.municipality,
        "axes": [{"code": a.code, "name": a.name} for a in c.axes],
        "phases": [{"kind": p.kind, "starts_on": p.starts_on.isoformat(), "ends_on": p.ends_on.isoformat()}
                   for p in c.phases],
        "proposals": url_for("proposals.api_proposals", consultation=c.id, _external=True),
    } for c in consultations.list_consultations()]})


@bp.get("/api/v1/proposals")
def api_proposals():
    consultation = _consultation_from_args()
    if consultation is None:
        return jsonify({"error": "Give ?consultation=ID (see /api/v1/consultations).", "status": 400}), 400
    pagination = db.paginate(services.search(filters_from_request(consultation.id)), page=page_arg(),
                             per_page=API_PAGE_SIZE, error_out=False)
    def page_url(number):
        return url_with_args(page=number, _external=True)
    return jsonify({
        "consultation": consultation.id, "page": pagination.page, "per_page": API_PAGE_SIZE,
        "total": pagination.total, "pages": pagination.pages,
        "next": page_url(pagination.next_num) if pagination.has_next else None,
        "previous": page_url(pagination.prev_num) if pagination.has_prev else None,
        "proposals": [services.public_record(p) for p in pagination.items],
    })


@bp.get("/api/v1/proposals.csv")
def api_proposals_csv():
    consultation = _consultation_from_args()
    if consultation is None:
        return jsonify({"error": "Give ?consultation=ID (see /api/v1/consultations).", "status": 400}), 400
    buffer = io.StringIO()
    buffer.write("\ufeff")   # a byte-order mark, so that Excel reads Arabic as UTF-8
    writer = csv.DictWriter(buffer, fieldnames=services.PUBLIC_FIELDS)
    writer.writeheader()
    for proposal in db.session.scalars(services.search(filters_from_request(consultation.id))):
        writer.writerow(safe_row(services.public_record(proposal)))
    return Response(buffer.getvalue(), content_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="proposals-{consultation.id}.csv"'})
