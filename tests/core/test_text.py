"""Folding and language identification (consult.core.text): shared by search and clustering."""
from consult.core.text import detect_language, fold_accents, fold_for_search, normalize_arabic


def test_arabic_normalisation_removes_diacritics_tatweel_and_unifies_letters():
    assert normalize_arabic("مُقْتَرَحٌ") == "مقترح"
    assert normalize_arabic("الشفافيـــة") == normalize_arabic("الشفافية")
    assert normalize_arabic("إصلاح أحمد آمال") == "اصلاح احمد امال"
    assert normalize_arabic("مستشفى") == "مستشفي"
    assert normalize_arabic("بلدية") == "بلديه"


def test_accent_folding_keeps_arabic():
    assert fold_accents("Élaboration œuvre façade") == "Elaboration oeuvre facade"
    assert fold_accents("الميزانية budget") == "الميزانية budget"
    assert fold_for_search("  Élaborer   la   STRATÉGIE  ") == "elaborer la strategie"
    assert fold_for_search("الشَّفافيـة") == fold_for_search("الشفافيه")


def test_language_of_single_language_texts():
    assert detect_language("نشر ميزانية البلدية على الانترنت") == "ar"
    assert detect_language("Publier le budget de la commune en ligne") == "fr"
    assert detect_language("Publish the municipal budget online") == "en"
    assert detect_language("Budget participatif") == "fr"
    assert detect_language("l'accès à l'information") == "fr"
    assert detect_language("Access to information") == "en"


def test_mixed_arabic_and_french_like_the_seeds():
    seed_like = ("Promouvoir l'Open Gov local et viser 10 municipalités qui adhèrent à l'OGP "
                 "تعميم منظومة الشكاية الالكترونية على كافة البلديات والجماعات المحلية")
    assert detect_language(seed_like) == "mixed"
    # An acronym or a name in an Arabic sentence does not make it mixed.
    assert detect_language("تنفيذ خطط عمل خاصة بالشباب على المستوى المحلي (GIZ)") == "ar"
