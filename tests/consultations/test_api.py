"""Open data on consultations: JSON and CSV, public fields only, no cell a spreadsheet would run."""
import csv
import io

from consult.core.extensions import db
from tests.factories import make_consultation


def _csv(response) -> list[dict]:
    assert response.status_code == 200 and response.content_type.startswith("text/csv")
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")   # Excel reads Arabic as UTF-8
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_consultations_as_json_and_csv(ctx, client):
    consultation = make_consultation()
    consultation.title = dict(consultation.title, fr='=HYPERLINK("http://x","y")')
    db.session.commit()
    listed = client.get("/api/v1/consultations").get_json()["consultations"]
    assert [c["id"] for c in listed] == [consultation.id]
    assert listed[0]["proposals"].endswith(f"/api/v1/proposals?consultation={consultation.id}")
    rows = _csv(client.get("/api/v1/consultations.csv"))
    assert len(rows) == 1
    row = rows[0]
    assert row["id"] == str(consultation.id)
    assert row["title_ar"] == consultation.title["ar"]
    assert row["title_fr"] == "'=HYPERLINK(\"http://x\",\"y\")"   # text, never a live formula
    assert row["axes"] == "participation local"
    assert row["current_phase"] == "collection"
    collection = next(p for p in consultation.phases if p.kind == "collection")
    assert row["collection_starts_on"] == collection.starts_on.isoformat()
    assert "@" not in client.get("/api/v1/consultations.csv").get_data(as_text=True)
