"""Public text never becomes a formula (issue 13, item 5): the shortlist XLSX/CSV and the scoring sheet."""
import io

from openpyxl import load_workbook

from consult.shortlist import exports
from tests.factories import login, make_consultation, make_proposal, make_theme
from tests.scoring.helpers import PASSWORD, joint_group, person, submit

PAYLOAD = '=HYPERLINK("http://x","y")'


def _cells(workbook, value):
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row
            if cell.value == value]


def test_titles_that_look_like_formulas_are_written_as_text(ctx, client):
    consultation = make_consultation(open_phase="scoring")
    coordinator = person("Coordinatrice", "coordinator", None)
    amina = person("Amina", affiliation="civil_society")
    item = make_theme(consultation, PAYLOAD, make_proposal(consultation, PAYLOAD))
    group = joint_group(consultation, [amina], [item], coordinator)
    submit(group, item, amina)

    export = exports.build(consultation, None, "fr")
    workbook = load_workbook(io.BytesIO(exports.to_xlsx(export)))
    cells = _cells(workbook, PAYLOAD)
    assert len(cells) == 2                                   # the theme, and the proposal's title
    assert all(cell.data_type == "s" for cell in cells)
    text = exports.to_csv(export).decode("utf-8-sig")
    assert "'" + PAYLOAD.replace('"', '""') in text and "\n" + PAYLOAD not in text and "," + PAYLOAD not in text

    login(client, amina, PASSWORD)
    sheet = load_workbook(io.BytesIO(client.get(f"/scoring/groups/{group.id}/sheet.xlsx?lang=fr").data))
    cells = _cells(sheet, PAYLOAD)
    assert cells and all(cell.data_type == "s" for cell in cells)
