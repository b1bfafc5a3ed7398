"""Open data: a consultation's public proposals as JSON and CSV (public fields only)."""
from __future__ import annotations

import os

from flask import Response, abort, jsonify, request, send_file, stream_with_context
from sqlalchemy.orm import joinedload

from consult.consultations.models import Consultation
from consult.core.api import api, consultation_arg
from consult.core.extensions import db
from consult.core.inputs import page_arg, url_with_args
from consult.proposals import open_data, open_data_file, search, services, support
from consult.proposals.models import Proposal
from consult.proposals.views import filters_from_request

API_PAGE_SIZE = 100


# What a public record names (axis, workshop, merged into), loaded with the proposals by the
# same query, not one query per proposal.
PUBLIC_LOADS = (joinedload(Proposal.axis), joinedload(Proposal.workshop), joinedload(Proposal.merged_into))


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
    pagination = search.paginate(filters_from_request(consultation.id), page_arg(), API_PAGE_SIZE,
                                 options=PUBLIC_LOADS)
    counts = support.counts(p.id for p in pagination.items)

    def page_url(number):
        return url_with_args(page=number, _external=True)
    return jsonify({
        "consultation": consultation.id, "page": pagination.page, "per_page": API_PAGE_SIZE,
        # With words the count may stop (total_exact false): more than `total` proposals match.
        "total": pagination.total, "total_exact": not pagination.capped, "pages": pagination.pages,
        "next": page_url(pagination.next_num) if pagination.has_next else None,
        "previous": page_url(pagination.prev_num) if pagination.has_prev else None,
        "proposals": [services.public_record(p, counts.get(p.id, 0)) for p in pagination.items],
    })


@api.get("/proposals.csv", endpoint="proposals_csv")
def proposals_csv():
    consultation, error = _consultation()
    if error:
        return error
    filters = filters_from_request(consultation.id)
    headers = {"Content-Disposition": f'attachment; filename="proposals-{consultation.id}.csv"'}
    if filters == search.ProposalFilters(consultation_id=consultation.id):
        # The whole file: built once per version of the data, then sent from disk (ETag: a
        # browser that has this version is told so without the file).
        shared = open_data_file.whole_file(consultation.id)
        if shared is not None:
            handle, version = shared
            stat = os.fstat(handle.fileno())
            response = send_file(handle, mimetype="text/csv", etag=version, conditional=False,
                                 last_modified=stat.st_mtime)
            response.headers.update(headers)
            response.content_length = stat.st_size
            return response.make_conditional(request, accept_ranges=True, complete_length=stat.st_size)
    else:
        copied = open_data_file.copied(consultation.id, filters)   # lines of the whole file, when built
        if copied is not None:
            length, pieces = copied
            return Response(pieces, content_type="text/csv; charset=utf-8",
                            headers={**headers, "Content-Length": str(length)})
    # Read from the database as it is sent.
    return Response(stream_with_context(open_data.csv_pieces(filters)),
                    content_type="text/csv; charset=utf-8", headers=headers)
