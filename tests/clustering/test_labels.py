"""Group labels read like a theme: distinctive words and phrases, no punctuation, no verbs."""
import re

import numpy as np

from consult.clustering.algorithms import describe_groups
from consult.clustering.algorithms.text import label_terms

PARTICIPATORY = [
    "Budget participatif : les habitants choisissent les projets de leur quartier",
    "Généraliser le budget participatif dans toutes les communes, avec un vote des habitants",
    "Mettre en place un budget participatif pour les quartiers et rendre compte des projets",
    "اعتماد الميزانية التشاركية في البلديات، ليختار المواطنون مشاريع أحيائهم",
    "تفعيل آلية الميزانية التشاركية وتشريك المتساكنين في اختيار المشاريع؛ «الميزانية التشاركية» حق",
    "الميزانية التشاركية: تخصيص جزء من ميزانية البلدية لمشاريع يقترحها المواطنون",
    "Introduce participatory budgeting so residents choose local projects",
    "Participatory budgeting in every municipality, with residents voting on projects",
]
WATER = [
    "Publier la qualité de l'eau potable distribuée par la SONEDE, commune par commune",
    "Améliorer l'accès à l'eau potable dans les zones rurales",
    "نشر معطيات جودة مياه الشرب في كل معتمدية",
    "انقطاع مياه الشرب في الصيف: نشر جداول التوزيع",
    "Publish drinking water quality data for every town",
]
HOSPITALS = [
    "Réduire l'attente aux urgences des hôpitaux publics",
    "تحسين خدمات المستشفيات العمومية وتقليص مدة الانتظار",
    "Publish waiting times of public hospitals",
]


def _describe(groups):
    texts = [text for group in groups for text in group]
    labels = np.repeat(np.arange(len(groups)), [len(group) for group in groups])
    vectors = np.random.default_rng(0).normal(size=(len(texts), 768)).astype(np.float32)
    return describe_groups(labels, vectors, texts)


def test_participatory_budgeting_label_in_each_language():
    summary = _describe([PARTICIPATORY, WATER, HOSPITALS])[0]
    assert "budget participatif" in summary.terms["fr"]
    assert "الميزانية التشاركية" in summary.terms["ar"]
    assert "participatory budgeting" in summary.terms["en"]
    for boilerplate in ("rendre", "mettre", "place", "généraliser", "تفعيل", "آلية", "اعتماد"):
        assert boilerplate not in summary.label.split()


def test_label_terms_carry_no_punctuation():
    for summary in _describe([PARTICIPATORY, WATER, HOSPITALS]):
        for words in summary.terms.values():
            for term in words:
                assert re.fullmatch(r"[\w ]+", term), term
                assert not set(term) & set("،؛؟«»:;,.!?\"'"), term


def test_distinctive_words_come_before_words_every_group_uses():
    # "publier"/"publish"/"نشر" are in every group's texts and are verbs: never a label.
    water = _describe([PARTICIPATORY, WATER, HOSPITALS])[1]
    assert "eau" in water.terms["fr"] or "eau potable" in water.terms["fr"]
    assert not {"publier", "publish", "نشر"} & set(water.label.split())


def test_same_texts_same_labels():
    first = [s.label for s in _describe([PARTICIPATORY, WATER, HOSPITALS])]
    assert first == [s.label for s in _describe([PARTICIPATORY, WATER, HOSPITALS])]


def test_phrases_only_join_adjacent_words():
    terms = label_terms("Budget, participatif. Open data؛ الميزانية، التشاركية")
    words = [t[1] if t else None for t in terms]
    assert words.index("participatif") != words.index("budget") + 1
    assert words.index("data") == words.index("open") + 1
    assert words.index("التشاركية") != words.index("الميزانية") + 1
