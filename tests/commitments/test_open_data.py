"""The open-data API and CSV: exactly the public fields, no personal data, no live formulas."""
from __future__ import annotations

import csv
import io
from datetime import date

from consult.commitments import plans, progress
from consult.core.extensions import db
from tests.commitments.conftest import draft_plan, shortlisted

FIELDS = {"id", "number", "title", "axis", "lead_body", "status", "progress", "completion", "start", "end",
          "milestones", "updates", "proposals"}


def _published(app):
    with app.app_context():
        world = shortlisted(phase="followup")
        plan = draft_plan(world)
        first = plan.commitments[0]
        first.title = {"ar": "تعهد", "fr": "=HYPERLINK(\"http://evil\")", "en": "+cmd"}
        first.contact_id = world.coordinator.id
        plans.add_milestone(first, {"deliverable": "@SUM(A1)", "due_on": date(2024, 6, 30)}, None)
        progress.add_update(first, None, reported_on=date(2024, 1, 10), progress=10, completion=None,
                            done_text="-2+3", difficulties="Privé ?")
        plans.publish(plan, "", None)
        db.session.commit()
        return world.consultation.id, world.coordinator.email


def test_api_lists_exactly_the_public_fields(app, client):
    consultation_id, coordinator_email = _published(app)
    response = client.get(f"/api/v1/commitments?consultation={consultation_id}")
    assert response.status_code == 200
    items = response.get_json()["commitments"]
    assert len(items) == 3 and all(set(item) == FIELDS for item in items)
    first = items[0]
    assert first["status"] == "final" and first["progress"] == 10 and first["completion"] == "limited"
    assert set(first["title"]) == {"ar", "fr", "en"} and first["axis"] == "participation"
    assert first["milestones"] == [{"title": "@SUM(A1)", "due": "2024-06-30", "done": False}]
    assert first["updates"] == [{"date": "2024-01-10", "progress": 10, "completion": "limited", "note": "-2+3"}]
    assert len(first["proposals"]) == 2 and all(ref.startswith("P-") for ref in first["proposals"])
    text = response.get_data(as_text=True)
    assert "@example.org" not in text and coordinator_email not in text and "Privé" not in text


def test_csv_has_the_same_rows_with_formulas_escaped(app, client):
    consultation_id, _email = _published(app)
    response = client.get(f"/api/v1/commitments.csv?consultation={consultation_id}")
    assert response.status_code == 200 and response.content_type == "text/csv; charset=utf-8"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff") and "@example.org" not in text
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 3
    assert rows[0]["title_fr"] == "'=HYPERLINK(\"http://evil\")" and rows[0]["title_en"] == "'+cmd"
    assert rows[0]["status"] == "final" and len(rows[0]["proposals"].split()) == 2


def test_api_asks_for_a_consultation_and_hides_unpublished_plans(app, client):
    assert client.get("/api/v1/commitments").status_code == 400
    assert client.get("/api/v1/commitments?consultation=999").status_code == 404
    with app.app_context():
        world = shortlisted(phase="scoring")
        draft_plan(world)
        consultation_id = world.consultation.id
    assert client.get(f"/api/v1/commitments?consultation={consultation_id}").status_code == 404
    assert client.get(f"/api/v1/commitments.csv?consultation={consultation_id}").status_code == 404
