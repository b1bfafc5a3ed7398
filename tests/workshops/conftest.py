"""Workshops test helpers: regional workshops with proposals, themes, and shortlist entries built by hand
(the renderers take any object with ShortlistEntry's attributes)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from consult.clustering.models import Theme
from consult.core.extensions import db
from consult.shortlist.services import ShortlistEntry
from consult.workshops.models import Workshop
from tests.factories import make_proposal, make_theme, make_workshop  # noqa: F401 (make_workshop: the tests')

CRITERIA_CODES = ("specific", "measurable", "answerable", "relevant", "time_bound", "impact")
CRITERIA_NAMES = {
    "specific": {"ar": "الوضوح", "fr": "Spécifique", "en": "Specific"},
    "measurable": {"ar": "قابل للقياس", "fr": "Mesurable", "en": "Measurable"},
    "answerable": {"ar": "الجهة المسؤولة", "fr": "Organisme responsable", "en": "Answerable"},
    "relevant": {"ar": "الصلة بمبادئ الحكومة المفتوحة", "fr": "Pertinent", "en": "Relevant"},
    "time_bound": {"ar": "تحديد مدة الإنجاز", "fr": "Délai", "en": "Time-bound"},
    "impact": {"ar": "التأثير المحتمل", "fr": "Impact potentiel", "en": "Potential impact"},
}

# Arabic labels written in full words, so that a PDF's extracted text can be checked word by word.
OPEN_BUDGET = {"ar": "نشر ميزانيات البلديات", "fr": "Publier les budgets municipaux",
               "en": "Publish municipal budgets"}
YOUTH = {"ar": "مجالس الشباب المحلية", "fr": "Conseils locaux des jeunes", "en": "Local youth councils"}
# What a workshop's Arabic proposals say, so that the exports show Arabic text throughout.
ARABIC_TEXT = {"problem": "لا تنشر أغلب البلديات ميزانياتها.", "reform": "نشر الميزانيات على بوابة البيانات المفتوحة.",
               "municipality": "الكاف"}


@dataclass
class FakeCriterion:
    code: str
    name: dict
    weight: float = 1.0
    minimum: float | None = None


def criteria() -> list[FakeCriterion]:
    return [FakeCriterion(code, CRITERIA_NAMES[code]) for code in CRITERIA_CODES]


def entry(rank, theme, proposals_, scores=None, total=None) -> ShortlistEntry:
    scores = scores if scores is not None else {code: 3.0 + rank / 10 for code in CRITERIA_CODES}
    regions = sorted({p.governorate for p in proposals_ if p.governorate})
    return ShortlistEntry(rank=rank, theme=theme, label=theme.label, scores=scores,
                          weighted_total=total if total is not None else 4.25 - rank / 4, n_scores=4,
                          proposals=list(proposals_), regions=regions, state="confirmed", proposed=True)


@dataclass
class Scenario:
    consultation: object
    workshops: list[Workshop]
    budget: Theme
    youth: Theme
    proposals: list = field(default_factory=list)

    def entries(self, workshop=None) -> list[ShortlistEntry]:
        def of(theme):
            return [p for p in theme.proposals if workshop is None or p.workshop_id == workshop.id]
        found = [(theme, of(theme)) for theme in (self.budget, self.youth)]
        return [entry(rank, theme, props) for rank, (theme, props) in
                enumerate([(t, p) for t, p in found if p], start=1)]


def scenario(consultation) -> Scenario:
    """Three regional workshops (Gafsa, Kairouan, Kef) whose proposals all share the open-budget theme;
    only Kef also raised the youth theme. One proposal carries its author's e-mail."""
    workshops = [make_workshop(consultation, "gafsa", date(2023, 5, 3)),
                 make_workshop(consultation, "kairouan", date(2023, 5, 4)),
                 make_workshop(consultation, "kef", date(2023, 5, 9))]
    budget, youth = make_theme(consultation, OPEN_BUDGET), make_theme(consultation, YOUTH)
    made = [make_proposal(consultation, workshop=w, theme=budget, **ARABIC_TEXT,
                          author_email="author.secret@example.org" if i == 0 else None)
            for i, w in enumerate(workshops)]
    made.append(make_proposal(consultation, "إحداث مجالس محلية للشباب", workshop=workshops[2], theme=youth,
                              **ARABIC_TEXT))
    db.session.commit()
    return Scenario(consultation, workshops, budget, youth, made)
