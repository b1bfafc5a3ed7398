"""The self-assessment report: figures computed from the data, the narrative and its fallback,
publication and who reads it, the downloads read back, the command, privacy."""
from __future__ import annotations

import io
import unicodedata

from pypdf import PdfReader

from consult.core.extensions import db
from consult.reports import document, figures, outputs, services
from tests.factories import login, make_user
from tests.reports.scenario import build

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_the_figures_are_those_of_the_data(ctx):
    world = build()
    data = figures.cocreation(world.consultation)
    assert data.proposals == 6 and data.hidden == 0
    assert {k: v for k, v in data.by_channel.items() if v} == {"online": 2, "email": 1, "workshop": 3}
    assert {k: v for k, v in data.by_language.items() if v} == {"ar": 3, "fr": 2, "en": 1}
    assert [row.proposals for row in data.workshops] == [2, 1]
    assert data.participants == {"municipal_staff": 22, "associations": 15, "citizens": 18}
    assert [g.members for g in data.groups] == [{"civil_society": 2, "administration": 2, "other": 0}]
    assert (data.themes, data.themes_scored, data.themes_retained, data.themes_not_retained) == (3, 2, 2, 1)
    assert data.responded == 6 and data.unanswered == []
    assert data.responses_by_status == {"retained": 5, "not_retained": 1}
    plan = figures.implementation(world.consultation)
    assert plan.counts["substantial"] == 1 and plan.progress == 60 and plan.high_completion == 1
    assert plan.measured == 1


def test_the_document_shows_the_computed_figures_in_its_language(ctx):
    world = build()
    text = document.build(world.consultation, "en").text()
    assert "6 proposals were received on the platform." in text
    assert "Online | 2" in text and "Workshop | 3" in text and "Total | 6" in text
    assert "Themes scored by a working group: 2" in text and "Themes retained on the shortlist: 2" in text
    assert "6 of the 6 proposals received a reasoned response" in text
    assert "Substantial | 1" in text
    assert "Progress of the 1 measured commitment: 60%." in text
    assert "Les budgets de 2023 sont publiés." in text          # the follow-up's own words, as recorded
    assert "Publier aussi les comptes." in text
    # The committee: four meetings, attendance by side.
    assert "July 1, 2023 | Tunis | In person | 1 | 1 | 0 | Published" in text
    assert "Civil society | 4 | 4 | 100%" in text
    french = document.build(world.consultation, "fr").text()
    assert "1 juillet 2023" in french or "1er juillet 2023" in french


def test_a_section_missing_in_the_chosen_language_falls_back_visibly(ctx):
    world = build(proposals=False, committee=False)
    services.save_sections(world.consultation, {"introduction": {"ar": "مقدمة التقرير بالعربية"},
                                                "conclusion": {"fr": "Conclusion en français", "en": "In English"}},
                           world.coordinator)
    db.session.commit()
    built = document.build(world.consultation, "fr")
    intro = {s.code: s for s in built.sections}["introduction"].blocks
    assert intro[0].note                                      # says it is shown in another language
    assert intro[1].text.text == "مقدمة التقرير بالعربية" and intro[1].text.direction == "rtl"
    conclusion = {s.code: s for s in built.sections}["conclusion"].blocks
    assert [b.text.text for b in conclusion] == ["Conclusion en français"]
    context = {s.code: s for s in built.sections}["context"].blocks
    assert context[0].note                                    # not written: says so


def test_a_commitment_note_replaces_the_recorded_words(ctx):
    world = build(proposals=False, committee=False)
    services.save_note(world.consultation, world.commitment, {"en": "All 2023 budgets online."},
                       {"en": "Publish the accounts too."}, world.coordinator)
    db.session.commit()
    text = document.build(world.consultation, "en").text()
    assert "Results so far: All 2023 budgets online." in text
    assert "Recommendations: Publish the accounts too." in text


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return unicodedata.normalize("NFKC", "\n".join(page.extract_text() for page in reader.pages))


def _words_present(text: str, phrase: str) -> bool:
    """Extracted Arabic may come out with its letters or words reversed: accept either order."""
    squeezed = "".join(text.split())
    return all(word in squeezed or word[::-1] in squeezed for word in phrase.split())


def test_the_pdf_is_a4_with_shaped_arabic(ctx):
    world = build()
    data = outputs.to_pdf(document.build(world.consultation, "ar"))
    reader = PdfReader(io.BytesIO(data))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)     # A4 portrait
    text = _pdf_text(data)
    assert _words_present(text, "وزارة المالية")                            # the lead body, in Arabic letters
    assert _words_present(text, "الميزانيات")
    assert "60%" in text


