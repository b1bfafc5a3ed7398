"""The rubric: criteria with described levels, weights and minimums, frozen once scoring starts.

Until a coordinator saves it, a consultation's rubric is the default one below (the six criteria
as the seeds word them, on a 0-3 scale), computed without being stored: reading never writes.
It is stored on its first change (`ensure_rubric`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _

from consult.core import audit
from consult.core.extensions import db
from consult.core.languages import LANGUAGES
from consult.scoring.errors import ScoringError
from consult.scoring.models import RubricCriterion, ScoreSheet, WorkingGroup

DEFAULT_LEVELS = [
    {"value": 0, "label": {"ar": "غير مستوفى", "fr": "Non satisfait", "en": "Not met"}},
    {"value": 1, "label": {"ar": "ضعيف", "fr": "Faible", "en": "Weak"}},
    {"value": 2, "label": {"ar": "كافٍ", "fr": "Suffisant", "en": "Adequate"}},
    {"value": 3, "label": {"ar": "قوي", "fr": "Fort", "en": "Strong"}},
]

DEFAULT_CRITERIA = [
    {"code": "specific",
     "name": {"ar": "الوضوح", "fr": "Spécifique", "en": "Specific"},
     "description": {
         "ar": "يصف الوضع الراهن والمشاكل التي يمكن حلها، ويتضمن الأنشطة المحددة التي سيتم القيام بها، "
               "ويصف النتائج المنتظر الحصول عليها من خلال تنفيذ الالتزام.",
         "fr": "Décrit la situation actuelle et le problème à résoudre, les activités précises à mener "
               "et les résultats attendus de la mise en œuvre de l'engagement.",
         "en": "Describes the status quo and the problem to solve, the specific activities to carry out, "
               "and the results expected from the commitment."}},
    {"code": "measurable",
     "name": {"ar": "قابل للقياس", "fr": "Mesurable", "en": "Measurable"},
     "description": {
         "ar": "يمكن تجزئة التعهد إلى مراحل زمنية محددة للتثبت من مدى التقدم في إنجازه.",
         "fr": "L'engagement peut être découpé en étapes datées, pour vérifier l'avancement de sa réalisation.",
         "en": "The commitment can be cut into dated stages, so that progress can be checked."}},
    {"code": "answerable",
     "name": {"ar": "الجهة المسؤولة", "fr": "Responsable identifié", "en": "Answerable"},
     "description": {
         "ar": "يمكن تحديد الجهة المسؤولة عن تنفيذ التعهد والأطراف المتدخلة.",
         "fr": "On peut nommer l'organisme chargé de la mise en œuvre et les autres acteurs impliqués.",
         "en": "The body responsible for carrying it out, and the other actors involved, can be named."}},
    {"code": "relevant",
     "name": {"ar": "ذات صلة بمبادئ الحكومة المفتوحة", "fr": "Pertinent", "en": "Relevant"},
     "description": {
         "ar": "متصل بتنفيذ أحد المحاور الأساسية أو التحديات المتعلقة بالحكومة المفتوحة وهي الشفافية "
               "والمساءلة والمشاركة.",
         "fr": "Sert l'une des valeurs du gouvernement ouvert : la transparence, la redevabilité, "
               "la participation.",
         "en": "Serves an open-government value: transparency, accountability, participation."},
     "minimum": 1.0},
    {"code": "time_bound",
     "name": {"ar": "تحديد مدة الإنجاز", "fr": "Délimité dans le temps", "en": "Time-bound"},
     "description": {
         "ar": "تعهد يمكن تنفيذه في سنتين، مع روزنامة واضحة للإنجاز على امتداد السنتين مجزأة إلى مراحل دقيقة.",
         "fr": "Réalisable dans les deux ans du plan, avec un calendrier clair découpé en étapes précises.",
         "en": "Can be done within the plan's two years, with a clear calendar in precise stages."}},
    {"code": "impact",
     "name": {"ar": "التأثير المحتمل", "fr": "Impact potentiel", "en": "Potential impact"},
     "description": {
         "ar": "تقييم التغيير المنتظر من تنفيذ التعهد.",
         "fr": "Le changement attendu de la mise en œuvre de l'engagement.",
         "en": "The change expected from carrying out the commitment."}},
]


@dataclass(frozen=True)
class Criterion:
    code: str
    name: dict
    weight: float
    minimum: float | None
    description: dict = field(default_factory=dict)
    levels: tuple = ()

    @property
    def scale(self) -> list[int]:
        return [level["value"] for level in self.levels]


def rubric_rows(consultation) -> list[RubricCriterion]:
    """The stored criteria (none until the rubric is first saved)."""
    return db.session.scalars(db.select(RubricCriterion).filter_by(consultation_id=consultation.id)
                              .order_by(RubricCriterion.position, RubricCriterion.id)).all()


def _default_rows(consultation) -> list[RubricCriterion]:
    """The default criteria as rows that are not in the session (nothing is written)."""
    return [RubricCriterion(consultation_id=consultation.id, code=spec["code"], position=position,
                            name=dict(spec["name"]), description=dict(spec["description"]),
                            levels=[dict(level) for level in DEFAULT_LEVELS], weight=1.0,
                            minimum=spec.get("minimum"))
            for position, spec in enumerate(DEFAULT_CRITERIA)]


def rubric_or_defaults(consultation) -> list[RubricCriterion]:
    """What the rubric page shows: the stored rows, else the default ones (unsaved)."""
    return rubric_rows(consultation) or _default_rows(consultation)


def ensure_rubric(consultation) -> list[RubricCriterion]:
    """The stored rubric, storing the default criteria first if there are none: call it to write."""
    rows = rubric_rows(consultation)
    if rows:
        return rows
    db.session.add_all(_default_rows(consultation))
    db.session.flush()
    return rubric_rows(consultation)


def criteria(consultation) -> list[Criterion]:
    """The consultation's criteria, in rubric order (the default six if none was saved)."""
    return [Criterion(code=row.code, name=dict(row.name), weight=row.weight, minimum=row.minimum,
                      description=dict(row.description or {}), levels=tuple(row.levels))
            for row in rubric_or_defaults(consultation)]


