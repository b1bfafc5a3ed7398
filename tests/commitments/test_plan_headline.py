"""The plan's headline figure says what it is a share of, and the card says what is not rated.

1. The overall progress states, as prominently as the number, how many commitments it is the mean
   of; when fewer than half are measured, no headline bar is drawn: the count comes first, as text,
   and the completion levels are the picture. The report's summary says the same.
2. Each axis's number is labelled as the mean progress of its measured commitments.
3. A value with no relevance entered reads "not rated" on the commitment's page and in the report.
4. Counts read right in the singular ("the only commitment", not "none of the 1 commitments").
"""
from __future__ import annotations

import html as markup
import re
from datetime import date

from consult.commitments import plans, progress
from consult.core.extensions import db
from consult.reports import document
from tests.commitments.conftest import draft_plan, shortlisted
from tests.commitments.test_unknown_progress import SENTENCES, SUMMARIES

MEETING = date(2024, 3, 12)


def _plan(measured: list, themes: int = 3):
    """A published plan in follow-up whose first commitments are measured at these percentages."""
    world = shortlisted(phase="followup", themes=themes)
    plan = draft_plan(world)
    plans.publish(plan, "", world.coordinator)
    for commitment, value in zip(plan.commitments, measured):
        progress.add_update(commitment, world.coordinator, reported_on=MEETING, progress=value, completion=None)
    db.session.commit()
    return world, plan


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", markup.unescape(re.sub(r"<[^>]+>", "", text))).strip()


def _by_id(html: str, element_id: str) -> str:
    found = re.search(rf'id="{element_id}"[^>]*>(.*?)</p>', html, re.S)
    assert found, element_id
    return _clean(found.group(1))


def _overall_card(html: str) -> str:
    return html[html.index('id="overall-heading"'):html.index('id="axes-heading"')]


FEW = {"en": "Progress of the 1 measured commitment: 100%; 2 commitments are not measured",
       "fr": "Avancement de 1 engagement mesuré : 100 % ; 2 engagements ne sont pas mesurés",
       "ar": "تقدم التعهد المقيس الوحيد: 100%؛ تعهدان غير مقيسين"}
# The same plan as the unknown-progress tests (2 of 3 measured): the same sentences.
MOST, AXIS = SENTENCES, SUMMARIES


def test_few_measured_commitments_give_no_headline_bar_and_the_count_first(app, client):
    with app.app_context():
        world, _plan_ = _plan([100])
        consultation_id = world.consultation.id
        for language, sentence in FEW.items():
            assert f"{sentence}." in _clean(document.build(world.consultation, language).text())
    for language, sentence in FEW.items():
        html = client.get(f"/consultations/{consultation_id}/plan?lang={language}").get_data(as_text=True)
        assert _by_id(html, "overall-progress") == sentence
        card = _overall_card(html)
        assert "progress-fill" not in card                 # no plain 100% bar over a mostly unfinished plan
        assert "stacked-svg" in card                       # the completion levels are the picture


def test_the_headline_states_how_many_commitments_the_mean_is_of(app, client):
    with app.app_context():
        world, _plan_ = _plan([60, 20])
        consultation_id = world.consultation.id
        for language, sentence in AXIS.items():          # the report's summary says it the same way
            assert f"{sentence}." in _clean(document.build(world.consultation, language).text())
    for language, sentence in MOST.items():
        html = client.get(f"/consultations/{consultation_id}/plan?lang={language}").get_data(as_text=True)
        assert _by_id(html, "overall-progress") == sentence
        assert "progress-fill" in _overall_card(html)
        axes = [_clean(text) for text in re.findall(r'class="text-muted axis-progress">(.*?)</span>', html, re.S)]
        assert axes == [AXIS[language]]                     # never a bare "40%" over the axis's levels


def test_an_empty_relevance_reads_not_rated_on_the_page_and_in_the_report(app, client):
    with app.app_context():
        world, plan = _plan([])
        commitment_id = plan.commitments[0].id
        assert plan.commitments[0].relevance in ({}, None)
        report = {language: _clean(document.build(world.consultation, language).text()) for language in ("fr", "ar")}
    page = client.get(f"/commitments/{commitment_id}?lang=fr").get_data(as_text=True)
    assert page.count("non évalué") == 4 and "Non pertinent" not in page and "non pertinent" not in page
    assert "non évalué" in report["fr"]
    page = client.get(f"/commitments/{commitment_id}?lang=ar").get_data(as_text=True)
    assert page.count("غير مقيّم") == 4 and "غير ذي صلة" not in page
    assert "غير مقيّم" in report["ar"]


def test_a_single_commitment_reads_in_the_singular(app, client):
    with app.app_context():
        world, _plan_ = _plan([], themes=1)
        consultation_id = world.consultation.id
    wanted = {"en": "Not measured: the only commitment has no measured progress.",
              "fr": "Non mesuré : le seul engagement n'a pas d'avancement mesuré.",
              "ar": "غير مقيس: لم تُقَس نسبة تقدم التعهد الوحيد."}
    for language, sentence in wanted.items():
        html = client.get(f"/consultations/{consultation_id}/plan?lang={language}").get_data(as_text=True)
        assert _by_id(html, "overall-measured") == sentence
        assert "aucun des 1" not in html and "none of the 1 " not in html
