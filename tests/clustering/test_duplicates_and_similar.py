
import numpy as np

from consult.clustering.algorithms import SimilarIndex, find_near_duplicates, nearest_by_meaning
from consult.clustering.algorithms.vectors import SEMANTIC_DIM, VECTOR_DIM


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


def test_similar_index_grows_without_losing_or_duplicating_rows(vectors):
    index = SimilarIndex()
    for i in range(len(vectors)):  # one at a time, as the platform adds new proposals
        index.add([f"p{i}"], vectors[i:i + 1])
    index.add(["p0", "p0"], vectors[[9, 4]])  # a replaced id keeps one row, its last vector
    assert len(index) == len(vectors)
    best = index.query_vector(vectors[4], k=len(vectors))
    assert [pid for pid, _ in best][:2] in (["p0", "p4"], ["p4", "p0"])
    assert len({pid for pid, _ in best}) == len(vectors)


def test_large_index_finds_the_same_best_matches_as_an_exact_scan(monkeypatch):
    from consult.clustering.algorithms import similar

    monkeypatch.setattr(similar, "PROJECTION_MIN_SIZE", 1000)
    monkeypatch.setattr(similar, "_CANDIDATES", 300)
    rng = np.random.default_rng(1)
    centres = rng.normal(size=(40, 768)).astype(np.float32)
    rows = centres[rng.integers(0, 40, 3000)] + rng.normal(scale=0.04, size=(3000, 768))
    rows = rows.astype(np.float32)
    for part in (slice(0, 512), slice(512, None)):
        rows[:, part] /= np.linalg.norm(rows[:, part], axis=1, keepdims=True)
    projected = SimilarIndex(range(2000), rows[:2000])
    projected.add(range(2000, 3000), rows[2000:])  # projected with the fitted basis
    assert projected._basis is not None
    exact = SimilarIndex(range(3000), rows)
    monkeypatch.setattr(exact, "_basis", None)
    for query in rows[::97]:
        found, expected = projected.query_vector(query, k=5), exact.query_vector(query, k=5)
        assert [pid for pid, _ in found] == [pid for pid, _ in expected]
        assert np.allclose([s for _, s in found], [s for _, s in expected], atol=1e-6)



def _rows(rng, count, topics):
    """Unit rows near a few topics (each channel of unit length), as stored vectors are."""
    rows = topics[rng.integers(0, len(topics), count)] + 0.6 * rng.normal(size=(count, VECTOR_DIM))
    rows = rows.astype(np.float32)
    for part in (slice(0, SEMANTIC_DIM), slice(SEMANTIC_DIM, VECTOR_DIM)):
        rows[:, part] /= np.linalg.norm(rows[:, part], axis=1, keepdims=True)
    return rows


def test_a_mapped_index_keeps_the_languages_and_answers_with_its_delta_as_one_index(tmp_path):
    rng = np.random.default_rng(3)
    topics = rng.normal(size=(4, VECTOR_DIM))
    rows = _rows(rng, 120, topics)
    languages = [("ar", "fr", "en", None)[i % 4] for i in range(120)]
    whole = SimilarIndex(range(120), rows, languages=languages)
    SimilarIndex(range(90), rows[:90], languages=languages[:90]).save(tmp_path)
    base = SimilarIndex.open(tmp_path)
    delta = SimilarIndex(range(90, 120), rows[90:], languages=languages[90:])
    assert base.read_only and isinstance(base._codes, np.memmap)
    assert base._codes[:4].tolist() == [1, 2, 3, 0]   # ar, fr, en, not known
    for query in _rows(rng, 6, topics):
        for language in ("ar", "fr", "en", None):
            expected = whole.query_vector(query, k=8, language=language)
            hits = sorted(base.query_vector(query, k=8, language=language)
                          + delta.query_vector(query, k=8, language=language), key=lambda h: -h[1])[:8]
            assert hits == expected
        # the calibrated curve of the pair is used: the same rows score differently by language
        assert whole.query_vector(query, k=8, language="ar") != whole.query_vector(query, k=8, language="fr")
        options = dict(min_z=1.8, strong_cosine=0.3, feedback=3)
        expected = whole.nearest_by_meaning(query, 20, 0.2, **options)
        assert expected and nearest_by_meaning([base, delta], query, 20, 0.2, **options) == expected
        assert nearest_by_meaning([base, delta], query, 20, 0.2) == whole.nearest_by_meaning(query, 20, 0.2)
