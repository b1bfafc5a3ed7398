"""Proposal vectors: computed once when a proposal is saved, stored as bytes, reused for grouping,
near-duplicates and the similar-proposal lookup (nothing is ever re-embedded).

A stored vector is ``float32[VECTOR_DIM]`` made of two L2-normalised parts:

- ``[0:512]`` semantic channel: the multilingual sentence encoder (Arabic, French and English
  sentences with the same meaning are close);
- ``[512:768]`` lexical channel: a 256-bucket feature-hashing sketch of character 3-5-grams and
  word stems of the normalised text (Arabic normalisation, accent folding, stop words removed;
  Arabic words light-stemmed first — article, glued particles and endings removed — so that
  "والشفافية" and "شفافية", or MSA and Tunisian forms of one word, share their n-grams).
  Hashing needs no vocabulary fitted on the corpus, so the sketch of a proposal never changes
  when others are added; its cosine approximates the cosine of the full n-gram vectors. That is
  why the lexical side is stored too: grouping works from stored vectors alone, without texts.

``VECTOR_VERSION`` names the encoder and the layout; the platform stores it next to the vector
and re-embeds only if it changes.
"""
from __future__ import annotations

from typing import Sequence

from functools import lru_cache

import numpy as np

from consult.clustering.algorithms.encoder import Encoder, default_encoder
from consult.clustering.algorithms.text import content_terms, fold_accents
from consult.core.text import arabic_light_stem

SEMANTIC_DIM = 512
LEXICAL_DIM = 256
VECTOR_DIM = SEMANTIC_DIM + LEXICAL_DIM
VECTOR_VERSION = "use-multilingual-v3+charhash256-v2"


def _lexical_features(text: str) -> list[str]:
    terms = content_terms(text)
    words = [arabic_light_stem(surface) if lang == "ar" else fold_accents(surface)
             for lang, surface, _ in terms]
    stems = ["w:" + stem for _, _, stem in terms]
    grams = []
    for word in words:
        padded = f" {word} "
        for n in (3, 4, 5):
            grams.extend(padded[i:i + n] for i in range(len(padded) - n + 1))
    return grams + stems


@lru_cache(maxsize=1)
def _hasher():
    from sklearn.feature_extraction.text import HashingVectorizer  # here: scikit-learn loads slowly

    return HashingVectorizer(analyzer=_lexical_features, n_features=LEXICAL_DIM,
                             alternate_sign=True, norm="l2")


def lexical_sketch(texts: Sequence[str]) -> np.ndarray:
    """(n, 256) float32 lexical channel; deterministic, independent of the other texts."""
    if not texts:
        return np.zeros((0, LEXICAL_DIM), dtype=np.float32)
    return _hasher().transform(list(texts)).toarray().astype(np.float32)


def embed(texts: Sequence[str], encoder: Encoder | None = None) -> np.ndarray:
    """(n, VECTOR_DIM) float32 vectors of the texts; call once per proposal, when it is saved."""
    encoder = encoder or default_encoder()
    if encoder.dim != SEMANTIC_DIM:
        raise ValueError(f"encoder {encoder.name} has dim {encoder.dim}, expected {SEMANTIC_DIM}")
    semantic = np.asarray(encoder.encode(list(texts)), dtype=np.float32)
    return np.hstack([semantic, lexical_sketch(texts)])


def vector_to_bytes(vector: np.ndarray) -> bytes:
    """Little-endian float32 bytes of one vector (VECTOR_DIM * 4 = 3072 bytes)."""
    vector = np.asarray(vector, dtype="<f4").reshape(-1)
    if vector.shape[0] != VECTOR_DIM:
        raise ValueError(f"expected {VECTOR_DIM} values, got {vector.shape[0]}")
    return vector.tobytes()


def vector_from_bytes(data: bytes) -> np.ndarray:
    """The float32 vector stored by :func:`vector_to_bytes`."""
    if len(data) != VECTOR_DIM * 4:
        raise ValueError(f"expected {VECTOR_DIM * 4} bytes, got {len(data)}")
    return np.frombuffer(data, dtype="<f4").astype(np.float32)


