"""Whole-group offline sheets (issue 13, item 1): only for the coordinator; members get their own rows;
nobody outside the group reads or writes them; a sheet never shows blind scores early."""
import io

from openpyxl import Workbook, load_workbook

from consult.core.extensions import db
from consult.scoring import services
from consult.scoring.models import ScoreSheet
from tests.factories import login
from tests.scoring.helpers import FULL, PASSWORD, person, submit, sheet_group


def _rows(data: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(data))["scores"].iter_rows(min_row=3, values_only=True))


def _filled_sheet(group, member, themes) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "scores"
    sheet.append(["theme_id", "theme", "member_id", "member", *FULL, "values_served", "justification"])
    sheet.append(["headings"])
    for item in themes:
        sheet.append([item.id, "", member.id, "", *FULL.values(), "transparency", "Écrit par un autre."])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_facilitator_outside_the_group_can_neither_read_nor_write_its_sheet(ctx, client):
    _c, _co, amina, bechir, group, themes = sheet_group()
    submit(group, themes[0], amina, justification="Avis secret d'Amina.")
    facilitator = person("Farah Animatrice", "facilitator", None)
    login(client, facilitator, PASSWORD)
    response = client.get(f"/scoring/groups/{group.id}/sheet.xlsx")
    assert response.status_code == 403 and "Avis secret" not in response.get_data(as_text=True)
    upload = client.post(f"/scoring/groups/{group.id}/sheet",
                         data={"sheet": (io.BytesIO(_filled_sheet(group, bechir, themes)), "s.xlsx")},
                         content_type="multipart/form-data")
    assert upload.status_code == 403
    assert services.sheets_of(group, member=bechir) == []
    # The group page (which staff may observe) offers no sheet to download.
    assert f"/scoring/groups/{group.id}/sheet.xlsx" not in client.get(f"/scoring/groups/{group.id}").get_data(as_text=True)


def test_a_member_neither_reads_nor_writes_another_members_rows(ctx, client):
    _c, _co, amina, bechir, group, themes = sheet_group()
    submit(group, themes[0], bechir, justification="Avis secret de Bechir.")
    facilitator_member = person("Fadi Animateur", "facilitator", None)
    services.add_member(group, facilitator_member, None)
    db.session.commit()
    login(client, facilitator_member, PASSWORD)
    data = client.get(f"/scoring/groups/{group.id}/sheet.xlsx").data
    assert {row[2] for row in _rows(data)} == {facilitator_member.id}          # own rows only
    upload = client.post(f"/scoring/groups/{group.id}/sheet?lang=en",
                         data={"sheet": (io.BytesIO(_filled_sheet(group, amina, themes)), "s.xlsx")},
                         content_type="multipart/form-data")
    assert upload.status_code == 400 and "rows of your own" in upload.get_data(as_text=True)
    assert services.sheets_of(group, member=amina) == []


def test_the_whole_group_sheet_never_shows_a_draft(ctx, client):
    _c, coordinator, amina, bechir, group, themes = sheet_group()
    services.save_scores(group, themes[0], amina, dict(FULL, impact=0), "Brouillon secret.", submit=False)
    submit(group, themes[0], bechir, justification="Avis soumis de Bechir.")
    login(client, coordinator, PASSWORD)
    rows = {(row[0], row[2]): row for row in _rows(client.get(f"/scoring/groups/{group.id}/sheet.xlsx").data)}
    assert len(rows) == 4                                       # the coordinator's offline session
    draft = rows[(themes[0].id, amina.id)]
    assert all(value in (None, "") for value in draft[4:])     # a draft is its owner's alone
    assert rows[(themes[0].id, bechir.id)][-1] == "Avis soumis de Bechir."
    assert db.session.scalar(db.select(ScoreSheet).filter_by(member_id=amina.id)).status == "draft"
