"""The open-data CSV at 100,000 proposals (issue 13): the same bytes as before — header, BOM,
escaping, public fields only — whether the file is written from the database, sent from the copy
kept on disk, or a filter's lines are copied from it; and never a stale copy: what changed since
shows in the next download."""
from __future__ import annotations

import threading
import uuid
from datetime import date

import pytest
from sqlalchemy import event, update
from sqlalchemy.orm import joinedload

from consult.core.extensions import db
from consult.core.spreadsheets import csv_dict_bytes
from consult.proposals import open_data_file, search, services, support
from consult.proposals.models import Proposal, Support
from tests.factories import make_consultation, make_proposal, make_workshop

SECRET = "secret.author@example.tn"


def reference_csv(consultation_id: int, **filters) -> bytes:
    """The CSV as the API wrote it before issue 13: ORM objects, `public_record`, `csv_dict_bytes`."""
    db.session.expire_all()
    counts = support.consultation_counts(consultation_id)
    found = search.matching(search.ProposalFilters(consultation_id=consultation_id, **filters)).options(
        joinedload(Proposal.axis), joinedload(Proposal.workshop), joinedload(Proposal.merged_into))
    return csv_dict_bytes(services.PUBLIC_FIELDS, (services.public_record(p, counts.get(p.id, 0))
                                                   for p in db.session.scalars(found)))


def download(client, consultation, **args) -> bytes:
    response = client.get("/api/v1/proposals.csv", query_string={"consultation": consultation.id, **args})
    assert response.status_code == 200 and response.content_type == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == f'attachment; filename="proposals-{consultation.id}.csv"'
    return response.get_data()


def add_voices(proposal, number: int) -> None:
    db.session.add_all(Support(proposal_id=proposal.id, voter_key=uuid.uuid4().hex, email=SECRET)
                       for _n in range(number))
    db.session.commit()


@pytest.fixture
def varied(ctx):
    """Proposals of every kind a file holds: Arabic and French, quotes, commas, line breaks, text
    that a spreadsheet would run as a formula, workshops, both axes, merged, hidden, decided,
    supported — and an author's e-mail that must never leave."""
    consultation = make_consultation()
    sfax = make_workshop(consultation, "sfax", date(2026, 3, 2))
    tunis = make_workshop(consultation, "tunis", date(2026, 3, 9))
    made = [
        make_proposal(consultation, '=HYPERLINK("http://evil.example","click")', author_email=SECRET),
        make_proposal(consultation, "+216 numéro vert", workshop=sfax, problem='Il dit "assez", puis, rien.'),
        make_proposal(consultation, "-1 % de budget", workshop=tunis, problem="Ligne un\nLigne deux\r\nfin"),
        make_proposal(consultation, "@SUM(A1:A9)", governorate="sfax", axis_id=consultation.axes[1].id,
                      problem="\tcommence par une tabulation", reform="\rretour chariot"),
        make_proposal(consultation, "نشر ميزانيات البلديات كبيانات مفتوحة", governorate="sfax",
                      problem="لا تنشر أغلب البلديات ميزانياتها.", reform="نشر الميزانيات كل ثلاثة أشهر."),
        make_proposal(consultation, "Publier les budgets communaux", governorate="tunis",
                      problem="Les budgets ne sont pas publiés.", reform="Publier les budgets en ligne."),
        make_proposal(consultation, "Spam publicitaire", governorate="sfax"),
    ]
    services.change_status(made[2], "merged", "Same request.", merged_into=made[1])
    services.change_status(made[5], "retained", "Retenue.")
    services.hide(made[6], "Spam", None)
    db.session.commit()
    add_voices(made[1], 3)
    add_voices(made[4], 1)
    return consultation, made


FILTERS = [{"region": "sfax"}, {"region": "sfax", "language": "fr"}, {"language": "ar"},
           {"status": "retained"}, {"channel": "workshop"}, {"q": "budgets"}, {"region": "kef", "language": "en"}]


@pytest.mark.parametrize("whole_first", [False, True], ids=["from-the-database", "copied-from-the-whole-file"])
def test_every_download_has_the_bytes_the_api_wrote_before(varied, client, whole_first):
    consultation, made = varied
    if whole_first:
        download(client, consultation)
    for filters in FILTERS:    # read from the database, or copied from the whole file downloaded first
        args = {"governorate" if k == "region" else k: v for k, v in filters.items()}
        expected = reference_csv(consultation.id, **{"query" if k == "q" else k: v for k, v in args.items()})
        assert download(client, consultation, **filters) == expected, filters
    whole = download(client, consultation)
    assert whole == reference_csv(consultation.id) == download(client, consultation)
    assert whole.startswith(b"\xef\xbb\xbfref,consultation_id,title,problem,")
    assert b"'=HYPERLINK" in whole and b",=HYPERLINK" not in whole and b'"=HYPERLINK' not in whole
    assert b"'+216" in whole and b"'@SUM" in whole and b"'-1 %" in whole
    assert SECRET.encode() not in whole and made[6].ref.encode() not in whole   # hidden: not public