def stack_vectors(blobs: Sequence[bytes | np.ndarray]) -> np.ndarray:
    """(n, VECTOR_DIM) float32 matrix from stored bytes (or arrays), e.g. from a DB query."""
    if len(blobs) == 0:
        return np.zeros((0, VECTOR_DIM), dtype=np.float32)
    rows = [vector_from_bytes(b) if isinstance(b, (bytes, bytearray, memoryview)) else b
            for b in blobs]
    return np.vstack(rows).astype(np.float32, copy=False)


def semantic_part(vectors: np.ndarray) -> np.ndarray:
    return vectors[..., :SEMANTIC_DIM]


def lexical_part(vectors: np.ndarray) -> np.ndarray:
    return vectors[..., SEMANTIC_DIM:]


# Weight of the lexical channel in the grouping space: small, because character n-grams pull
# proposals towards others in the same language; they mainly break ties between near-duplicates.
GROUPING_LEXICAL_WEIGHT = 0.3


def grouping_space(vectors: np.ndarray, lexical_weight: float = GROUPING_LEXICAL_WEIGHT
                   ) -> np.ndarray:
    """Rows [semantic, w * lexical], re-normalised: the space in which groups are formed."""
    vectors = np.asarray(vectors, dtype=np.float32)
    space = np.hstack([semantic_part(vectors), lexical_weight * lexical_part(vectors)])
    return space / np.maximum(np.linalg.norm(space, axis=1, keepdims=True), 1e-12)


# Pair scores. Two texts in one language: the mean of the semantic and lexical cosines (shared
# stems and n-grams are evidence of a paraphrase; on the Arabic demo proposals it separates
# same-theme pairs better than either channel). Two languages, or a language not known: the
# lexical channel can only raise the semantic cosine (translations share no n-grams, so it must
# not lower theirs). Then a logistic curve per language pair maps the cosine to [0, 1].
SAME_LANGUAGE_LEXICAL_SHARE = 0.5
_LEXICAL_SHARE = 0.3

# Calibration: for each pair of languages, (centre, slope) of the logistic curve, so that a score
# means the same in every pair: 0.9 is reached by 75% of the translations (the 25th percentile of
# their cosines) and 0.1 only by 1% of other sentences of the same topic (their 99th
# percentile). Fitted on SIB-200 train+dev (800 sentences; same-language Arabic pairs: an MSA
# sentence and its Tunisian translation; French and English alone have no paraphrase pairs there
# and use the Arabic curve; an unknown or mixed language uses the curve of all pairs pooled) by
# ``bench/calibrate_similarity.py``, which prints these lines.
CALIBRATION = {
    ('ar', 'ar'): (0.4571, 10.57),
    ('ar', 'en'): (0.5296, 13.07),
    ('ar', 'fr'): (0.4868, 17.69),
    ('en', 'fr'): (0.5741, 11.14),
    ('en', 'en'): (0.4571, 10.57),
    ('fr', 'fr'): (0.4571, 10.57),
    None: (0.5251, 13.38),
}
LANGUAGE_CODES = ("ar", "fr", "en")   # code 0 is "not known"


def language_code(language: str | None) -> int:
    """0 for an unknown or mixed language, else 1 + index in LANGUAGE_CODES ('ar-TN' is 'ar')."""
    base = (language or "").split("-")[0].lower()
    return LANGUAGE_CODES.index(base) + 1 if base in LANGUAGE_CODES else 0


def language_codes(languages) -> np.ndarray:
    return np.array([language_code(language) for language in languages], dtype=np.int8)


