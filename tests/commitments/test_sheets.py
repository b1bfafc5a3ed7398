"""The spreadsheet round trip: export, fill in offline, import progress; bad files change nothing."""
from __future__ import annotations

import io
from datetime import date
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook

from consult.commitments import plans, sheets
from consult.commitments.errors import CommitmentError
from consult.commitments.models import Commitment, Milestone, ProgressUpdate
from consult.core.extensions import db
from tests.commitments.conftest import draft_plan, shortlisted
from tests.factories import login

MEETING = date(2024, 3, 12)


@pytest.fixture
def plan(ctx):
    world = shortlisted(phase="followup")
    made = draft_plan(world)
    plans.add_milestone(made.commitments[0], {"deliverable": "=cmd|' /C calc'!A0", "due_on": date(2024, 6, 1)}, None)
    plans.add_milestone(made.commitments[0], {"deliverable": "Décret publié"}, None)
    plans.publish(made, "", None)
    db.session.commit()
    return made


def fill(data: bytes, language_rows: dict[int, dict], milestone_rows: dict[int, dict] | None = None) -> bytes:
    """Write values in the exported workbook: {row number: {column header code: value}}."""
    workbook = load_workbook(io.BytesIO(data))
    for sheet, columns, rows in ((workbook.worksheets[0], sheets.COMMITMENT_COLUMNS, language_rows),
                                 (workbook.worksheets[1], sheets.MILESTONE_COLUMNS, milestone_rows or {})):
        position = {code: index for index, code in enumerate(columns, start=1)}
        for row, values in rows.items():
            for code, value in values.items():
                sheet.cell(row=row, column=position[code], value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def counts():
    return (db.session.scalar(db.select(db.func.count(ProgressUpdate.id))),
            db.session.scalar(db.select(db.func.count(Milestone.id)).filter_by(done=True)))


def test_export_is_right_to_left_in_arabic_and_keeps_formulas_as_text(plan):
    workbook = load_workbook(io.BytesIO(sheets.export_xlsx(plan, "ar")))
    first, second, summary = workbook.worksheets
    assert first.sheet_view.rightToLeft and first.title == "التعهدات" and second.title == "المراحل"
    assert summary.sheet_view.rightToLeft and summary.title == "ملخص"
    assert first.cell(1, 1).value == "المعرف" and first.cell(2, 1).value == plan.commitments[0].id
    assert second.cell(2, 3).value == "=cmd|' /C calc'!A0" and second.cell(2, 3).data_type == "s"
    assert not load_workbook(io.BytesIO(sheets.export_xlsx(plan, "fr"))).worksheets[0].sheet_view.rightToLeft


def test_round_trip_records_progress_once(plan):
    first = plan.commitments[0]
    filled = fill(sheets.export_xlsx(plan, "ar"),
                  {2: {"date": MEETING, "progress": "60%", "completion": "هام", "done": "صياغة الأوامر",
                       "difficulties": "لم يتم النظر فيها", "evidence": "https://example.org/pv"},
                   3: {"date": "12/03/2024", "completion": "Not started"}},
                  {2: {"done": "نعم"}})
    report = sheets.import_progress(plan, filled, None)
    db.session.commit()
    assert not report.refused and report.recorded == 2
    assert (first.progress, first.completion, first.last_update_on) == (60, "substantial", MEETING)
    assert first.milestones[0].done and first.milestones[0].done_on == MEETING
    assert first.updates[0].evidence == ["https://example.org/pv"] and first.updates[0].source == "import"
    assert plan.commitments[1].completion == "not_started" and plan.commitments[1].last_update_on == MEETING
    before = counts()
    again = sheets.import_progress(plan, filled, None)
    db.session.commit()
    assert again.recorded == 0 and again.count("skipped") == 3 and counts() == before


def test_milestones_alone_with_their_date(plan):
    filled = fill(sheets.export_xlsx(plan, "fr"), {}, {3: {"done": "oui", "done_on": "2024-02-01"}})
    assert sheets.import_progress(plan, filled, None).recorded == 1
    first = plan.commitments[0]
    assert first.milestones[1].done and first.progress == 50 and first.updates[0].progress_given is False
    assert sheets.import_progress(plan, filled, None).recorded == 0


@pytest.mark.parametrize("rows,milestones", [
    ({2: {"date": MEETING, "progress": 40}, 3: {"date": MEETING, "progress": 140}}, {}),       # out of range
    ({2: {"date": MEETING, "progress": 40}, 3: {"progress": 20}}, {}),                        # no date
    ({2: {"date": MEETING, "progress": 40, "id": 999999}}, {}),                              # wrong id
    ({2: {"date": MEETING, "progress": 40}, 3: {"date": MEETING, "completion": "à moitié"}}, {}),
    ({2: {"date": MEETING, "progress": 40}}, {2: {"done": "peut-être"}}),
    ({2: {"date": MEETING, "progress": 40}}, {2: {"milestone": "abc", "done": "oui"}}),
])
def test_a_partly_wrong_file_changes_nothing(plan, rows, milestones):
    report = sheets.import_progress(plan, fill(sheets.export_xlsx(plan, "en"), rows, milestones), None)
    assert report.refused and all(row.reasons for row in report.refused)
    db.session.rollback()
    assert counts() == (0, 0) and all(c.progress is None for c in db.session.scalars(db.select(Commitment)))


@pytest.mark.parametrize("data", [b"", b"not a workbook", b"PK\x03\x04broken zip", b"\xd0\xcf\x11\xe0old xls"])
def test_a_broken_file_is_refused_with_a_reason(plan, data):
    with pytest.raises(CommitmentError) as error:
        sheets.import_progress(plan, data, None)
    assert error.value.message


def test_a_workbook_of_something_else_is_refused(plan):
    from openpyxl import Workbook
    workbook = Workbook()
    workbook.active.append(["Titre", "Problème"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(CommitmentError):
        sheets.import_progress(plan, buffer.getvalue(), None)


def test_web_import_reports_and_bounds_the_upload(app, client, plan):
    consultation_id = plan.consultation_id
    coordinator = SimpleNamespace(email=db.session.scalars(db.select(
        __import__("consult.accounts.models", fromlist=["User"]).User).filter_by(role="coordinator")).first().email)
    exported = sheets.export_xlsx(plan, "fr")
    plan_id = plan.id
    db.session.remove()
    login(client, coordinator)
    url = f"/consultations/{consultation_id}/plan/import"
    assert client.get(f"/consultations/{consultation_id}/plan/export.xlsx").status_code == 200
    bad = fill(exported, {2: {"date": MEETING, "progress": 40}, 3: {"date": MEETING, "progress": "beaucoup"}})
    response = client.post(url, data={"file": (io.BytesIO(bad), "plan.xlsx")}, content_type="multipart/form-data")
    assert response.status_code == 400 and "beaucoup" in response.get_data(as_text=True)
    good = fill(exported, {2: {"date": MEETING, "progress": 40}})
    response = client.post(url, data={"file": (io.BytesIO(good), "plan.xlsx")}, content_type="multipart/form-data")
    assert response.status_code == 200
    response = client.post(url, data={"file": (io.BytesIO(b"x" * (sheets.MAX_BYTES + 200_000)), "big.xlsx")},
                           content_type="multipart/form-data")
    assert response.status_code == 413
    response = client.post(url, data={"file": (io.BytesIO(b"garbage"), "plan.xlsx")},
                           content_type="multipart/form-data")
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(ProgressUpdate.id))) == 1
        assert db.session.scalars(db.select(Commitment).filter_by(plan_id=plan_id, number=1)).one().progress == 40


def test_cli_round_trip_and_exit_code_on_refused_rows(app, plan, tmp_path):
    consultation_id = plan.consultation_id
    runner = app.test_cli_runner()
    output = tmp_path / "plan.xlsx"
    result = runner.invoke(args=["commitments", "export", "--consultation", str(consultation_id),
                                 "--output", str(output)])
    assert result.exit_code == 0, result.output
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(fill(output.read_bytes(), {2: {"date": MEETING, "progress": 40}, 3: {"id": 424242, "progress": 1,
                                                                                          "date": MEETING}}))
    result = runner.invoke(args=["commitments", "import-progress", "--consultation", str(consultation_id), str(bad)])
    assert result.exit_code == 2 and "424242" in result.output and "nothing was changed" in result.output
    good = tmp_path / "good.xlsx"
    good.write_bytes(fill(output.read_bytes(), {2: {"date": MEETING, "progress": 40}}))
    args = ["commitments", "import-progress", "--consultation", str(consultation_id), str(good)]
    result = runner.invoke(args=args)
    assert result.exit_code == 0 and "1 updates recorded" in result.output
    assert "0 updates recorded" in runner.invoke(args=args).output
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"broken")
    assert runner.invoke(args=["commitments", "import-progress", "--consultation", str(consultation_id),
                               str(broken)]).exit_code == 2
    assert runner.invoke(args=["commitments", "export", "--consultation", "999999", "--output",
                               str(output)]).exit_code == 2
    db.session.remove()
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(ProgressUpdate.id))) == 1
