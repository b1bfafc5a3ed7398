"""Near-duplicate proposals: pairs that say the same thing, in one language or across languages.

``find_near_duplicates(vectors, threshold=0.9) -> list[DuplicatePair]`` scores candidate pairs
with :func:`consult.clustering.algorithms.vectors.calibrated_scores` (semantic and lexical cosines,
combined and mapped to [0, 1] by the curve of the pair's languages). Memory stays O(n * neighbours): up to ``EXACT_LIMIT`` (5,000) proposals every pair is
scored in row blocks; above it, an inverted-file search compares each proposal only with the
members of its ``probes`` nearest k-means cells (approximate, a few seconds at 100,000).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from sklearn.cluster import MiniBatchKMeans

from consult.clustering.algorithms.vectors import (calibrated_scores, language_codes, lexical_part,
                                                   semantic_part)

EXACT_LIMIT = 5_000
DEFAULT_THRESHOLD = 0.9
_BLOCK = 1024


@dataclass(frozen=True)
class DuplicatePair:
    first: int  # index of the earlier proposal
    second: int  # index of the later proposal
    score: float  # in [0, 1]
    semantic: float  # cosine of the semantic channel
    lexical: float  # cosine of the lexical channel


def _scores(rows: np.ndarray, candidates: np.ndarray, vectors: np.ndarray, codes: np.ndarray):
    """(score, semantic, lexical) matrices between vectors[rows] and vectors[candidates]."""
    semantic = semantic_part(vectors[rows]) @ semantic_part(vectors[candidates]).T
    lexical = lexical_part(vectors[rows]) @ lexical_part(vectors[candidates]).T
    score = calibrated_scores(semantic, lexical, codes[rows][:, None], codes[candidates][None, :])
    return score, semantic, lexical


def _collect(pairs: dict, rows, candidates, vectors, threshold, neighbours, codes):
    score, semantic, lexical = _scores(rows, candidates, vectors, codes)
    score[candidates[None, :] == rows[:, None]] = -1.0  # a proposal is not its own duplicate
    take = min(neighbours, candidates.size - 1)
    top = np.argpartition(-score, take, axis=1)[:, :take + 1]
    r_index, c_index = np.nonzero(np.take_along_axis(score, top, axis=1) >= threshold)
    for r, c in zip(r_index, top[r_index, c_index]):
        i, j = int(rows[r]), int(candidates[c])
        key = (min(i, j), max(i, j))
        if key not in pairs:
            pairs[key] = DuplicatePair(key[0], key[1], float(score[r, c]),
                                       float(semantic[r, c]), float(lexical[r, c]))


def find_near_duplicates(vectors: np.ndarray, threshold: float = DEFAULT_THRESHOLD,
                         neighbours: int = 10, exact: bool | None = None,
                         probes: int = 4, languages=None) -> list[DuplicatePair]:
    """Pairs scoring >= threshold, at most ``neighbours`` per proposal, best score first.

    ``languages`` (one per row: 'ar', 'fr', 'en', None or 'mixed') picks the calibrated score of
    each pair of languages, so the threshold means the same in every language.

    ``exact`` forces (True) or forbids (False) the all-pairs search; by default it is used up to
    EXACT_LIMIT proposals.
    """
    vectors = np.asarray(vectors, dtype=np.float32)
    n = vectors.shape[0]
    pairs: dict[tuple[int, int], DuplicatePair] = {}
    if n < 2:
        return []
    codes = (language_codes(languages) if languages is not None else np.zeros(n, dtype=np.int8))
    if exact is None:
        exact = n <= EXACT_LIMIT
    if exact:
        everyone = np.arange(n)
        for start in range(0, n, _BLOCK):
            _collect(pairs, everyone[start:start + _BLOCK], everyone, vectors, threshold,
                     neighbours, codes)
    else:
        semantic = semantic_part(vectors)
        n_cells = max(2, min(n // 20, int(2 * math.sqrt(n))))
        kmeans = MiniBatchKMeans(n_clusters=n_cells, init="random", random_state=0,
                                 batch_size=4096, n_init=1)
        cell = kmeans.fit_predict(semantic)
        centres = kmeans.cluster_centers_.astype(np.float32)
        nearest_cells = np.argsort(-(centres @ centres.T), axis=1)[:, :probes]
        members = [np.flatnonzero(cell == c) for c in range(n_cells)]
        for c in range(n_cells):
            if members[c].size == 0:
                continue
            candidates = np.concatenate([members[d] for d in nearest_cells[c]])
            for start in range(0, members[c].size, _BLOCK):
                _collect(pairs, members[c][start:start + _BLOCK], candidates, vectors,
                         threshold, neighbours, codes)
    return sorted(pairs.values(), key=lambda p: (-p.score, p.first, p.second))
