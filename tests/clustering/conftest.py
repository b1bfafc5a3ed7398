"""Fixtures of the clustering tests: a small trilingual set of proposals, embedded once."""
from __future__ import annotations

import pytest

# Three themes, each said in Arabic, French and English (and one near-duplicate French wording).
PROPOSALS = [
    ("budget", "ar", "نشر ميزانية البلدية ونفقاتها على موقع الانترنت بشفافية"),
    ("budget", "fr", "Publier le budget de la commune et ses dépenses en ligne en toute transparence"),
    ("budget", "en", "Publish the municipal budget and its spending online in full transparency"),
    ("budget", "fr", "Publier en ligne le budget communal et les dépenses, en toute transparence"),
    ("sport", "ar", "إنشاء ملاعب رياضية ودور للشباب في الأحياء الشعبية"),
    ("sport", "fr", "Construire des terrains de sport et des maisons de jeunes dans les quartiers populaires"),
    ("sport", "en", "Build sports fields and youth centres in working-class neighbourhoods"),
    ("health", "ar", "تحسين خدمات المستشفيات العمومية وتقليص مدة انتظار المرضى"),
    ("health", "fr", "Améliorer les services des hôpitaux publics et réduire l'attente des patients"),
    ("health", "en", "Improve public hospital services and cut patients' waiting times"),
]


@pytest.fixture(scope="session")
def proposals():
    return PROPOSALS


@pytest.fixture(scope="session")
def vectors():
    from consult.clustering.algorithms import embed

    return embed([text for _, _, text in PROPOSALS])