def _tables() -> tuple[np.ndarray, np.ndarray]:
    size = len(LANGUAGE_CODES) + 1
    centre = np.full((size, size), CALIBRATION[None][0])
    slope = np.full((size, size), CALIBRATION[None][1])
    for key, (c, s) in CALIBRATION.items():
        if key is None:
            continue
        a, b = (LANGUAGE_CODES.index(x) + 1 for x in key)
        centre[a, b] = centre[b, a] = c
        slope[a, b] = slope[b, a] = s
    return centre, slope


_CENTRE, _SLOPE = _tables()


def combined_cosine(semantic_cos: np.ndarray, lexical_cos: np.ndarray,
                    same_language: np.ndarray | bool = False) -> np.ndarray:
    semantic_cos = np.asarray(semantic_cos, dtype=np.float64)
    lexical_cos = np.asarray(lexical_cos, dtype=np.float64)
    combined = np.maximum(semantic_cos, (1 - _LEXICAL_SHARE) * semantic_cos + _LEXICAL_SHARE * lexical_cos)
    same_language = np.broadcast_to(np.asarray(same_language, dtype=bool), combined.shape)
    if same_language.any():
        mean = (1 - SAME_LANGUAGE_LEXICAL_SHARE) * semantic_cos + SAME_LANGUAGE_LEXICAL_SHARE * lexical_cos
        combined = np.where(same_language, mean, combined)
    return combined


def cosine_to_score(cosine: np.ndarray, codes_a=0, codes_b=0) -> np.ndarray:
    """Map a combined cosine to a similarity score in [0, 1], with the curve of the language
    pair (codes from :func:`language_code`, broadcast against ``cosine``; 0: not known)."""
    codes_a, codes_b = np.asarray(codes_a, dtype=np.intp), np.asarray(codes_b, dtype=np.intp)
    if codes_a.ndim == 0 and codes_b.ndim == 0:   # one curve for all: no tables to look up
        centre, slope = _CENTRE[codes_a, codes_b], _SLOPE[codes_a, codes_b]
    else:
        pair = codes_a * _CENTRE.shape[0] + codes_b
        centre, slope = _CENTRE.ravel()[pair], _SLOPE.ravel()[pair]
    exponent = -slope * (np.asarray(cosine, dtype=np.float64) - centre)
    return 1.0 / (1.0 + np.exp(np.clip(exponent, -50.0, 50.0)))


def calibrated_scores(semantic_cos: np.ndarray, lexical_cos: np.ndarray, codes_a=0, codes_b=0
                      ) -> np.ndarray:
    """Scores in [0, 1] from the two channels' cosines and the language codes of both sides."""
    codes_a, codes_b = np.asarray(codes_a), np.asarray(codes_b)
    if not codes_a.any() and not codes_b.any():   # no language known: the pooled curve
        return cosine_to_score(combined_cosine(semantic_cos, lexical_cos))
    same = (codes_a == codes_b) & (codes_a != 0)
    return cosine_to_score(combined_cosine(semantic_cos, lexical_cos, same), codes_a, codes_b)


def pair_scores(vectors_a: np.ndarray, vectors_b: np.ndarray, languages_a=None, languages_b=None
                ) -> np.ndarray:
    """Similarity score in [0, 1] of each row of a with the same row of b; give the languages
    ('ar', 'fr', 'en'; None or 'mixed' when not known) for the score of their pair."""
    semantic = np.einsum("ij,ij->i", semantic_part(vectors_a), semantic_part(vectors_b))
    lexical = np.einsum("ij,ij->i", lexical_part(vectors_a), lexical_part(vectors_b))
    codes_a = language_codes(languages_a) if languages_a is not None else 0
    codes_b = language_codes(languages_b) if languages_b is not None else 0
    return calibrated_scores(semantic, lexical, codes_a, codes_b)


def similarity(text_a: str, text_b: str, encoder: Encoder | None = None) -> float:
    """Similarity score in [0, 1] of two texts, in the same or different languages."""
    from consult.core.text import detect_language

    vectors = embed([text_a, text_b], encoder)
    return float(pair_scores(vectors[:1], vectors[1:], [detect_language(text_a)],
                             [detect_language(text_b)])[0])
