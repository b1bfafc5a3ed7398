"""The pure parts of curation: titles from proposals, the mixed-theme flag, what a regrouping changes."""
from __future__ import annotations

import numpy as np

from consult.clustering.algorithms import compare_groupings, label_agreement, mixed_split, theme_labels
from consult.clustering.algorithms.labels import clean_title


def _around(direction, n, seed, spread=0.05):
    rng = np.random.default_rng(seed)
    rows = direction + spread * rng.normal(size=(n, direction.size))
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def _directions(k, dim=32, seed=0):
    rng = np.random.default_rng(seed)
    rows = rng.normal(size=(k, dim))
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_each_language_takes_its_most_central_member_and_a_missing_one_the_theme_s_most_central():
    a = _directions(1)[0]
    centre = a
    far = _around(a, 1, 1, spread=0.6)[0]
    vectors = np.vstack([far, centre, _around(a, 1, 2, 0.01)[0], _around(a, 1, 3, 0.3)[0]])
    titles = ["Budget loin", "Budget au centre", "الميزانية في المركز", "Autre budget"]
    label = theme_labels(np.zeros(4, dtype=int), vectors, titles, ["fr", "fr", "ar", "fr"])[0]
    assert label.titles["fr"] == "Budget au centre" and label.sources["fr"] == 1
    assert label.titles["ar"] == "الميزانية في المركز" and label.languages["ar"] == "ar"
    assert label.anchor in (1, 2)
    assert label.titles["en"] == titles[label.anchor] and label.languages["en"] == ["fr", "fr", "ar"][label.anchor]


def test_a_mixed_proposal_s_title_counts_in_the_language_it_is_written_in():
    vectors = _around(_directions(1)[0], 2, 0)
    label = theme_labels(np.zeros(2, dtype=int), vectors, ["Publier le budget de la commune", "نشر الميزانية"],
                         ["mixed", "mixed"])[0]
    assert label.languages == {"ar": "ar", "fr": "fr", "en": label.languages["en"]}
    assert label.titles["fr"] == "Publier le budget de la commune" and label.titles["ar"] == "نشر الميزانية"


def test_titles_are_one_line_without_trailing_punctuation_and_cut_at_a_word():
    assert clean_title("  Publier\n le budget.  ") == "Publier le budget"
    long = clean_title("mot " * 60)
    assert len(long) <= 111 and long.endswith("mot…")


def test_label_agreement_counts_one_source_or_translations():
    themes = [{"titles": {"ar": "x", "fr": "x", "en": "x"}, "sources": {"ar": 1, "fr": 1, "en": 1}},
              {"titles": {"ar": "ماء", "fr": "eau", "en": "water"}, "sources": {"ar": 1, "fr": 2, "en": 3}},
              {"titles": {"ar": "ماء", "fr": "budget", "en": "water"}}]
    same = {frozenset({"ماء", "eau"}), frozenset({"ماء", "water"}), frozenset({"eau", "water"})}
    result = label_agreement(themes, lambda a, b: 1.0 if frozenset({a, b}) in same else 0.0)
    assert result == {"themes": 3, "same_proposal": 1, "translations": 1, "agreeing": 2, "share": 0.667}


def test_two_subjects_are_flagged_mixed_with_their_sub_groups_and_one_subject_is_not():
    a, b = _directions(2)
    two = np.vstack([_around(a, 5, 1), _around(b, 4, 2)])
    result = mixed_split(two)
    assert result.mixed and result.silhouette > 0.5 and result.centroid_cosine < 0.4
    assert sorted(map(sorted, result.groups)) == [list(range(5)), list(range(5, 9))]
    assert result.groups[0] == list(range(5))   # the larger sub-group first
    one = mixed_split(_around(a, 9, 3, spread=0.15))
    assert not one.mixed and len(one.groups) == 2
    # A sub-group too small to be a theme of its own does not make the theme mixed.
    assert not mixed_split(np.vstack([_around(a, 10, 4), _around(b, 2, 5)])).mixed
    assert not mixed_split(two[:5]).mixed and mixed_split(two[:5]).silhouette is None


def test_compare_groupings_tells_what_stays_merges_splits_and_moves():
    before = ["A"] * 4 + ["B"] * 4 + ["C"] * 6 + [None] * 2 + ["L"] * 3
    after = [0] * 4 + [0] * 4 + [1] * 3 + [2] * 3 + [1, 2] + [3] * 3
    changes = compare_groupings(before, after, kept={3: "L"})
    assert [m["themes"] for m in changes["merges"]] == [["A", "B"]]
    assert [(s["theme"], s["groups"]) for s in changes["splits"]] == [("C", [1, 2])]
    assert [(s["theme"], s["kept"]) for s in changes["stays"]] == [("L", True)]
    assert changes["moved"] == 3 and changes["newly_grouped"] == 2
    assert (changes["themes_before"], changes["themes_after"]) == (4, 4)
    same = compare_groupings(["A", "A", "B", "B"], [1, 1, 0, 0])
    assert [s["theme"] for s in same["stays"]] == ["A", "B"] and same["moved"] == 0 and not same["merges"]


def test_with_a_same_meaning_bar_a_language_s_title_must_say_what_the_theme_s_most_central_says():
    a = _directions(1)[0]
    vectors = np.vstack([a, _around(a, 1, 1, 0.02)[0], _around(a, 1, 2, 0.9)[0]])
    titles = ["Budget de la commune", "ميزانية البلدية", "Budget of something else"]
    languages = ["fr", "ar", "en"]
    loose = theme_labels(np.zeros(3, dtype=int), vectors, titles, languages)[0]
    strict = theme_labels(np.zeros(3, dtype=int), vectors, titles, languages, min_anchor_cosine=0.9)[0]
    assert loose.titles["en"] == "Budget of something else"
    assert strict.anchor in (0, 1)   # the two that say the same thing are closest to the centroid
    assert strict.titles["ar"] == "ميزانية البلدية" and strict.titles["fr"] == "Budget de la commune"
    assert strict.titles["en"] == titles[strict.anchor] and strict.languages["en"] == languages[strict.anchor]
    assert strict.sources["en"] == strict.anchor


def test_a_theme_spread_over_many_subjects_is_mixed_even_when_its_halves_look_alike():
    directions = _directions(8, dim=64, seed=3)
    spread = np.vstack([_around(d, 3, i, 0.05) for i, d in enumerate(directions)])
    result = mixed_split(spread)
    assert result.cohesion < 0.6 and result.mixed
