"""Arabic folding and light stemming, shared by the search and the clustering's lexical channel."""
import pytest

from consult.core.text import arabic_light_stem, fold_for_search, normalize_arabic, search_terms


@pytest.mark.parametrize("variant, plain", [
    ("أحمد", "احمد"), ("إدارة", "اداره"), ("آليات", "اليات"),      # alef forms; taa marbuta
    ("مستشفى", "مستشفي"),                                          # alef maqsura -> yaa
    ("مُقْتَرَحٌ", "مقترح"), ("الشفافيـــة", "الشفافيه"),               # diacritics, tatweel
    ("مسؤول", "مسوول"), ("هيئة", "هييه"),                           # hamza carriers
])
def test_normalisation_unifies_letter_forms_and_drops_marks(variant, plain):
    assert normalize_arabic(variant) == plain


@pytest.mark.parametrize("forms", [
    ("الشفافية", "شفافية", "والشفافية", "بالشفافية", "شفافيات"),
    ("الميزانية", "ميزانية", "الميزانيات", "وميزانية", "للميزانية"),
    ("المواطنين", "للمواطنين", "مواطنون", "والمواطن"),
    ("البلدية", "بلدية", "بالبلديات", "البلديات"),
])
def test_light_stem_removes_article_clitics_and_endings(forms):
    assert len({arabic_light_stem(form) for form in forms}) == 1


def test_light_stem_keeps_short_words_and_first_letters_that_belong_to_the_word():
    # و, ب, ل here are letters of the word, not glued particles; a 3-letter stem stays whole.
    assert arabic_light_stem("وزارة") == arabic_light_stem("الوزارة") == "وزار"
    assert arabic_light_stem("بلدية").startswith("ب")
    assert arabic_light_stem("قانون") == "قانون"
    assert arabic_light_stem("نشر") == "نشر"


def test_a_stem_is_part_of_every_folded_form_so_a_substring_search_finds_them_all():
    for form in ("الشفافية", "والشفافية", "شفافية", "بالبلديات", "للمواطنين"):
        assert arabic_light_stem(form) in fold_for_search(form)


def test_search_terms_stem_arabic_words_and_keep_references_and_latin_words():
    assert search_terms("الشفافية،") == search_terms("شفافية") == [arabic_light_stem("شفافية")]
    assert search_terms("Budget P-7K3Q") == ["budget", "p-7k3q"]
    assert search_terms("") == []
