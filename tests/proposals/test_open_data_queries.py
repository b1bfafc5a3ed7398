"""The open-data API and CSV read a page of proposals in a fixed number of queries, whatever the
number of proposals, axes and workshops (no query per proposal)."""
from __future__ import annotations

import csv
import io
from contextlib import contextmanager
from datetime import date, timedelta

from sqlalchemy import event

from consult.core.extensions import db
from consult.proposals import services
from tests.factories import make_consultation, make_proposal, make_workshop


@contextmanager
def counted(client=None):
    """The SELECTs run inside the block. With `client`, a request is made first, so that the
    process's housekeeping (core.jobs.tick, at most every 15 s) is not counted as the page's."""
    if client is not None:
        client.get("/healthz")
    statements = []

    def count(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)
    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def _many(consultation, n=6):
    made = []
    for i in range(n):
        workshop = make_workshop(consultation, "sfax", date(2026, 3, 1) + timedelta(days=i))
        made.append(make_proposal(consultation, f"Proposition {i}", workshop=workshop,
                                  axis_id=consultation.axes[i % 2].id))
    services.change_status(made[1], "merged", "Same request.", merged_into=made[0])
    db.session.commit()
    return made


def test_the_api_page_does_not_query_once_per_proposal(ctx, client):
    consultation = make_consultation()
    made = _many(consultation)
    db.session.expire_all()
    with counted(client) as statements:
        response = client.get("/api/v1/proposals", query_string={"consultation": consultation.id})
    records = {r["ref"]: r for r in response.get_json()["proposals"]}
    # The consultation, the proposals' version, their count (kept for that version), the page, the
    # voices: the same whatever the number of proposals; asked again, the count is not recounted.
    assert len(records) == len(made) and len(statements) <= 5
    with counted(client) as again:
        client.get("/api/v1/proposals", query_string={"consultation": consultation.id})
    assert len(again) <= 4 and not any("count(*)" in statement for statement in again)
    assert records[made[1].ref]["merged_into"] == made[0].ref
    assert records[made[2].ref]["workshop"] == made[2].workshop.code
    assert records[made[3].ref]["axis"] == consultation.axes[1].code


def test_the_csv_does_not_query_once_per_proposal(ctx, client):
    consultation = make_consultation()
    made = _many(consultation)
    expected = {p.ref: services.public_record(p) for p in made}
    db.session.expire_all()
    with counted(client) as statements:
        response = client.get("/api/v1/proposals.csv", query_string={"consultation": consultation.id})
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    # The consultation, the version of its data (3: the whole file is kept on disk for that
    # version; read again once its lock is held, 3 more), the axis and workshop codes its lines
    # are written with, the rows: the same whatever the number of proposals.
    assert len(rows) == len(made) and len(statements) <= 9
    for row in rows:
        wanted = expected[row["ref"]]
        assert row["workshop"] == wanted["workshop"] and row["axis"] == wanted["axis"]
        assert row["merged_into"] == (wanted["merged_into"] or "")