def test_the_docx_is_right_to_left_in_arabic(ctx):
    from docx import Document as Word
    world = build()
    data = outputs.to_docx(document.build(world.consultation, "ar"))
    word = Word(io.BytesIO(data))
    arabic = [p for p in word.paragraphs if any("\u0600" <= ch <= "\u06ff" for ch in p.text)]
    assert arabic and all(p._p.pPr is not None and p._p.pPr.find(f"{W}bidi") is not None for p in arabic)
    assert all(run._r.rPr.find(f"{W}rtl") is not None for p in arabic for run in p.runs)
    assert word.tables and all(t._tbl.tblPr.find(f"{W}bidiVisual") is not None for t in word.tables)
    cells = " ".join(cell.text for t in word.tables for row in t.rows for cell in row.cells)
    assert "وزارة المالية" in cells and "60%" in cells
    french = Word(io.BytesIO(outputs.to_docx(document.build(world.consultation, "fr"))))
    assert not any(t._tbl.tblPr.find(f"{W}bidiVisual") is not None for t in french.tables)
    latin = [p for p in french.paragraphs if p.text and not any("\u0600" <= ch <= "\u06ff" for ch in p.text)]
    assert latin and all(p._p.pPr is None or p._p.pPr.find(f"{W}bidi") is None for p in latin)


def test_no_email_in_any_output(app, ctx, client):
    world = build()
    services.set_published(world.consultation, True, world.coordinator)
    db.session.commit()
    built = document.build(world.consultation, "en")
    assert "@" not in built.text()
    from docx import Document as Word
    word = Word(io.BytesIO(outputs.to_docx(built)))
    assert "@" not in " ".join(p.text for p in word.paragraphs)
    assert "@" not in " ".join(c.text for t in word.tables for r in t.rows for c in r.cells)
    assert "@" not in _pdf_text(outputs.to_pdf(built))
    page = client.get(f"/consultations/{world.consultation.id}/report?lang=en").get_data(as_text=True)
    assert "private.example.org" not in page and "Private Person" not in page


def test_who_reads_and_who_writes(app, ctx, client):
    world = build(proposals=False, committee=False)
    cid = world.consultation.id
    url = f"/consultations/{cid}/report"
    assert client.get(url).status_code == 302                    # not published: sign in
    citizen = make_user("citizen")
    login(client, citizen)
    assert client.get(url).status_code == 403
    assert client.get(f"/consultations/{cid}/standards").status_code == 200
    client.post("/accounts/logout")
    login(client, world.coordinator)
    answer = client.post(f"/consultations/{cid}/report/edit", data={
        "introduction_ar": "مقدمة", "introduction_fr": "Introduction écrite par la coordination",
        "context_en": "The context."})
    assert answer.status_code == 302
    assert "Introduction écrite par la coordination" in client.get(url + "?language=fr").get_data(as_text=True)
    assert client.post(f"/consultations/{cid}/report/publish", data={"publish": "1"}).status_code == 302
    client.post("/accounts/logout")
    assert client.get(url).status_code == 200                          # published: everyone reads it
    pdf = client.get(f"/consultations/{cid}/report.pdf?language=ar")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    docx = client.get(f"/consultations/{cid}/report.docx?language=fr")
    assert docx.status_code == 200 and docx.data.startswith(b"PK")
    assert client.post(f"/consultations/{cid}/report/edit", data={"introduction_fr": "x"}).status_code == 302
    assert services.report_of(world.consultation).sections["introduction"]["fr"] == \
        "Introduction écrite par la coordination"


def test_the_command_writes_the_file(app, ctx, tmp_path):
    world = build(proposals=False, committee=False)
    runner = app.test_cli_runner()
    for fmt, magic in (("pdf", b"%PDF"), ("docx", b"PK")):
        target = tmp_path / f"report.{fmt}"
        result = runner.invoke(args=["report", "self-assessment", "--consultation", str(world.consultation.id),
                                     "--format", fmt, "--lang", "fr", "--output", str(target)])
        assert result.exit_code == 0, result.output
        assert target.read_bytes().startswith(magic)
    missing = runner.invoke(args=["report", "self-assessment", "--consultation", "999999", "--format", "pdf",
                                  "--output", str(tmp_path / "x.pdf")])
    assert missing.exit_code != 0 and "no consultation" in missing.output


def test_the_demo_report_of_the_4th_plan_is_published_once(ctx):
    from consult.demo.action_plans import load_action_plans
    from consult.demo.reports import load_reports
    load_action_plans()
    assert load_reports() == 1
    db.session.commit()
    assert load_reports() == 0
    from consult.demo.loader import find_consultation, read_data
    consultation = find_consultation(read_data("action_plans.json")["national"]["title"])
    report = services.report_of(consultation)
    assert report.is_published and all(report.sections["introduction"][code] for code in ("ar", "fr", "en"))
    text = document.build(consultation, "fr").text()
    assert report.sections["introduction"]["fr"].split("\n")[0] in text
    assert len(figures.implementation(consultation).commitments) == 13
