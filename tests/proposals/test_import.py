"""Importing a workshop's spreadsheet: a row-by-row report; a broken file changes nothing."""
import html
import io

import pytest
from openpyxl import Workbook, load_workbook

from consult.core.extensions import db
from consult.proposals.models import Proposal
from tests.factories import login, make_consultation, make_user

TITLE_FR = "Publier les budgets municipaux en données ouvertes"


def count():
    return db.session.scalar(db.select(db.func.count(Proposal.id)))


def upload(client, consultation, data: bytes, filename: str, lang="en", **fields):
    form = {"file": (io.BytesIO(data), filename), "channel": "letter", "workshop_id": "0", **fields}
    return client.post(f"/consultations/{consultation.id}/proposals/import?lang={lang}", data=form,
                       content_type="multipart/form-data")


def rows_of(page: str) -> dict[int, str]:
    """Row number -> the text of its report line."""
    import re
    return {int(number): html.unescape(re.sub(r"<[^>]+>", " ", body))
            for number, body in re.findall(r'<tr class="import-\w+">\s*<td>(\d+)</td>(.*?)</tr>', page, re.S)}


def mixed_csv() -> bytes:
    # French Excel: ";" separated, with a byte-order mark; headers in French, Arabic and codes mixed.
    lines = [
        "Titre;Problème;Réforme proposée;Axe;الولاية;municipality;Proposé par",
        f"{TITLE_FR};Les budgets sont en PDF;Publier en CSV chaque trimestre;Participation publique;Le Kef;Le Kef;Association",
        ";Pas de titre;Une réforme;local;kef;;",
        "Titre valide;Problème;Réforme;local;Atlantis;;",
        "نشر محاضر الجلسات البلدية;لا تنشر المحاضر;نشر المحاضر على الموقع;المشاركة العمومية;ولاية قفصة;قفصة;مواطن",
        "Trop long;" + "x" * 5001 + ";Réforme;local;tunis;;",
    ]
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def test_csv_with_semicolons_and_bom_imports_good_rows_and_refuses_bad_ones(ctx, client):
    consultation = make_consultation()
    facilitator = make_user("facilitator")
    login(client, facilitator)
    response = upload(client, consultation, mixed_csv(), "atelier-kef.csv")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    rows = rows_of(page)
    assert set(rows) == {2, 3, 4, 5, 6}
    imported = db.session.scalars(db.select(Proposal).order_by(Proposal.id)).all()
    assert [p.title for p in imported] == [TITLE_FR, "نشر محاضر الجلسات البلدية"]
    first, second = imported
    assert first.ref in rows[2] and f'href="/p/{first.ref}"' in page
    assert (first.axis.code, first.governorate, first.municipality, first.proposer_type) == (
        "participation", "kef", "Le Kef", "association")
    assert (second.axis.code, second.governorate, second.proposer_type, second.language) == (
        "participation", "gafsa", "citizen", "ar")
    assert all(p.channel == "letter" and p.entered_by_id == facilitator.id for p in imported)
    assert "Title is empty" in rows[3]
    assert "unknown governorate 'Atlantis'" in rows[4]
    assert "Problem is longer than 5000 characters" in rows[6]
    assert "2 proposals imported" in page and "3 rows refused" in page


def test_report_reasons_are_in_the_users_language(ctx, client):
    consultation = make_consultation()
    login(client, make_user("facilitator"))
    page = upload(client, consultation, mixed_csv(), "atelier.csv", lang="fr").get_data(as_text=True)
    assert "Titre est vide" in rows_of(page)[3]
    assert "gouvernorat inconnu « Atlantis »" in rows_of(page)[4]
    page = upload(client, consultation, mixed_csv(), "atelier.csv", lang="ar").get_data(as_text=True)
    assert "خانة «العنوان» فارغة" in rows_of(page)[3]


