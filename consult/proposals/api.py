"""Open data: a consultation's public proposals as JSON and CSV (public fields only)."""
from __future__ import annotations

from flask import Response, abort, jsonify
from sqlalchemy.orm import joinedload

from consult.consultations.models import Consultation
from consult.core.api import api, consultation_arg
from consult.core.extensions import db
from consult.core.inputs import page_arg, url_with_args
from consult.core.spreadsheets import csv_dict_bytes
from consult.proposals import services, support
from consult.proposals.models import Proposal
from consult.proposals.views import filters_from_request

API_PAGE_SIZE = 100


def _public_search(consultation_id: int):
    """The search, with what a public record names (axis, workshop, merged into) loaded by the
    same query, not one query per proposal."""
    return services.search(filters_from_request(consultation_id)).options(
        joinedload(Proposal.axis), joinedload(Proposal.workshop), joinedload(Proposal.merged_into))


def _consultation():
    """The consultation asked for (404 if there is none), or the JSON 400 saying how to ask."""
    consultation_id, error = consultation_arg()
    if error:
        return None, error
    return db.session.get(Consultation, consultation_id) or abort(404), None


@api.get("/proposals", endpoint="proposals")
def proposals_json():
    consultation, error = _consultation()
    if error:
        return error
    pagination = db.paginate(_public_search(consultation.id), page=page_arg(),
                             per_page=API_PAGE_SIZE, error_out=False)
    counts = support.counts(p.id for p in pagination.items)

    def page_url(number):
        return url_with_args(page=number, _external=True)
    return jsonify({
        "consultation": consultation.id, "page": pagination.page, "per_page": API_PAGE_SIZE,
        "total": pagination.total, "pages": pagination.pages,
        "next": page_url(pagination.next_num) if pagination.has_next else None,
        "previous": page_url(pagination.prev_num) if pagination.has_prev else None,
        "proposals": [services.public_record(p, counts.get(p.id, 0)) for p in pagination.items],
    })


@api.get("/proposals.csv", endpoint="proposals_csv")
def proposals_csv():
    consultation, error = _consultation()
    if error:
        return error
    counts = support.consultation_counts(consultation.id)   # one query for the whole file
    records = (services.public_record(proposal, counts.get(proposal.id, 0))
               for proposal in db.session.scalars(
                   _public_search(consultation.id).execution_options(yield_per=1000)))
    return Response(csv_dict_bytes(services.PUBLIC_FIELDS, records), content_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="proposals-{consultation.id}.csv"'})
