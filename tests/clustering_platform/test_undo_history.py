"""Undoing a grouping is a public step too: every proposal the run moved is back where it was,
with the status it had, and its history says the grouping was undone (in the reader's language),
without losing the "grouped" step before it. A page never says "Grouped" above "Not grouped yet"."""
from __future__ import annotations

import html
import re

from consult.clustering.models import ClusteringRun
from consult.core import jobs as core_jobs
from consult.core.extensions import db
from consult.proposals import services as proposals
from consult.proposals.models import Proposal
from tests.clustering_platform.conftest import add
from tests.factories import login, make_user

LANGUAGES = ("ar", "fr", "en")
UNDONE = {"en": "Grouping undone: back to the themes as they were before run {}.",
          "fr": "Regroupement annulé : retour aux thèmes tels qu'ils étaient avant le regroupement n° {}.",
          "ar": "أُلغي التجميع: عودة إلى المواضيع كما كانت قبل عملية التجميع {}."}
GROUPED = {"en": "Grouped", "fr": "Regroupée", "ar": "تمّ تجميعه"}
GROUPED_WITH = {"en": "Grouped with the proposals that say the same thing",
                "fr": "Regroupée avec les propositions qui disent la même chose",
                "ar": "جُمّع مع المقترحات التي تقول الشيء نفسه"}


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _page(client, ref: str, lang: str) -> tuple[dict, list[str]]:
    """What a reader sees of a proposal: its status and theme line, and its history's lines."""
    page = client.get(f"/p/{ref}?lang={lang}").get_data(as_text=True)
    status = re.search(r'<span class="badge status-badge[^"]*">(.*?)</span>', page, re.S).group(1)
    theme = re.search(r'<dd class="col-md-9" id="proposal-theme">(.*?)</dd>', page, re.S)
    history = re.search(r'<ol class="timeline">(.*?)</ol>', page, re.S).group(1)
    return ({"status": _text(status), "theme": _text(theme.group(1)) if theme else None},
            [_text(line) for line in re.findall(r"<li>(.*?)</li>", history, re.S)])


def _public(client, consultation) -> dict:
    """Every proposal as the public reads it: its page in the three languages and its API record."""
    records = client.get(f"/api/v1/proposals?consultation={consultation.id}").get_json()["proposals"]
    return {r["ref"]: {"api": r, **{lang: _page(client, r["ref"], lang)[0] for lang in LANGUAGES}}
            for r in records}


def _run(client, consultation, k: int) -> ClusteringRun:
    response = client.post(f"/consultations/{consultation.id}/grouping", data={"granularity": "1.0", "k": str(k)})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    core_jobs.wait()
    run_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    assert client.post(f"/grouping/runs/{run_id}/apply").status_code == 302
    db.session.expire_all()
    return db.session.get(ClusteringRun, run_id)


def _undo(client, run) -> None:
    assert client.post(f"/grouping/runs/{run.id}/undo").status_code == 302
    db.session.expire_all()


def test_apply_undo_apply_gives_back_the_public_state_before_then_after(client, grouped):
    consultation, by_topic, themes = grouped
    olives = add(consultation, "Planter des oliviers", "Reboiser les collines", "Planter")   # received, no theme
    login(client, make_user("coordinator"))
    before = _public(client, consultation)
    assert before[olives.ref]["api"]["status"] == "received"

    run = _run(client, consultation, k=2)   # two themes merge; the olives join one
    after = _public(client, consultation)
    moved = [ref for ref in before if after[ref] != before[ref]]
    assert olives.ref in moved and len(moved) > 3
    assert after[olives.ref]["api"]["status"] == "grouped" and after[olives.ref]["en"]["theme"] != "Not grouped yet"

    _undo(client, run)
    undone = _public(client, consultation)
    assert undone == before   # statuses, themes, in ar, fr and en, and the API
    for ref in moved:
        for lang in LANGUAGES:
            status, history = _page(client, ref, lang)
            assert history[-1].endswith(UNDONE[lang].format(run.id)), history   # dated, in the reader's language
            assert history[-1].split(" — ")[1].startswith(status["status"])    # the status it is back to
    _, history = _page(client, olives.ref, "en")
    assert [line.split(" — ")[1].split(" ")[0] for line in history] == ["Received", "Grouped", "Received"]

    again = _run(client, consultation, k=2)
    assert _public(client, consultation) == after
    assert db.session.get(ClusteringRun, again.id).status == "done"


def test_undo_leaves_a_status_that_moved_on_and_every_page_agrees_with_itself(client, grouped):
    """Only a proposal whose status is still the "grouped" the run gave it goes back to
    "received"; one hidden or decided since keeps its status, goes back to its theme and reads
    that the grouping was undone."""
    consultation, by_topic, themes = grouped
    olives = add(consultation, "Planter des oliviers", "Reboiser les collines", "Planter")
    forests = add(consultation, "Protéger les forêts", "Les incendies", "Surveiller")
    coordinator = make_user("coordinator")
    login(client, coordinator)
    run = _run(client, consultation, k=1)   # everything in one theme
    olives, forests = db.session.get(Proposal, olives.id), db.session.get(Proposal, forests.id)
    assert olives.status == forests.status == "grouped"
    proposals.hide(olives, "spam", coordinator)
    proposals.decide(forests, "retained", "Retenue dans le plan.", coordinator)
    db.session.commit()

    _undo(client, run)
    olives, forests = db.session.get(Proposal, olives.id), db.session.get(Proposal, forests.id)
    assert (olives.status, olives.theme_id) == ("hidden", None)
    assert (forests.status, forests.theme_id) == ("retained", None)
    assert [e.status for e in forests.events] == ["received", "grouped", "retained", "retained"]
    for lang in LANGUAGES:
        status, history = _page(client, forests.ref, lang)
        assert history[-1].endswith(UNDONE[lang].format(run.id)) and status["theme"]
    for topic, members in by_topic.items():
        for proposal in members:
            proposal = db.session.get(Proposal, proposal.id)
            assert (proposal.status, proposal.theme_id) == ("grouped", themes[topic])

    # Shown again, the hidden one is what it was before the grouping: received, not grouped yet.
    proposals.unhide(olives, "not spam after all", coordinator)
    db.session.commit()
    status, history = _page(client, olives.ref, "fr")
    assert status == {"status": "Reçue", "theme": "Pas encore regroupée"}
    for proposal in db.session.scalars(db.select(Proposal).filter_by(consultation_id=consultation.id)):
        assert (proposal.status == "grouped") == (proposal.theme_id is not None), proposal.ref


def test_the_grouping_and_its_undoing_read_in_the_readers_language(client, grouped):
    consultation, by_topic, themes = grouped
    login(client, make_user("coordinator"))
    run = _run(client, consultation, k=1)   # one theme stays, the others' proposals move into it
    arabic = next(members[0] for topic, members in by_topic.items()   # the first of each is in Arabic
                  if db.session.get(Proposal, members[0].id).theme_id != themes[topic])
    _undo(client, run)
    for lang in LANGUAGES:
        status, history = _page(client, arabic.ref, lang)
        assert status["status"] == GROUPED[lang]
        grouped_lines = [line for line in history if line.split(" — ")[1].startswith(GROUPED[lang])]
        assert len(grouped_lines) == 2   # grouped by the first run, kept; back in its theme after the undo
        assert GROUPED_WITH[lang] in grouped_lines[0]
        assert history[-1].endswith(UNDONE[lang].format(run.id))
