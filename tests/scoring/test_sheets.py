"""Offline scoring sheets: download, fill in, upload; a broken sheet changes nothing."""
import io

from openpyxl import load_workbook

from consult.core.extensions import db
from consult.scoring import services
from consult.scoring.models import ScoreSheet
from tests.factories import login
from tests.scoring.helpers import PASSWORD, sheet_group


def _download(client, group):
    response = client.get(f"/scoring/groups/{group.id}/sheet.xlsx")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    return load_workbook(io.BytesIO(response.data))


def _fill(workbook, rows: dict[int, list]):
    """rows: sheet row number -> [six levels..., values, justification] written from column E."""
    sheet = workbook["scores"]
    for number, values in rows.items():
        for offset, value in enumerate(values):
            sheet.cell(row=number, column=5 + offset, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _upload(client, group, data, lang="en"):
    return client.post(f"/scoring/groups/{group.id}/sheet?lang={lang}",
                       data={"sheet": (io.BytesIO(data), "scores.xlsx")}, content_type="multipart/form-data")


def test_member_round_trip(ctx, client):
    _c, _co, amina, _b, group, themes = sheet_group()
    login(client, amina, PASSWORD)
    workbook = _download(client, group)
    sheet = workbook["scores"]
    assert sheet.max_row == 4          # two header rows, then one row per theme for Amina only
    assert [sheet.cell(row=r, column=1).value for r in (3, 4)] == [t.id for t in themes]
    assert {sheet.cell(row=r, column=4).value for r in (3, 4)} == {"Amina"}
    data = _fill(workbook, {3: [3, 2, 2, 3, 1, 2, "transparency,participation", "Très concret."],
                            4: [1, 1, 0, 2, 1, 1, "", "Trop vague."]})
    response = _upload(client, group, data)
    assert response.status_code == 302
    saved = {s.theme_id: s for s in services.sheets_of(group, member=amina)}
    assert saved[themes[0].id].status == "submitted" and saved[themes[0].id].levels["specific"] == 3
    assert saved[themes[0].id].values_served == ["transparency", "participation"]
    assert saved[themes[1].id].justification == "Trop vague."
    # The next download carries the member's own scores back.
    again = _download(client, group)["scores"]
    assert again.cell(row=3, column=5).value == 3


def test_a_broken_sheet_changes_nothing_and_reports_row_by_row(ctx, client):
    _c, _co, amina, bechir, group, themes = sheet_group()
    login(client, amina, PASSWORD)
    data = _fill(_download(client, group), {3: [3, 2, 2, 3, 1, 2, "", "Bien."],
                                            4: [1, 9, 0, 2, "", 1, "technology", ""]})
    response = _upload(client, group, data, lang="fr")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Ligne 4" in page and "Mesurable" in page and "Délimité dans le temps" in page
    assert "Ligne 3" not in page
    assert db.session.scalar(db.select(db.func.count(ScoreSheet.id))) == 0      # row 3 was not saved either
    # Someone else's row, and a theme of another group.
    workbook = _download(client, group)
    workbook["scores"].cell(row=3, column=3, value=bechir.id)
    workbook["scores"].cell(row=4, column=1, value=99999)
    data = _fill(workbook, {3: [3, 2, 2, 3, 1, 2, "", "ok"], 4: [3, 2, 2, 3, 1, 2, "", "ok"]})
    page = _upload(client, group, data).get_data(as_text=True)
    assert "Row 3: you can only fill in rows of your own" in page and "Row 4: this theme is not assigned" in page
    assert db.session.scalar(db.select(db.func.count(ScoreSheet.id))) == 0


def test_garbage_and_missing_files_get_a_clear_message(ctx, client):
    _c, _co, amina, _b, group, _themes = sheet_group()
    login(client, amina, PASSWORD)
    response = _upload(client, group, b"PK\x03\x04 not really a spreadsheet", lang="ar")
    assert response.status_code == 400
    response = _upload(client, group, b"hello", lang="en")
    assert response.status_code == 400 and "is damaged or is not an Excel workbook" in response.get_data(as_text=True)
    response = client.post(f"/scoring/groups/{group.id}/sheet?lang=en", data={})
    assert response.status_code == 400 and "Choose the filled-in scoring sheet" in response.get_data(as_text=True)
    empty = _upload(client, group, _fill(_download(client, group), {}))
    assert empty.status_code == 400 and "no filled-in row" in empty.get_data(as_text=True)


def test_a_workshop_enters_every_members_sheet(ctx, client):
    _c, coordinator, amina, bechir, group, themes = sheet_group()
    login(client, coordinator, PASSWORD)
    workbook = _download(client, group)
    assert workbook["scores"].max_row == 6        # 2 members x 2 themes
    rows = {r: [2, 2, 2, 2, 2, 2, "participation", "Saisi en atelier"] for r in (3, 4, 5, 6)}
    assert _upload(client, group, _fill(workbook, rows)).status_code == 302
    progress = services.progress(group)
    assert progress.submitted == 4


def test_malformed_and_oversized_workbooks_are_refused_clearly(ctx, client):
    """Issue 13 items 2-3: the scoring upload reads through the one bounded reader, so broken XML,
    a workbook without sheets and a file that unpacks to millions of rows get a 400, not a 500."""
    from tests.core.test_uploads import _rewrite_sheet, _xlsx
    _c, _co, amina, _b, group, _themes = sheet_group()
    login(client, amina, PASSWORD)
    broken_xml = _rewrite_sheet(_xlsx(["theme_id"], ["1"]), lambda xml: xml[: len(xml) // 2])
    empty_rows = b"<row/>" * 5_000_000   # 30 MB unpacked, 30 KB packed
    bomb = _rewrite_sheet(_xlsx(["theme_id"]), lambda xml: xml.replace(b"<sheetData/>", b"<sheetData>" + empty_rows
                                                                           + b"</sheetData>"))
    for data in (broken_xml, bomb):
        response = _upload(client, group, data, lang="en")
        assert response.status_code == 400, response.status_code
        assert "Traceback" not in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(ScoreSheet.id))) == 0