def test_xlsx_made_with_openpyxl_is_imported_with_arabic_headers(ctx, client):
    consultation = make_consultation()
    login(client, make_user("coordinator"))
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["العنوان", "الإشكالية", "الإصلاح المقترح", "المحور", "الولاية", "صاحب المقترح"])
    sheet.append(["الإدارة المفتوحة في البلديات", "غياب الشفافية", "نشر القرارات البلدية", "local", "Sfax", "Citoyen"])
    sheet.append([None, None, None, None, None, None])      # a blank line in the middle is ignored
    sheet.append(["Open budgets", "Budgets are PDFs", "Publish CSV", "Gouvernance locale", "Tataouine", "University"])
    sheet.append(["Sans axe connu", "Problème", "Réforme", "axe-inconnu", "tunis", None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(client, consultation, buffer.getvalue(), "atelier.xlsx")
    assert response.status_code == 200
    rows = rows_of(response.get_data(as_text=True))
    titles = {p.title: p for p in db.session.scalars(db.select(Proposal))}
    assert set(titles) == {"الإدارة المفتوحة في البلديات", "Open budgets"}
    assert titles["Open budgets"].ref in rows[4] and titles["Open budgets"].proposer_type == "university"
    assert titles["الإدارة المفتوحة في البلديات"].governorate == "sfax"
    assert "unknown axis 'axe-inconnu'" in rows[5]


def test_reimporting_the_same_file_skips_what_is_already_there(ctx, client):
    consultation = make_consultation()
    login(client, make_user("facilitator"))
    upload(client, consultation, mixed_csv(), "atelier.csv")
    assert count() == 2
    again = upload(client, consultation, mixed_csv(), "atelier.csv")
    assert again.status_code == 200
    rows = rows_of(again.get_data(as_text=True))
    assert count() == 2
    assert "already in this consultation" in rows[2] and "already in this consultation" in rows[5]
    assert "0 proposals imported" in again.get_data(as_text=True)


def test_the_same_row_twice_in_one_file_is_imported_once(ctx, client):
    consultation = make_consultation()
    login(client, make_user("facilitator"))
    data = "title,problem,reform\nA,B,C\nA,B,C\nA,B,D\n".encode()
    rows = rows_of(upload(client, consultation, data, "p.csv").get_data(as_text=True))
    assert count() == 2
    assert "same as row 2 of this file" in rows[3]


def test_a_row_with_more_cells_than_columns_is_refused(ctx, client):
    # An unquoted comma splits a text: importing the pieces would lose part of it silently.
    consultation = make_consultation()
    login(client, make_user("facilitator"))
    data = "title,problem,reform\nA,B,C\nTitle,Problem, with a comma,Reform\n".encode()
    rows = rows_of(upload(client, consultation, data, "p.csv").get_data(as_text=True))
    assert count() == 1 and "column without a name" in rows[3]


@pytest.mark.parametrize("data, filename, message", [
    (b"\x00\x01garbage\xff" * 50, "atelier.xlsx", "damaged or is not an Excel workbook"),
    (b"PK\x03\x04 not really a zip", "atelier.xlsx", "damaged or is not an Excel workbook"),
    (b"", "atelier.csv", "The file is empty."),
    ("\ufefftitle;problem;reform\r\n".encode(), "header-only.csv", "a header row but no proposals"),
    ("titre,remarques,couleur\nA,B,C\n".encode(), "unknown.csv", 'Unknown columns: "remarques", "couleur"'),
    ("A,B,C\nD,E,F\n".encode(), "no-header.csv", "The first row must name the columns"),
    ("title,problem\nA,B\n".encode(), "missing.csv", "Missing columns: reform"),
    ("title;problem;reform\nSociété;Problème;Réforme\n".encode("cp1252"), "latin1.csv", "not encoded in UTF-8"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old.xls", "old Excel (.xls)"),
])
def test_a_broken_file_changes_nothing_and_says_why(ctx, client, data, filename, message):
    consultation = make_consultation()
    login(client, make_user("facilitator"))
    response = upload(client, consultation, data, filename)
    assert response.status_code == 400
    page = html.unescape(response.get_data(as_text=True))
    assert "Nothing was imported." in page and message in page
    assert count() == 0


def test_a_file_with_too_many_rows_is_refused_whole(ctx, client):
    consultation = make_consultation()
    login(client, make_user("facilitator"))
    data = "title,problem,reform\n" + "".join(f"T{i},P,R\n" for i in range(5001))
    response = upload(client, consultation, data.encode(), "big.csv")
    assert response.status_code == 400
    assert "more than 5000 proposals" in response.get_data(as_text=True)
    assert count() == 0


def test_a_file_over_4_mb_gets_the_413_page(ctx, client):
    consultation = make_consultation()
    login(client, make_user("facilitator"))
    response = upload(client, consultation, b"title,problem,reform\n" + b"a" * (4 * 1024 * 1024), "big.csv")
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)
    assert count() == 0


def test_templates_have_the_columns_in_the_users_language_and_import_back(ctx, client):
    consultation = make_consultation()
    login(client, make_user("facilitator"))
    url = f"/consultations/{consultation.id}/proposals/import/template"
    csv_template = client.get(url + ".csv?lang=fr")
    assert csv_template.status_code == 200
    assert csv_template.data.decode("utf-8-sig").startswith("Titre;Problème;Réforme proposée")
    xlsx = client.get(url + ".xlsx?lang=ar")
    workbook = load_workbook(io.BytesIO(xlsx.data))
    sheet = workbook.worksheets[0]
    assert [c.value for c in sheet[1]][:3] == ["العنوان", "الإشكالية", "الإصلاح المقترح"]
    assert any(row[1] == "participation" for row in workbook.worksheets[1].iter_rows(values_only=True))
    sheet.append(["عنوان", "مشكل", "إصلاح", None, None, None, "Kairouan"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert upload(client, consultation, buffer.getvalue(), "filled.xlsx").status_code == 200
    assert db.session.scalar(db.select(Proposal.governorate)) == "kairouan"


def test_only_facilitators_and_coordinators_import(ctx, client):
    consultation = make_consultation()
    url = f"/consultations/{consultation.id}/proposals/import"
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/accounts/login" in anonymous.headers["Location"]
    login(client, make_user("citizen"))
    assert client.get(url).status_code == 403
    assert upload(client, consultation, mixed_csv(), "a.csv").status_code == 403
    assert client.get(url + "/template.xlsx").status_code == 403
    assert count() == 0


def test_import_is_closed_after_grouping(ctx, client):
    consultation = make_consultation(open_phase="scoring")
    login(client, make_user("facilitator"))
    response = upload(client, consultation, mixed_csv(), "a.csv")
    assert response.status_code == 403 and count() == 0
    grouping = make_consultation(open_phase="grouping")
    assert upload(client, grouping, mixed_csv(), "a.csv").status_code == 200 and count() == 2
