"""Issue 20: one progress figure for a plan, and what nothing measured is shown as not measured.

1. The dashboard, the self-assessment report, the API and the XLSX export give the same overall
   progress: the mean over the measured commitments, stated with how many were measured out of how
   many; each commitment's progress is the same number everywhere.
2. A commitment whose progress nothing measured (an update gave words and a level, no percentage,
   no milestones) is null in the API, an empty cell in the workbook, "not measured" on the pages and
   in the report, never 0% and never on a 0% bar. "No evidence available" is a level of the scale;
   "not done" in a meeting's record is not "not started".
"""
from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook

from consult.commitments import cells, figures, plans, progress, sheets
from consult.commitments.errors import CommitmentError
from consult.commitments.models import Commitment
from consult.core.extensions import db
from consult.reports import document
from consult.reports import figures as report_figures
from tests.commitments.conftest import draft_plan, shortlisted
from tests.commitments.test_sheets import fill
from tests.factories import login

MEETING = date(2024, 3, 12)
SENTENCES = {"en": "40% — mean progress of the 2 measured commitments (out of 3)",
             "fr": "40 % — avancement moyen des 2 engagements mesurés (sur 3)",
             "ar": "40% — معدّل تقدم التعهدين المقيسين (من جملة 3)"}
SUMMARIES = {"en": "Mean progress of the 2 measured commitments: 40%; 1 commitment is not measured",
             "fr": "Avancement moyen des 2 engagements mesurés : 40 % ; 1 engagement n'est pas mesuré",
             "ar": "معدّل تقدم التعهدين المقيسين: 40%؛ تعهد واحد غير مقيس"}
NOT_MEASURED = {"en": "Not measured", "fr": "Non mesuré", "ar": "غير مقيس"}


def _plan():
    """A published plan in follow-up: commitment 1 at 60%, 2 at 20%, 3 at "limited" with no percentage."""
    world = shortlisted(phase="followup")
    plan = draft_plan(world)
    plans.publish(plan, "", world.coordinator)
    first, second, third = plan.commitments
    progress.add_update(first, world.coordinator, reported_on=MEETING, progress=60, completion=None)
    progress.add_update(second, world.coordinator, reported_on=MEETING, progress=20, completion=None)
    progress.add_update(third, world.coordinator, reported_on=MEETING, progress=None, completion="limited",
                        done_text="Atelier tenu, sans chiffre")
    db.session.commit()
    return world, plan


def _text(html: str, element_id: str) -> str:
    found = re.search(rf'id="{element_id}"[^>]*>(.*?)</', html, re.S)
    assert found, element_id
    return re.sub(r"\s+", " ", found.group(1)).strip()


def _workbook(plan, language):
    book = load_workbook(io.BytesIO(sheets.export_xlsx(plan, language)))
    rows = list(book.worksheets[0].iter_rows(min_row=2, values_only=True))
    columns = list(sheets.COMMITMENT_COLUMNS)
    current, words = columns.index("current"), columns.index("current_text")
    return [(row[current], row[words]) for row in rows], list(book.worksheets[2].iter_rows(min_row=2, values_only=True))


# --- finding 1: the three figures are one -------------------------------------------------------

def test_dashboard_report_api_and_workbook_give_one_overall_progress(app, client):
    with app.app_context():
        world, plan = _plan()
        consultation_id = world.consultation.id
        assert figures.plan_progress(plan.commitments).public() == {"progress": 40, "measured": 2, "commitments": 3}
        implementation = report_figures.implementation(world.consultation)
        assert (implementation.progress, implementation.measured) == (40, 2)
        assert [row.progress for row in implementation.commitments] == [60, 20, None]
        for language, sentence in SENTENCES.items():
            assert f"{SUMMARIES[language]}." in re.sub(r"\s", " ", document.build(world.consultation, language).text())
            cells_, summary = _workbook(plan, language)
            assert [value for value, _words in cells_] == [60, 20, None]
            assert summary[0][1:] == (40, sentence)
    for language, sentence in SENTENCES.items():
        html = client.get(f"/consultations/{consultation_id}/plan?lang={language}").get_data(as_text=True)
        assert _text(html, "overall-progress") == sentence
    answer = client.get(f"/api/v1/commitments?consultation={consultation_id}").get_json()
    assert answer["plan"] == {"progress": 40, "measured": 2, "commitments": 3}
    assert [item["progress"] for item in answer["commitments"]] == [60, 20, None]


# --- finding 2: unknown is not zero ------------------------------------------------------------

