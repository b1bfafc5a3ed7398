"""Similar-proposal lookup for the submission form ("these proposals may already say it").

``SimilarIndex(ids, vectors)`` holds the stored vectors in memory (100,000 proposals: about
300 MB of float32) and answers ``query_text(text, k)`` by an exact scan of the semantic channel
(one matrix-vector product, ~10 ms at 100,000 on an idle core) and the lexical channel of the
200 best, plus embedding the query (a few ms with USE).
Scores are the same [0, 1] scores as near-duplicates and the ``similarity`` command.
"""
from __future__ import annotations

from typing import Hashable, Sequence

import numpy as np

from consult.clustering.encoder import Encoder
from consult.clustering.vectors import (SEMANTIC_DIM, VECTOR_DIM, combined_cosine,
                                        cosine_to_score, embed)


_SHORTLIST = 200


class SimilarIndex:
    """In-memory index of stored proposal vectors; keep one per consultation."""

    def __init__(self, ids: Sequence[Hashable] = (), vectors: np.ndarray | None = None,
                 encoder: Encoder | None = None):
        self._encoder = encoder
        self._ids: list = []
        # The two channels kept as separate contiguous matrices: a product with a strided
        # slice of one big matrix would copy it on every query.
        self._semantic = np.zeros((0, SEMANTIC_DIM), dtype=np.float32)
        self._lexical = np.zeros((0, VECTOR_DIM - SEMANTIC_DIM), dtype=np.float32)
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
        self._semantic = np.vstack([self._semantic, vectors[:, :SEMANTIC_DIM]])
        self._lexical = np.vstack([self._lexical, vectors[:, SEMANTIC_DIM:]])

    def remove(self, ids: Sequence[Hashable]) -> None:
        gone = set(ids)
        keep = [i for i, pid in enumerate(self._ids) if pid not in gone]
        self._ids = [self._ids[i] for i in keep]
        self._semantic = self._semantic[keep]
        self._lexical = self._lexical[keep]

    def query_vector(self, vector: np.ndarray, k: int = 5, min_score: float = 0.0,
                     exclude: Sequence[Hashable] = ()) -> list[tuple[Hashable, float]]:
        """The k most similar proposals to a stored-format vector: [(id, score)], best first."""
        if not self._ids or k <= 0:
            return []
        vector = np.asarray(vector, dtype=np.float32).reshape(VECTOR_DIM)
        # Semantic scan of everyone, then the lexical channel only for the best candidates:
        # the lexical channel can raise a score by at most 0.3 * (1 - semantic), so a proposal
        # outside the semantic top few hundred cannot enter the top k in practice.
        semantic = self._semantic @ vector[:SEMANTIC_DIM]
        excluded = set(exclude)
        shortlist = min(len(semantic), max(_SHORTLIST, k + len(excluded)))
        candidates = np.argpartition(-semantic, shortlist - 1)[:shortlist]
        lexical = self._lexical[candidates] @ vector[SEMANTIC_DIM:]
        scores = cosine_to_score(combined_cosine(semantic[candidates], lexical))
        order = np.lexsort((candidates, -scores))
        result = [(self._ids[candidates[i]], float(scores[i])) for i in order[:k + len(excluded)]
                  if self._ids[candidates[i]] not in excluded and scores[i] >= min_score]
        return result[:k]

    def query_text(self, text: str, k: int = 5, min_score: float = 0.0,
                   exclude: Sequence[Hashable] = ()) -> list[tuple[Hashable, float]]:
        """The k most similar proposals to a new text (embeds it once)."""
        return self.query_vector(embed([text], self._encoder)[0], k, min_score, exclude)
