"""The default rubric: the six criteria as the seeds word them, on a 0-3 scale."""
from __future__ import annotations

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