def scoring_phase(consultation):
    return next((phase for phase in consultation.phases if phase.kind == "scoring"), None)


def scoring_started(consultation, today: date | None = None) -> bool:
    """Scoring starts with the scoring phase or with the first submitted score, whichever is first."""
    phase = scoring_phase(consultation)
    if phase is not None and phase.starts_on <= (today or date.today()):
        return True
    return db.session.scalar(
        db.select(ScoreSheet.id).join(WorkingGroup, ScoreSheet.group_id == WorkingGroup.id)
        .filter(WorkingGroup.consultation_id == consultation.id, ScoreSheet.status == "submitted")
        .limit(1)) is not None


def update_criterion(criterion: RubricCriterion, actor, *, weight: float, minimum: float | None,
                     name: dict, description: dict) -> None:
    if scoring_started(criterion.consultation):
        raise ScoringError(_("The rubric is frozen: scoring has started, so its criteria, weights and "
                             "minimums can no longer change."), 409)
    scale = criterion.scale
    if weight < 0 or weight > 100:
        raise ScoringError(_("A weight must be between 0 and 100."))
    if minimum is not None and not (min(scale) <= minimum <= max(scale)):
        raise ScoringError(_("A minimum must lie on the scale, between %(low)s and %(high)s.",
                             low=min(scale), high=max(scale)))
    old = {"weight": criterion.weight, "minimum": criterion.minimum, "name": criterion.name,
           "description": criterion.description}
    criterion.weight, criterion.minimum = weight, minimum
    criterion.name = {lang: (name.get(lang) or criterion.name.get(lang, "")).strip() for lang in LANGUAGES}
    criterion.description = {lang: (description.get(lang) or "").strip() for lang in LANGUAGES}
    db.session.flush()
    new = {"weight": weight, "minimum": minimum, "name": criterion.name, "description": criterion.description}
    if new != old:
        audit.record("rubric_criterion", criterion.id, "update", actor, old=old, new=new)