def test_a_change_shows_in_the_next_download(varied, client):
    consultation, made = varied
    download(client, consultation)
    download(client, consultation, region="sfax")

    added = make_proposal(consultation, "Une nouvelle proposition", governorate="sfax")
    assert added.ref.encode() in download(client, consultation)
    assert download(client, consultation, region="sfax") == reference_csv(consultation.id, governorate="sfax")

    services.hide(made[4], "Hors sujet", None)
    db.session.commit()
    assert made[4].ref.encode() not in download(client, consultation)
    assert made[4].ref.encode() not in download(client, consultation, region="sfax")

    voter = client.post(f"/p/{made[0].ref}/support", data={"support_token": uuid.uuid4().hex})
    assert voter.status_code == 302   # the voice is counted, back to the proposal
    assert download(client, consultation) == reference_csv(consultation.id)
    assert download(client, consultation, language="fr") == reference_csv(consultation.id, language="fr")

    made[5].title = "Publier les budgets communaux chaque trimestre"
    consultation.axes[0].code = "gouvernance"
    db.session.commit()
    assert download(client, consultation) == reference_csv(consultation.id)
    assert b"gouvernance" in download(client, consultation, language="fr")


def test_a_grouping_run_marking_proposals_grouped_shows_in_the_next_download(varied, client):
    consultation, made = varied
    download(client, consultation)
    # As clustering.regrouping marks the proposals it grouped: one UPDATE by primary key for many.
    db.session.execute(update(Proposal), [{"id": made[0].id, "status": "grouped"},
                                          {"id": made[3].id, "status": "grouped"}])
    db.session.commit()
    assert download(client, consultation) == reference_csv(consultation.id)
    assert download(client, consultation).count(b",grouped,") == 2


def test_a_browser_that_has_the_current_file_is_told_so(varied, client):
    consultation, made = varied
    first = client.get("/api/v1/proposals.csv", query_string={"consultation": consultation.id})
    assert first.status_code == 200 and first.headers["ETag"]
    again = client.get("/api/v1/proposals.csv", query_string={"consultation": consultation.id},
                       headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b""
    make_proposal(consultation, "Encore une proposition")
    changed = client.get("/api/v1/proposals.csv", query_string={"consultation": consultation.id},
                         headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200 and changed.get_data() == reference_csv(consultation.id)


def _text_reads():
    statements = []

    def note(_conn, _cursor, statement, *_args):
        if "proposals.title" in statement:
            statements.append(statement)
    event.listen(db.engine, "before_cursor_execute", note)
    return statements, lambda: event.remove(db.engine, "before_cursor_execute", note)


def test_a_repeated_or_filtered_download_does_not_read_the_proposals_text_again(varied, client):
    consultation, made = varied
    download(client, consultation)
    statements, stop = _text_reads()
    try:
        download(client, consultation)
        download(client, consultation, region="sfax", language="fr")
        download(client, consultation, q="budgets")
    finally:
        stop()
    assert statements == []


def test_a_new_version_writes_again_only_the_lines_that_changed(varied, client):
    consultation, made = varied
    download(client, consultation)
    made[3].title = "@SUM(A1:A9) corrigée"
    db.session.commit()
    add_voices(made[5], 2)
    statements, stop = _text_reads()
    try:
        whole = download(client, consultation)
    finally:
        stop()
    assert whole == reference_csv(consultation.id)
    assert statements and all(" IN (" in statement for statement in statements)
    assert download(client, consultation, region="sfax") == reference_csv(consultation.id, governorate="sfax")


def test_two_first_downloads_at_once_both_get_the_whole_file(app, varied, monkeypatch):
    consultation, made = varied
    url, expected = f"/api/v1/proposals.csv?consultation={consultation.id}", reference_csv(consultation.id)
    builds, real_builder = [], open_data_file._builder

    def slow_builder(consultation_id):
        build = real_builder(consultation_id)

        def slow(folder):
            builds.append(folder)
            threading.Event().wait(0.3)      # the other request arrives while this one writes
            build(folder)
        return slow
    monkeypatch.setattr(open_data_file, "_builder", slow_builder)
    start, got = threading.Barrier(2), []

    def fetch():
        with app.test_client() as browser:
            start.wait()
            got.append(browser.get(url).get_data())
    threads = [threading.Thread(target=fetch) for _n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert got == [expected, expected]
    assert len(builds) == 1
