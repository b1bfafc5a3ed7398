"""The shortlist shows what is confirmed, pending and not retained, with counts, in every page and
export; the coordinator confirms several themes at once (all or none)."""
from __future__ import annotations

import csv
import io
import json
from datetime import date

from openpyxl import load_workbook
from pypdf import PdfReader

from consult.core.extensions import db
from consult.shortlist import services as shortlists
from consult.shortlist.models import ThemeDecision
from tests.factories import login, make_consultation, make_proposal, make_theme, make_user, make_workshop
from tests.workshops.test_workshops import LEVELS_HIGH, LEVELS_MID, score_themes

LOW = {"specific": 1, "measurable": 0, "answerable": 1, "relevant": 0, "time_bound": 1, "impact": 1}


def _four_themes():
    """Four scored themes of the Kef workshop: three meet the minimums, one does not."""
    consultation = make_consultation(open_phase="scoring")
    kef = make_workshop(consultation, "kef", date(2023, 5, 9))
    themes = [make_theme(consultation, {"fr": name, "ar": name, "en": name},
                         make_proposal(consultation, f"Proposition {name}", workshop=kef))
              for name in ("Budgets ouverts", "Marchés publics", "Conseils des jeunes", "Idée vague")]
    score_themes(consultation, dict(zip(themes, (LEVELS_HIGH, LEVELS_HIGH, LEVELS_MID, LOW))))
    coordinator = make_user("coordinator")
    return consultation, kef, themes, coordinator


def test_counts_show_in_the_pages_and_every_export_once_some_themes_are_decided(ctx, client):
    consultation, kef, themes, coordinator = _four_themes()
    shortlists.decide(consultation, themes[0], "retained", "Premier du classement.", coordinator)
    shortlists.decide(consultation, themes[3], "not_retained", "Trop vague.", coordinator)
    db.session.commit()
    summary = "1 confirmed · 2 pending · 1 not retained"
    for url in (f"/consultations/{consultation.id}/workshops?lang=en", f"/workshops/{kef.id}?lang=en",
                f"/consultations/{consultation.id}/scoring/shortlist?lang=en"):
        page = client.get(url).get_data(as_text=True)
        assert summary in page, url
        assert "only proposed" in page, url                         # the pending ones say so
    national = client.get(f"/consultations/{consultation.id}/workshops?lang=en").get_data(as_text=True)
    assert "Marchés publics" in national and "Idée vague" in national        # nothing is hidden
    assert "Pending" in national and "Retained (confirmed)" in national

    for base in (f"/consultations/{consultation.id}/shortlist", f"/workshops/{kef.id}/shortlist"):
        data = json.loads(client.get(f"{base}.json?language=en").data)
        assert data["counts"] == {"confirmed": 1, "pending": 2, "not_retained": 1} and not data["confirmed"]
        assert [(e["label"], e["state"]) for e in data["shortlist"]] == [
            ("Budgets ouverts", "confirmed"), ("Marchés publics", "pending"),
            ("Conseils des jeunes", "pending"), ("Idée vague", "not_retained")]
        rows = list(csv.reader(io.StringIO(client.get(f"{base}.csv?language=en").data.decode("utf-8-sig"))))
        decision = rows[0].index("Decision")
        assert [row[decision] for row in rows[1:]] == ["Retained (confirmed)", "Pending", "Pending", "Not retained"]
        sheet = load_workbook(io.BytesIO(client.get(f"{base}.xlsx?language=en").data)).active
        assert any(summary in (row[0] or "") for row in sheet.iter_rows(values_only=True))
        pdf = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(client.get(f"{base}.pdf?language=en").data)).pages)
        assert "1 confirmed" in pdf and "2 pending" in pdf and "1 not retained" in pdf
    sheet = load_workbook(io.BytesIO(client.get(f"/consultations/{consultation.id}/shortlist.xlsx?language=fr").data)).active
    assert any("1 confirmé · 2 en attente · 1 non retenu" in (row[0] or "") for row in sheet.iter_rows(values_only=True))


def test_the_coordinator_confirms_the_ticked_themes_at_once(ctx, client):
    consultation, _kef, themes, coordinator = _four_themes()
    login(client, coordinator)
    page = client.get(f"/consultations/{consultation.id}/scoring/shortlist?lang=en").get_data(as_text=True)
    assert "4 pending" in page and "Confirm the ticked themes" in page
    assert page.count('name="theme"') == 4 and page.count("checked") >= 4   # the pending ones are ticked
    form = {"theme": [str(t.id) for t in themes[:3]]}
    for theme, decision in zip(themes, ("retained", "retained", "not_retained", "not_retained")):
        form[f"t{theme.id}-decision"] = decision
        form[f"t{theme.id}-reason"] = f"Raison pour {theme.label['fr']}."
    # One reason missing: nothing is recorded, for any theme.
    missing = dict(form, **{f"t{themes[1].id}-reason": ""})
    assert client.post(f"/consultations/{consultation.id}/scoring/shortlist/confirm", data=missing).status_code == 400
    assert db.session.scalar(db.select(db.func.count(ThemeDecision.id))) == 0
    done = client.post(f"/consultations/{consultation.id}/scoring/shortlist/confirm", data=form)
    assert done.status_code == 302
    decided = {row.theme_id: (row.decision, row.reason) for row in db.session.scalars(db.select(ThemeDecision))}
    assert decided == {themes[0].id: ("retained", "Raison pour Budgets ouverts."),
                       themes[1].id: ("retained", "Raison pour Marchés publics."),
                       themes[2].id: ("not_retained", "Raison pour Conseils des jeunes.")}
    page = client.get(f"/consultations/{consultation.id}/scoring/shortlist?lang=en").get_data(as_text=True)
    assert "2 confirmed · 1 pending · 1 not retained" in page
    # The per-theme button still decides one theme only.
    one = client.post(f"/consultations/{consultation.id}/scoring/shortlist/{themes[3].id}", data=form)
    assert one.status_code == 302
    assert db.session.scalar(db.select(db.func.count(ThemeDecision.id))) == 4
    assert client.post(f"/consultations/{consultation.id}/scoring/shortlist/confirm", data={}).status_code == 400


def test_only_the_coordinator_confirms_at_once(ctx, client):
    consultation, _kef, themes, _coordinator = _four_themes()
    data = {"theme": [str(themes[0].id)], f"t{themes[0].id}-decision": "retained", f"t{themes[0].id}-reason": "x"}
    assert client.post(f"/consultations/{consultation.id}/scoring/shortlist/confirm", data=data).status_code == 302
    login(client, make_user("member"))
    assert client.post(f"/consultations/{consultation.id}/scoring/shortlist/confirm", data=data).status_code == 403
    assert db.session.scalar(db.select(db.func.count(ThemeDecision.id))) == 0
