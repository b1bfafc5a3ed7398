"""Invariants of the demo data set (consult/demo/data/*.json) that the demo loader relies on.

Pure file checks: no application, no database, no fixtures from tests/conftest.py.
"""
from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "consult" / "demo" / "data"

PHASE_KINDS = ["collection", "grouping", "scoring", "draft", "final", "followup"]
PROPOSERS = {"citizen", "association", "administration", "university", "private"}
CHANNELS = {"online", "workshop", "email", "letter", "social"}
LANGUAGES = {"ar", "fr", "en", "mixed"}
CRITERIA = {"specific", "measurable", "answerable", "relevant", "time_bound", "impact"}
GOVERNORATE_CODES = {
    "tunis", "ariana", "ben-arous", "manouba", "nabeul", "zaghouan", "bizerte", "beja", "jendouba",
    "kef", "siliana", "sousse", "monastir", "mahdia", "sfax", "kairouan", "kasserine", "sidi-bouzid",
    "gabes", "medenine", "tataouine", "gafsa", "tozeur", "kebili",
}
SHORT_MAX = 200   # title, body and municipality columns of the proposals table

ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
LATIN = re.compile("[A-Za-z\u00c0-\u024f]")
FRENCH_WORDS = set("le la les des du de un une et est pour dans avec sur par au aux que qui ce cette "
                   "leur leurs ne pas plus chaque".split())
ENGLISH_WORDS = set("the of and to in is for on with by that this be are from an at it its their "
                    "should every each".split())


def load(name):
    with open(DATA / name, encoding="utf-8") as fh:
        return json.load(fh)


@pytest.fixture(scope="module")
def consultation():
    return load("consultation.json")


@pytest.fixture(scope="module")
def governorates():
    path = Path(__file__).resolve().parents[2] / "consult" / "core" / "governorates.json"
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def proposals():
    return load("proposals.json")


@pytest.fixture(scope="module")
def scoring():
    return load("scoring.json")


def script_language(text: str) -> str:
    """'ar', 'fr', 'en' or 'mixed' from the share of Arabic letters, then French/English words."""
    arabic, latin = len(ARABIC.findall(text)), len(LATIN.findall(text))
    share = arabic / (arabic + latin)
    if share >= 0.8:
        return "ar"
    if share > 0.2:
        return "mixed"
    words = re.findall(r"[a-zà-ÿ']+", text.lower())
    french = sum(w in FRENCH_WORDS for w in words) + sum(c in "éèêàçùâîôû" for c in text.lower())
    english = sum(w in ENGLISH_WORDS for w in words)
    return "fr" if french > english else "en"


def trilingual(value) -> bool:
    return (isinstance(value, dict) and set(value) >= {"ar", "fr", "en"}
            and all(isinstance(value[k], str) and value[k].strip() for k in ("ar", "fr", "en"))
            and ARABIC.search(value["ar"]) is not None)


# ---------------------------------------------------------------- governorates

def test_the_24_governorates_with_their_names(governorates):
    codes = [g["code"] for g in governorates]
    assert len(codes) == 24 and set(codes) == GOVERNORATE_CODES
    for g in governorates:
        assert trilingual(g["name"]), g
    names = {g["code"]: g["name"] for g in governorates}
    assert names["kef"] == {"ar": "الكاف", "fr": "Le Kef", "en": "Kef"}
    assert names["gafsa"]["ar"] == "قفصة" and names["kairouan"]["ar"] == "القيروان"
    assert len({n["ar"] for n in names.values()}) == 24


# ---------------------------------------------------------------- consultation

def test_consultation_texts_and_axes(consultation):
    assert consultation["scope"] == "national"
    assert trilingual(consultation["title"]) and trilingual(consultation["description"])
    axes = consultation["axes"]
    assert len(axes) == 5
    assert len({a["code"] for a in axes}) == 5
    for axis in axes:
        assert re.fullmatch(r"[a-z][a-z-]*", axis["code"]) and trilingual(axis["name"])


def test_phases_run_in_order_without_overlap(consultation):
    phases = consultation["phases"]
    assert [p["kind"] for p in phases] == PHASE_KINDS
    spans = [(date.fromisoformat(p["starts_on"]), date.fromisoformat(p["ends_on"])) for p in phases]
    for start, end in spans:
        assert start <= end
    for (_, end), (next_start, _) in zip(spans, spans[1:]):
        assert end < next_start
    assert spans[0][0].year == 2023 and spans[-1][1] == date(2025, 12, 31)