def test_an_unmeasured_commitment_is_not_measured_everywhere_never_zero(app, client):
    with app.app_context():
        world, plan = _plan()
        consultation_id, third = world.consultation.id, plan.commitments[2]
        third_id = third.id
        assert (third.progress, third.completion) == (None, "limited")
        assert third.updates[0].progress is None          # the update measured nothing either
        for language in ("en", "fr", "ar"):
            words = _workbook(plan, language)[0][2]
            level = {"en": "Limited", "fr": "Limité", "ar": "محدود"}[language]
            assert words == (None, f"{NOT_MEASURED[language]} · {level}")
            table = next(s for s in document.build(world.consultation, language).sections if s.code == "commitments")
            assert table.blocks[2].rows[2][4].text == NOT_MEASURED[language]
    for language, words in NOT_MEASURED.items():
        page = client.get(f"/commitments/{third_id}?lang={language}").get_data(as_text=True)
        assert _text(page, "commitment-progress") == words
        assert "progress-fill" not in page                 # no bar at all, let alone a 0% one
        board = client.get(f"/consultations/{consultation_id}/plan?lang={language}").get_data(as_text=True)
        assert not re.search(r"(?<![\d])0\s?%", board)
        assert board.count('class="progress-fill"') == 3    # the overall bar and the two measured ones
    item = client.get(f"/api/v1/commitments?consultation={consultation_id}").get_json()["commitments"][2]
    assert item["progress"] is None and item["completion"] == "limited" and item["updates"][0]["progress"] is None
    rows = list(csv.DictReader(io.StringIO(
        client.get(f"/api/v1/commitments.csv?consultation={consultation_id}").get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[2]["progress"] == "" and rows[0]["progress"] == "60"


def test_a_plan_with_nothing_measured_says_so(app, client):
    with app.app_context():
        world = shortlisted(phase="followup")
        plan = draft_plan(world)
        plans.publish(plan, "", world.coordinator)
        db.session.commit()
        consultation_id = world.consultation.id
        assert "Not measured: none of the 3 commitments has a measured progress." in \
            document.build(world.consultation, "en").text()
    html = client.get(f"/consultations/{consultation_id}/plan?lang=en").get_data(as_text=True)
    assert _text(html, "overall-progress") == "Not measured" and "progress-fill" not in html
    assert client.get(f"/api/v1/commitments?consultation={consultation_id}").get_json()["plan"] == {
        "progress": None, "measured": 0, "commitments": 3}


def test_no_evidence_round_trips_through_the_form_the_workbook_and_the_api(app, client):
    with app.app_context():
        world, plan = _plan()
        first, second, third = plan.commitments
        ids, consultation_id, coordinator = (first.id, second.id, third.id), world.consultation.id, world.coordinator
        # The workbook: the level in Arabic, in the seeds' words, or as the English label; "not done" is no level.
        exported = sheets.export_xlsx(plan, "en")
        report = sheets.import_progress(plan, fill(exported, {2: {"date": MEETING + timedelta(days=1),
                                                                  "completion": "لا تتوفر معطيات"}}), None)
        assert report.recorded == 1 and not report.refused
        assert (first.progress, first.completion) == (None, "no_evidence")
        refused = sheets.import_progress(plan, fill(exported, {3: {"date": MEETING + timedelta(days=1),
                                                                   "completion": "لم ينجز"}}), None)
        assert refused.refused and "does not say how far" in refused.refused[0].reasons[0]
        db.session.commit()
        names = cells.completion_names()
        assert {cells.completion(word, names) for word in ("No evidence available", "Pas de données disponibles",
                                                           "لا تتوفر معطيات")} == {"no_evidence"}
        with pytest.raises(CommitmentError):      # no evidence, and yet a percentage
            progress.add_update(second, None, reported_on=MEETING, progress=30, completion="no_evidence")
        login(client, coordinator)
    form = client.get(f"/commitments/{ids[1]}/progress?lang=en").get_data(as_text=True)
    assert 'value="no_evidence"' in form and "No evidence available" in form
    answer = client.post(f"/commitments/{ids[1]}/progress?lang=en", data={
        "reported_on": (MEETING + timedelta(days=2)).isoformat(), "completion": "no_evidence",
        "difficulties": "Aucun document transmis"})
    assert answer.status_code == 302
    with app.app_context():
        second = db.session.get(Commitment, ids[1])
        assert (second.progress, second.completion) == (None, "no_evidence")
    page = client.get(f"/commitments/{ids[1]}?lang=ar").get_data(as_text=True)
    assert "لا تتوفر معطيات" in page and _text(page, "commitment-progress") == "غير مقيس"
    answer = client.get(f"/api/v1/commitments?consultation={consultation_id}").get_json()
    assert [(c["progress"], c["completion"]) for c in answer["commitments"]] == [
        (None, "no_evidence"), (None, "no_evidence"), (None, "limited")]
    assert answer["plan"] == {"progress": None, "measured": 0, "commitments": 3}


def test_not_done_in_a_meetings_record_is_not_not_started(ctx, today):
    """A meeting that only says a commitment is not done (words, no percentage, no level) leaves its
    level as it was and its progress not measured: not "not started", not 0%."""
    from consult.committee import record, services
    world = shortlisted(phase="followup")
    plan = draft_plan(world)
    plans.publish(plan, "", world.coordinator)
    commitment = plan.commitments[0]
    progress.add_update(commitment, None, reported_on=today - timedelta(days=100), completion="limited",
                        done_text="Séance de travail avec la ministre")
    committee = services.save_committee(world.consultation, {"ar": "اللجنة", "fr": "Comité"}, {}, False, None)
    meeting = services.add_meeting(committee, {"held_on": today - timedelta(days=10), "mode": "online",
                                               "language": "ar", "place": "تونس", "agenda": "متابعة"}, None)
    outcome = record.record_meeting(meeting, [record.Entry(commitment.id, difficulties="لم ينجز.")], None)
    update = outcome.recorded[0]
    assert (update.progress, update.completion) == (None, "limited")
    assert (commitment.progress, commitment.completion) == (None, "limited")
