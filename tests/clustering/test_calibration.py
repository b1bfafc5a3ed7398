"""The similarity score is calibrated per pair of languages, so that one threshold means the same
in every language; two texts in one language also count their shared words."""
import numpy as np
import pytest

from consult.clustering.algorithms import vectors as v


def test_language_codes_fold_dialects_and_leave_mixed_unknown():
    assert v.language_code("ar") == v.language_code("ar-TN") != 0
    assert v.language_code("mixed") == v.language_code(None) == 0
    assert len({v.language_code(code) for code in ("ar", "fr", "en")}) == 3


@pytest.mark.parametrize("pair", [key for key in v.CALIBRATION if key])
def test_each_pair_has_its_curve_symmetric_and_half_way_at_its_centre(pair):
    a, b = (v.language_code(code) for code in pair)
    centre, _slope = v.CALIBRATION[pair]
    assert v.cosine_to_score(np.array(centre), a, b) == pytest.approx(0.5)
    assert v.cosine_to_score(np.array(centre), b, a) == pytest.approx(0.5)
    cosines = np.linspace(0, 1, 11)
    assert np.all(np.diff(v.cosine_to_score(cosines, a, b)) > 0)


def test_one_cosine_means_different_things_in_different_pairs():
    # Translations Arabic <-> French have lower cosines than French <-> English ones (SIB-200):
    # the same cosine is stronger evidence across Arabic and French.
    ar, fr, en = (v.language_code(code) for code in ("ar", "fr", "en"))
    cosine = np.array(0.55)
    assert v.cosine_to_score(cosine, ar, fr) > v.cosine_to_score(cosine, fr, en)


def test_same_language_pairs_weigh_shared_words_and_other_pairs_are_never_lowered_by_them():
    ar, fr = v.language_code("ar"), v.language_code("fr")
    semantic = np.array([0.6, 0.6])
    lexical = np.array([0.9, 0.0])
    same = v.calibrated_scores(semantic, lexical, ar, ar)
    assert same[0] > same[1]                       # shared stems raise, none lower
    across = v.calibrated_scores(semantic, lexical, ar, fr)
    assert across[1] == pytest.approx(v.cosine_to_score(semantic[1], ar, fr))   # no words: not lowered
    unknown = v.calibrated_scores(semantic, lexical, 0, 0)
    assert unknown[0] >= unknown[1]


def test_pair_scores_take_the_languages_of_each_row():
    rng = np.random.default_rng(0)
    rows = rng.normal(size=(2, v.VECTOR_DIM)).astype(np.float32)
    rows[:, :v.SEMANTIC_DIM] /= np.linalg.norm(rows[:, :v.SEMANTIC_DIM], axis=1, keepdims=True)
    rows[:, v.SEMANTIC_DIM:] /= np.linalg.norm(rows[:, v.SEMANTIC_DIM:], axis=1, keepdims=True)
    first, second = rows[:1], rows[1:]
    assert v.pair_scores(first, second, ["ar"], ["fr"]) != v.pair_scores(first, second, ["fr"], ["en"])
    assert v.pair_scores(first, second) == v.pair_scores(first, second, [None], ["mixed"])
