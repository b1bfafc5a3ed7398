import time

import numpy as np

from consult.clustering import SimilarIndex, embed, find_near_duplicates


def test_near_duplicates_across_languages_are_flagged(proposals, vectors):
    pairs = find_near_duplicates(vectors, threshold=0.9)
    found = {(p.first, p.second) for p in pairs}
    assert (1, 3) in found  # two French wordings of the same request
    assert (0, 1) in found or (0, 2) in found  # Arabic with its French or English translation
    themes = [theme for theme, _, _ in proposals]
    assert all(themes[p.first] == themes[p.second] for p in pairs)  # no cross-theme pair
    same_language = next(p for p in pairs if (p.first, p.second) == (1, 3))
    assert same_language.lexical > 0.5 and 0.9 <= same_language.score <= 1.0
    assert [p.score for p in pairs] == sorted((p.score for p in pairs), reverse=True)


def test_approximate_search_finds_the_exact_pairs(vectors):
    rng = np.random.default_rng(0)
    noise = rng.normal(size=(300, vectors.shape[1])).astype(np.float32)
    noise /= np.linalg.norm(noise, axis=1, keepdims=True)
    many = np.vstack([vectors, noise])
    exact = {(p.first, p.second) for p in find_near_duplicates(many, 0.9, exact=True)}
    approximate = {(p.first, p.second) for p in find_near_duplicates(many, 0.9, exact=False)}
    assert exact and approximate <= exact
    assert len(approximate) >= 0.8 * len(exact)


def test_similar_lookup_finds_translations_first(proposals, vectors):
    ids = [f"P{i}" for i in range(len(proposals))]
    index = SimilarIndex(ids, vectors)
    hits = index.query_text("Rendre public le budget municipal sur internet", k=4)
    assert len(hits) == 4
    assert {hit for hit, _ in hits} == {"P0", "P1", "P2", "P3"}
    assert all(0 <= score <= 1 for _, score in hits)
    assert [s for _, s in hits] == sorted((s for _, s in hits), reverse=True)
    assert index.query_vector(vectors[4], k=1, exclude=["P4"])[0][0] in {"P5", "P6"}


def test_similar_index_add_and_remove(vectors):
    index = SimilarIndex(["a"], vectors[:1])
    index.add(["b", "a"], vectors[4:6])
    assert len(index) == 2
    index.remove(["a"])
    assert [hit for hit, _ in index.query_vector(vectors[0], k=5)] == ["b"]
    assert SimilarIndex().query_text("anything") == []