def test_relative_phases_put_today_in_collection(consultation):
    assert consultation["demo_shift_to_today"] is True
    phases = consultation["phases_relative"]
    assert [p["kind"] for p in phases] == PHASE_KINDS
    for p in phases:
        assert isinstance(p["starts_offset_days"], int) and isinstance(p["ends_offset_days"], int)
        assert p["starts_offset_days"] <= p["ends_offset_days"]
    for prev, nxt in zip(phases, phases[1:]):
        assert nxt["starts_offset_days"] == prev["ends_offset_days"] + 1
    current = [p["kind"] for p in phases if p["starts_offset_days"] <= 0 <= p["ends_offset_days"]]
    assert current == ["collection"]


def test_workshops(consultation, governorates):
    workshops = consultation["workshops"]
    codes = [w["code"] for w in workshops]
    assert len(set(codes)) == len(codes)
    regional = [w for w in workshops if w["kind"] == "regional"]
    national = [w for w in workshops if w["kind"] == "national"]
    assert len(regional) >= 3 and len(national) >= 1
    assert {w["governorate"] for w in regional} >= {"gafsa", "kairouan", "kef"}
    assert {(w["governorate"], w["date"]) for w in workshops} >= {
        ("gafsa", "2023-05-03"), ("kairouan", "2023-05-04"), ("kef", "2023-05-09"), ("tunis", "2023-05-12")}
    collection = consultation["phases"][0]
    for w in workshops:
        assert w["kind"] in {"regional", "national"}
        assert w["governorate"] in GOVERNORATE_CODES
        assert trilingual(w["venue"])
        held = date.fromisoformat(w["date"])
        assert date.fromisoformat(collection["starts_on"]) <= held <= date.fromisoformat(collection["ends_on"])
        # Relative date: inside the shifted collection phase, in the past.
        shifted = consultation["phases_relative"][0]
        assert shifted["starts_offset_days"] <= w["days_relative"] < 0
        counts = w["participants"]
        assert set(counts) >= {"municipal_staff", "associations", "citizens"}
        assert all(isinstance(n, int) and n >= 0 for n in counts.values())
    for w in regional:
        assert len(w["municipalities"]) == 4
        assert all(trilingual(m) for m in w["municipalities"])
        assert len({m["fr"] for m in w["municipalities"]}) == 4
        assert w["participants"]["municipal_staff"] == 3 * len(w["municipalities"])
        assert w["participants"]["associations"] > 0 and w["participants"]["citizens"] > 0


# ---------------------------------------------------------------- proposals

REQUIRED = ("title", "problem", "reform", "axis", "governorate", "proposer", "channel", "language", "theme")


def test_proposal_fields_and_codes(consultation, proposals):
    assert len(proposals) >= 150
    axes = {a["code"] for a in consultation["axes"]}
    workshops = {w["code"]: w for w in consultation["workshops"]}
    for p in proposals:
        for field in REQUIRED:
            assert isinstance(p[field], str) and p[field].strip(), (field, p["title"])
        for field in ("results", "body", "municipality"):
            assert isinstance(p[field], str), (field, p["title"])
        assert len(p["title"]) <= SHORT_MAX and len(p["body"]) <= SHORT_MAX
        assert len(p["municipality"]) <= SHORT_MAX
        assert p["axis"] in axes
        assert p["governorate"] in GOVERNORATE_CODES
        assert p["proposer"] in PROPOSERS
        assert p["channel"] in CHANNELS
        assert p["language"] in LANGUAGES
        assert isinstance(p["days_ago"], int) and 1 <= p["days_ago"] <= 55
        if p["channel"] == "workshop":
            workshop = workshops[p["workshop"]]
            assert workshop["governorate"] == p["governorate"], p["title"]
            assert p["days_ago"] == -workshop["days_relative"]
            if workshop["kind"] == "regional" and p["municipality"]:
                names = {n for m in workshop["municipalities"] for n in m.values()}
                assert p["municipality"] in names, p["title"]
        else:
            assert p["workshop"] is None, p["title"]
    assert len({p["title"] for p in proposals}) == len(proposals)


def test_no_personal_data_in_proposals(proposals):
    contact = re.compile(r"@|\b\d{2}[ .]?\d{3}[ .]?\d{3}\b")
    for p in proposals:
        for field in ("title", "problem", "reform", "results", "body", "municipality"):
            assert not contact.search(p[field]), (field, p["title"])


