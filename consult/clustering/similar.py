"""Similar-proposal lookup for the submission form ("these proposals may already say it").

``SimilarIndex(ids, vectors)`` holds the stored vectors in memory (100,000 proposals: about
300 MB of float32) and answers ``query_text(text, k)`` by an exact scan: one matrix-vector
product, a few milliseconds at 100,000, plus embedding the query (a few ms with USE).
Scores are the same [0, 1] scores as near-duplicates and the ``similarity`` command.
"""
from __future__ import annotations

from typing import Hashable, Sequence

import numpy as np

from consult.clustering.encoder import Encoder
from consult.clustering.vectors import (SEMANTIC_DIM, VECTOR_DIM, combined_cosine,
                                        cosine_to_score, embed)


class SimilarIndex:
    """In-memory index of stored proposal vectors; keep one per consultation."""

    def __init__(self, ids: Sequence[Hashable] = (), vectors: np.ndarray | None = None,
                 encoder: Encoder | None = None):
        self._encoder = encoder
        self._ids: list = []
        self._vectors = np.zeros((0, VECTOR_DIM), dtype=np.float32)
        if len(ids):
            self.add(ids, vectors)

    def __len__(self) -> int:
        return len(self._ids)

    def add(self, ids: Sequence[Hashable], vectors: np.ndarray) -> None:
        """Add proposals (ids and their stored vectors); an id already present is replaced."""
        vectors = np.asarray(vectors, dtype=np.float32).reshape(len(ids), VECTOR_DIM)
        if set(ids) & set(self._ids):
            self.remove([i for i in ids if i in set(self._ids)])
        self._ids.extend(ids)
        self._vectors = np.vstack([self._vectors, vectors])

    def remove(self, ids: Sequence[Hashable]) -> None:
        gone = set(ids)
        keep = [i for i, pid in enumerate(self._ids) if pid not in gone]
        self._ids = [self._ids[i] for i in keep]
        self._vectors = self._vectors[keep]

    def query_vector(self, vector: np.ndarray, k: int = 5, min_score: float = 0.0,
                     exclude: Sequence[Hashable] = ()) -> list[tuple[Hashable, float]]:
        """The k most similar proposals to a stored-format vector: [(id, score)], best first."""
        if not self._ids or k <= 0:
            return []
        vector = np.asarray(vector, dtype=np.float32).reshape(VECTOR_DIM)
        semantic = self._vectors[:, :SEMANTIC_DIM] @ vector[:SEMANTIC_DIM]
        lexical = self._vectors[:, SEMANTIC_DIM:] @ vector[SEMANTIC_DIM:]
        scores = cosine_to_score(combined_cosine(semantic, lexical))
        excluded = set(exclude)
        take = min(len(scores), k + len(excluded))
        top = np.argpartition(-scores, take - 1)[:take]
        top = top[np.lexsort((top, -scores[top]))]
        result = [(self._ids[i], float(scores[i])) for i in top
                  if self._ids[i] not in excluded and scores[i] >= min_score]
        return result[:k]

    def query_text(self, text: str, k: int = 5, min_score: float = 0.0,
                   exclude: Sequence[Hashable] = ()) -> list[tuple[Hashable, float]]:
        """The k most similar proposals to a new text (embeds it once)."""
        return self.query_vector(embed([text], self._encoder)[0], k, min_score, exclude)
