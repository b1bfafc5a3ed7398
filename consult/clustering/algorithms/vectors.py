"""Proposal vectors: computed once when a proposal is saved, stored as bytes, reused for grouping,
near-duplicates and the similar-proposal lookup (nothing is ever re-embedded).

A stored vector is ``float32[VECTOR_DIM]`` made of two L2-normalised parts:

- ``[0:512]`` semantic channel: the multilingual sentence encoder (Arabic, French and English
  sentences with the same meaning are close);
- ``[512:768]`` lexical channel: a 256-bucket feature-hashing sketch of character 3-5-grams and
  word stems of the normalised text (Arabic normalisation, accent folding, stop words removed).
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
from consult.clustering.algorithms.text import content_terms, fold_accents, normalize_arabic

SEMANTIC_DIM = 512
LEXICAL_DIM = 256
VECTOR_DIM = SEMANTIC_DIM + LEXICAL_DIM
VECTOR_VERSION = "use-multilingual-v3+charhash256-v1"


def _lexical_features(text: str) -> list[str]:
    words = [normalize_arabic(fold_accents(surface)) for _, surface, _ in content_terms(text)]
    stems = ["w:" + stem for _, _, stem in content_terms(text)]
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


# Pair scores: the lexical channel can only raise the semantic cosine (translations share no
# n-grams, so it must not lower theirs); a logistic curve maps the cosine to [0, 1], centred where
# topic-related but different sentences sit and steep enough that translations score > 0.8.
_LEXICAL_SHARE = 0.3
_SCORE_CENTRE = 0.45
_SCORE_SLOPE = 12.0


def combined_cosine(semantic_cos: np.ndarray, lexical_cos: np.ndarray) -> np.ndarray:
    semantic_cos = np.asarray(semantic_cos, dtype=np.float64)
    blended = (1 - _LEXICAL_SHARE) * semantic_cos + _LEXICAL_SHARE * np.asarray(lexical_cos)
    return np.maximum(semantic_cos, blended)


def cosine_to_score(cosine: np.ndarray) -> np.ndarray:
    """Map a combined cosine to a similarity score in [0, 1]."""
    exponent = -_SCORE_SLOPE * (np.asarray(cosine, dtype=np.float64) - _SCORE_CENTRE)
    return 1.0 / (1.0 + np.exp(np.clip(exponent, -50.0, 50.0)))


def pair_scores(vectors_a: np.ndarray, vectors_b: np.ndarray) -> np.ndarray:
    """Similarity score in [0, 1] of each row of a with the same row of b."""
    semantic = np.einsum("ij,ij->i", semantic_part(vectors_a), semantic_part(vectors_b))
    lexical = np.einsum("ij,ij->i", lexical_part(vectors_a), lexical_part(vectors_b))
    return cosine_to_score(combined_cosine(semantic, lexical))


def similarity(text_a: str, text_b: str, encoder: Encoder | None = None) -> float:
    """Similarity score in [0, 1] of two texts (translations of each other score high)."""
    vectors = embed([text_a, text_b], encoder)
    return float(pair_scores(vectors[:1], vectors[1:])[0])