def test_declared_language_matches_the_text(proposals):
    for p in proposals:
        text = " ".join(p[f] for f in ("title", "problem", "reform", "results"))
        assert script_language(text) == p["language"], p["title"]


def test_language_channel_and_region_shares(proposals):
    n = len(proposals)
    languages = Counter(p["language"] for p in proposals)
    assert set(languages) == LANGUAGES
    assert 0.48 <= languages["ar"] / n <= 0.62
    assert 0.18 <= languages["fr"] / n <= 0.32
    assert 0.07 <= languages["en"] / n <= 0.17
    assert 0.04 <= languages["mixed"] / n <= 0.12
    channels = Counter(p["channel"] for p in proposals)
    assert set(channels) == CHANNELS
    assert 0.35 <= channels["online"] / n <= 0.55
    assert 0.22 <= channels["workshop"] / n <= 0.38
    assert set(Counter(p["proposer"] for p in proposals)) == PROPOSERS
    assert {p["axis"] for p in proposals} == {"transparency", "participation", "local", "services", "integrity"}
    regions = Counter(p["governorate"] for p in proposals)
    assert len(regions) >= 15
    top = {code for code, _ in regions.most_common(5)}
    assert top >= {"tunis", "gafsa", "kairouan", "kef"}
    assert 0.1 <= sum(not p["results"] for p in proposals) / n <= 0.3
    assert 0.2 <= sum(not p["body"] for p in proposals) / n <= 0.4


def test_each_regional_workshop_brought_proposals_on_its_region(consultation, proposals):
    by_workshop = Counter(p["workshop"] for p in proposals if p["workshop"])
    for w in consultation["workshops"]:
        assert by_workshop[w["code"]] >= 8, w["code"]
    gafsa = " ".join(p["title"] + p["problem"] + p["reform"]
                     for p in proposals if p["workshop"] == "gafsa-2023")
    assert "الفسفاط" in gafsa and "الماء" in gafsa


def test_recurring_themes_span_languages_and_regions(proposals):
    by_theme = defaultdict(list)
    for p in proposals:
        by_theme[p["theme"]].append(p)
    recurring = {t: ps for t, ps in by_theme.items() if len(ps) >= 4}
    assert len(recurring) >= 20
    assert all(len(ps) <= 10 for ps in recurring.values())
    assert sum(len(ps) == 1 for ps in by_theme.values()) >= 5        # some singletons
    for theme, ps in recurring.items():
        assert len({p["language"] for p in ps}) >= 2, theme
        assert len({p["governorate"] for p in ps}) >= 2, theme
        assert len({p["axis"] for p in ps}) == 1, theme
        assert len({p["title"] for p in ps}) == len(ps), theme     # same idea, different wording


# ---------------------------------------------------------------- scoring

def test_scoring_by_a_joint_working_group(scoring, proposals):
    members = scoring["members"]
    assert len(members) == 6
    assert Counter(m["affiliation"] for m in members) == {"civil_society": 3, "administration": 3}
    assert all(m["name"].strip() and "@" not in m["name"] for m in members)
    theme_sizes = Counter(p["theme"] for p in proposals)
    themes = scoring["themes"]
    assert len(themes) == 8 and len({t["theme"] for t in themes}) == 8
    for t in themes:
        assert theme_sizes[t["theme"]] >= 4, t["theme"]
        assert trilingual(t["label"])
        assert sorted(s["member"] for s in t["scores"]) == list(range(len(members)))
        for s in t["scores"]:
            assert set(s["values"]) == CRITERIA
            assert all(isinstance(v, int) and 0 <= v <= 3 for v in s["values"].values())
            assert isinstance(s["justification"], str)
    assert sum(bool(s["justification"]) for t in themes for s in t["scores"]) >= 8


def test_scoring_contains_realistic_disagreements(scoring):
    side = [m["affiliation"] for m in scoring["members"]]
    answerable = defaultdict(list)
    widest = 0
    for t in scoring["themes"]:
        for criterion in CRITERIA:
            values = [s["values"][criterion] for s in t["scores"]]
            widest = max(widest, max(values) - min(values))
        for s in t["scores"]:
            answerable[side[s["member"]]].append(s["values"]["answerable"])
    assert widest == 3
    mean = {k: sum(v) / len(v) for k, v in answerable.items()}
    assert mean["administration"] > mean["civil_society"]
