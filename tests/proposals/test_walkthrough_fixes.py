"""Smaller fixes from the walk-through (issue 12): references typed by hand, the moderation menu,
the import template's drop-downs and example row, the refused rows given back, a JSON 429."""
from __future__ import annotations

import base64
import io
import re

from openpyxl import load_workbook

from consult.core.extensions import db, limiter
from consult.proposals import import_fixes
from consult.proposals.models import Proposal
from tests.factories import login, make_consultation, make_proposal, make_user
from tests.proposals.test_import import upload


def test_the_follow_page_finds_a_reference_typed_without_hyphen_or_in_lowercase(ctx, client):
    proposal = make_proposal(make_consultation())
    for typed in (proposal.ref.lower(), proposal.ref.replace("-", ""), proposal.ref.replace("-", "").lower(),
                  proposal.ref.replace("-", " – "), f"  {proposal.ref}  "):
        response = client.get("/follow", query_string={"ref": typed})
        assert response.status_code == 302 and response.headers["Location"].endswith(f"/p/{proposal.ref}"), typed
    assert client.get("/follow", query_string={"ref": "P-ZZZZZZ"}).status_code == 404


def test_the_status_menu_of_a_received_proposal_preselects_no_status(ctx, client):
    consultation = make_consultation()
    proposal = make_proposal(consultation)
    login(client, make_user("coordinator"))
    page = client.get(f"/p/{proposal.ref}?lang=en").get_data(as_text=True)
    menu = re.search(r'<select[^>]*name="status".*?</select>', page, re.S).group()
    # The first option, a prompt, is what the browser shows (none is marked selected): never "Grouped".
    assert re.search(r'name="status"><option value="">Choose the new status</option>', menu) and "selected" not in menu
    response = client.post(f"/p/{proposal.ref}/status", data={"status": "", "response": "Une réponse."})
    assert response.status_code == 400 and db.session.get(Proposal, proposal.id).status == "received"
    proposal.status = "grouped"
    db.session.commit()
    page = client.get(f"/p/{proposal.ref}?lang=en").get_data(as_text=True)
    assert re.search(r'<option selected value="grouped">', page)


def test_the_import_template_has_drop_downs_and_an_example_row_the_import_skips(ctx, client):
    consultation = make_consultation()
    login(client, make_user("coordinator"))
    data = client.get(f"/consultations/{consultation.id}/proposals/import/template.xlsx?lang=fr").data
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.worksheets[0]
    example = [cell.value for cell in sheet[2]]
    assert example[0].startswith("Exemple") and example[5] == "Participation publique"
    lists = {str(v.sqref).split(":")[0]: v.formula1 for v in sheet.data_validations.dataValidation}
    assert set(lists) == {"F2", "G2", "I2", "J2"}   # axis, governorate, proposer, channel (no workshop here)
    values = workbook.worksheets[1]
    first, last = map(int, re.findall(r"\$C\$(\d+)", lists["F2"]))
    assert [values.cell(n, 3).value for n in range(first, last + 1)] == ["Participation publique", "Gouvernance locale"]
    # Filled in and sent back, with the example still in it: only the real row is imported.
    sheet.append(["Publier les budgets", "Pas publiés", "Publier en ligne", None, None, "Gouvernance locale", "Le Kef"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    page = upload(client, consultation, buffer.getvalue(), "rempli.xlsx", lang="fr").get_data(as_text=True)
    assert db.session.scalars(db.select(Proposal.title)).all() == ["Publier les budgets"]
    assert "Exemple" not in page


def test_the_refused_rows_come_back_as_a_file_that_imports_once_fixed(ctx, client):
    consultation = make_consultation()
    login(client, make_user("facilitator"))
    sheet = ("title,problem,reform,axis\r\nGood,Problem,Reform,local\r\n,No title,Reform,local\r\n"
             "Bad axis,Problem,Reform,atlantis\r\n").encode()
    page = upload(client, consultation, sheet, "sheet.csv").get_data(as_text=True)
    link = re.search(r'id="refused-rows-file" href="data:text/csv;charset=utf-8;base64,([^"]+)"', page).group(1)
    fixed = base64.b64decode(link).decode("utf-8-sig")
    lines = fixed.splitlines()
    assert lines[0] == "Title,Problem,Proposed reform,Axis,Why refused"
    assert len(lines) == 3 and "Good" not in fixed and "atlantis" in lines[2] and "unknown axis" in lines[2]
    # Fixed, the same file goes back in (its "why refused" column is ignored).
    lines[1], lines[2] = "A title" + lines[1], lines[2].replace(",atlantis,", ",local,")
    fixed = "\r\n".join(lines) + "\r\n"
    page = upload(client, consultation, fixed.encode("utf-8-sig"), "fixed.csv").get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Proposal.id))) == 3
    assert 'id="refused-rows-file"' not in page
    assert import_fixes.refused_rows_csv(type("R", (), {"rows": []})(), "en") is None


def test_a_rate_limited_json_endpoint_answers_json(app, ctx, client):
    consultation = make_consultation()
    limiter.enabled = True
    limiter.reset()
    try:
        url = f"/consultations/{consultation.id}/similar?text=publier+les+budgets+municipaux"
        statuses = [client.get(url, headers={"Accept": "*/*"}).status_code for _ in range(121)]
        assert statuses[:120] == [200] * 120 and statuses[120] == 429
        response = client.get(url + "&lang=fr", headers={"Accept": "text/html,*/*"})
        assert response.status_code == 429 and response.is_json
        assert response.get_json()["status"] == 429 and "Trop de tentatives" in response.get_json()["error"]
    finally:
        limiter.reset()
        limiter.enabled = False
