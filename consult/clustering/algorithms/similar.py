"""Similar-proposal lookup for the submission form ("these proposals may already say it").

``SimilarIndex(ids, vectors)`` holds the stored vectors in memory and answers
``query_text(text, k)`` while the citizen types, so a query must stay well under 50 ms at
100,000 proposals, embedding included. Scanning 100,000 x 512 float32 semantic rows reads
200 MB and is bound by memory bandwidth (15-25 ms on 2 busy cores), so large indexes scan in
two steps:

1. a coarse scan of every proposal in a 128-dimension PCA projection of the semantic channel
   (4x fewer bytes), keeping the best ``_CANDIDATES``. Products here are single-threaded
   einsums, not BLAS: they are memory-bound, so a second thread adds nothing, and on a busy
   machine BLAS threads waiting for each other made them 3-10x slower;
2. the exact semantic cosine of those candidates, then the lexical channel of the best
   ``_SHORTLIST`` of them, combined into the usual score.

The projection keeps the directions along which proposals differ most, so the true best
matches stay among the candidates (top-5 identical to the exact scan of both channels for
300 queries at 100,000, see bench/bench_clustering.py). Below ``PROJECTION_MIN_SIZE`` the exact scan is cheap and is used.
Scores are the same [0, 1] scores as near-duplicates and the ``similarity`` command; give the
languages of the proposals (``add(ids, vectors, languages)``) and of the query for the curve of
each pair of languages (unknown: the pooled curve).
"""
from __future__ import annotations

from typing import Hashable, Sequence

import numpy as np

from consult.clustering.algorithms.encoder import Encoder
from consult.clustering.algorithms.vectors import (LEXICAL_DIM, SEMANTIC_DIM, VECTOR_DIM,
                                                   calibrated_scores, embed, language_code,
                                                   language_codes)

PROJECTION_MIN_SIZE = 20_000
PROJECTION_DIM = 128
_PROJECTION_SAMPLE = 20_000  # rows the projection is fitted on (a fixed, evenly spaced sample)
_CANDIDATES = 2000           # best rows of the coarse scan, re-scored exactly
# The lexical channel raises a score by at most 0.3 * (1 - semantic cosine), so a proposal
# outside the semantic top few hundred cannot enter the top k in practice.
_SHORTLIST = 200


class SimilarIndex:
    """In-memory index of stored proposal vectors; keep one per consultation."""

    def __init__(self, ids: Sequence[Hashable] = (), vectors: np.ndarray | None = None,
                 encoder: Encoder | None = None, languages: Sequence[str | None] | None = None):
        self._encoder = encoder
        self._ids: list = []
        self._row_of: dict = {}
        # Separate contiguous channels with spare capacity (rows [0, len) are in use): adding
        # proposals copies the matrices only when the capacity doubles.
        self._semantic = np.zeros((0, SEMANTIC_DIM), dtype=np.float32)
        self._lexical = np.zeros((0, LEXICAL_DIM), dtype=np.float32)
        self._codes = np.zeros(0, dtype=np.int8)   # language code of each row (0: not known)
        self._mean: np.ndarray | None = None        # projection (None: exact scan only)
        self._basis: np.ndarray | None = None       # (SEMANTIC_DIM, PROJECTION_DIM)
        self._projected = np.zeros((0, PROJECTION_DIM), dtype=np.float32)
        self._fitted_size = 0
        if len(ids):
            self.add(ids, vectors, languages)

    def __len__(self) -> int:
        return len(self._ids)

    def _reserve(self, size: int) -> None:
        capacity = self._semantic.shape[0]
        if size <= capacity:
            return
        capacity = max(size, 2 * capacity, 1024)
        for name in ("_semantic", "_lexical", "_projected"):
            old = getattr(self, name)
            new = np.zeros((capacity, old.shape[1]), dtype=np.float32)
            new[:len(self._ids)] = old[:len(self._ids)]
            setattr(self, name, new)
        codes = np.zeros(capacity, dtype=np.int8)
        codes[:len(self._ids)] = self._codes[:len(self._ids)]
        self._codes = codes

    def add(self, ids: Sequence[Hashable], vectors: np.ndarray,
            languages: Sequence[str | None] | None = None) -> None:
        """Add proposals (ids, their stored vectors and, if known, their languages); an id
        already present is replaced."""
        if self.read_only:
            raise ValueError("a memory-mapped index is read-only")
        ids = list(ids)
        vectors = np.asarray(vectors, dtype=np.float32).reshape(len(ids), VECTOR_DIM)
        codes = (language_codes(languages) if languages is not None
                 else np.zeros(len(ids), dtype=np.int8))
        last = {pid: i for i, pid in enumerate(ids)}  # a repeated id: its last vector counts
        if len(last) < len(ids):
            ids = list(last)
            vectors = vectors[list(last.values())]
            codes = codes[list(last.values())]
        present = [pid for pid in ids if pid in self._row_of]
        if present:
            self.remove(present)
        start, stop = len(self._ids), len(self._ids) + len(ids)
        self._reserve(stop)
        self._semantic[start:stop] = vectors[:, :SEMANTIC_DIM]
        self._lexical[start:stop] = vectors[:, SEMANTIC_DIM:]
        self._codes[start:stop] = codes
        self._ids.extend(ids)
        self._row_of.update((pid, start + i) for i, pid in enumerate(ids))
        if stop >= PROJECTION_MIN_SIZE and stop >= 2 * self._fitted_size:
            self._fit_projection()  # refitted each time the index doubles: amortised
        elif self._basis is not None:
            self._projected[start:stop] = (self._semantic[start:stop] - self._mean) @ self._basis

    def _fit_projection(self) -> None:
        """PCA of the semantic rows (deterministic: an evenly spaced sample, exact eigh)."""
        size = len(self._ids)
        sample = self._semantic[np.linspace(0, size - 1, min(size, _PROJECTION_SAMPLE)).astype(int)]
        mean = sample.mean(axis=0)
        centred = (sample - mean).astype(np.float64)
        _values, vectors = np.linalg.eigh(centred.T @ centred)
        self._mean = mean.astype(np.float32)
        self._basis = np.ascontiguousarray(vectors[:, ::-1][:, :PROJECTION_DIM], dtype=np.float32)
        for start in range(0, size, 20_000):  # in blocks: no 100,000-row temporary
            block = self._semantic[start:min(size, start + 20_000)]
            self._projected[start:start + block.shape[0]] = (block - self._mean) @ self._basis
        self._fitted_size = size

    # --- shared by the processes of a server: saved once, memory-mapped by each one -------------

    _FILES = ("semantic", "lexical", "codes", "projected", "mean", "basis")

    def save(self, folder) -> None:
        """Write the index into an empty folder as .npy files that ``open`` maps (integer ids)."""
        from pathlib import Path
        folder, size = Path(folder), len(self._ids)
        np.save(folder / "ids.npy", np.asarray(self._ids, dtype=np.int64))
        np.save(folder / "semantic.npy", self._semantic[:size])
        np.save(folder / "lexical.npy", self._lexical[:size])
        np.save(folder / "codes.npy", self._codes[:size])   # the languages: calibrated scores
        if self._basis is not None:
            np.save(folder / "projected.npy", self._projected[:size])
            np.save(folder / "mean.npy", self._mean)
            np.save(folder / "basis.npy", self._basis)

    @classmethod
    def open(cls, folder, encoder: Encoder | None = None) -> "SimilarIndex":
        """A read-only index on the files ``save`` wrote, memory-mapped: every process that opens
        them shares one copy in the page cache, whatever the number of processes."""
        from pathlib import Path
        folder = Path(folder)
        index = cls(encoder=encoder)
        index._ids = [int(pid) for pid in np.load(folder / "ids.npy")]
        index._row_of = {pid: i for i, pid in enumerate(index._ids)}
        index._semantic = np.load(folder / "semantic.npy", mmap_mode="r")
        index._lexical = np.load(folder / "lexical.npy", mmap_mode="r")
        index._codes = np.load(folder / "codes.npy", mmap_mode="r")
        if (folder / "basis.npy").exists():
            index._projected = np.load(folder / "projected.npy", mmap_mode="r")
            index._mean = np.load(folder / "mean.npy")
            index._basis = np.load(folder / "basis.npy")
        index._fitted_size = len(index._ids)
        index.read_only = True
        return index

    read_only = False

    def remove(self, ids: Sequence[Hashable]) -> None:
        gone = {self._row_of[pid] for pid in ids if pid in self._row_of}
        if not gone:
            return
        if self.read_only:
            raise ValueError("a memory-mapped index is read-only")
        keep = np.array([i for i in range(len(self._ids)) if i not in gone], dtype=np.int64)
        for name in ("_semantic", "_lexical", "_projected", "_codes"):
            matrix = getattr(self, name)
            matrix[:keep.size] = matrix[keep]
        self._ids = [self._ids[i] for i in keep]
        self._row_of = {pid: i for i, pid in enumerate(self._ids)}

    def _semantic_candidates(self, query: np.ndarray, count: int
                             ) -> tuple[np.ndarray, np.ndarray]:
        """(rows, exact semantic cosines) of at least the ``count`` best rows."""
        size = len(self._ids)
        if self._basis is None or size <= _CANDIDATES:
            cosines = np.einsum("ij,j->i", self._semantic[:size], query)
        else:
            coarse = np.einsum("ij,j->i", self._projected[:size], (query - self._mean) @ self._basis)
            take = max(_CANDIDATES, count)
            rows = np.argpartition(coarse, size - take)[size - take:]
            cosines = np.einsum("ij,j->i", self._semantic[rows], query)
            return _best(rows, cosines, count)
        return _best(np.arange(size), cosines, count)

    def query_vector(self, vector: np.ndarray, k: int = 5, min_score: float = 0.0,
                     exclude: Sequence[Hashable] = (), language: str | None = None
                     ) -> list[tuple[Hashable, float]]:
        """The k most similar proposals to a stored-format vector: [(id, score)], best first."""
        if not self._ids or k <= 0:
            return []
        vector = np.asarray(vector, dtype=np.float32).reshape(VECTOR_DIM)
        excluded = set(exclude)
        rows, semantic = self._semantic_candidates(
            vector[:SEMANTIC_DIM], max(_SHORTLIST, k + len(excluded)))
        lexical = np.einsum("ij,j->i", self._lexical[rows], vector[SEMANTIC_DIM:])
        scores = calibrated_scores(semantic, lexical, language_code(language), self._codes[rows])
        order = np.lexsort((rows, -scores))
        result = [(self._ids[rows[i]], float(scores[i])) for i in order[:k + len(excluded)]
                  if self._ids[rows[i]] not in excluded and scores[i] >= min_score]
        return result[:k]

    def nearest_by_meaning(self, vector: np.ndarray, k: int, min_cosine: float = 0.0,
                           min_z: float | None = None, strong_cosine: float = 1.0,
                           z_min_size: int = 30, feedback: int = 0
                           ) -> list[tuple[Hashable, float]]:
        """The k proposals whose semantic channel is closest to the vector's: [(id, cosine)],
        best first. For search queries (a few words, any language), where the lexical channel
        and the calibrated score, made for whole proposals, do not apply.

        A proposal is kept when its cosine reaches ``strong_cosine``, or, with ``min_z`` and at
        least ``z_min_size`` proposals, when it stands ``min_z`` standard deviations above the
        query's mean cosine with all proposals (a short query's cosines are low and vary by
        query: being far above the rest says more than a fixed level); otherwise when it reaches
        ``min_cosine``. With ``feedback`` (pseudo-relevance feedback, Rocchio), the query is
        first moved towards the mean of its ``feedback`` closest proposals: a proposal says more
        than a word, and whole proposals in two languages are much closer than a word and a
        proposal ("budget" and an Arabic proposal on ميزانية: 0.17). Scans every row exactly
        (a search, not a keystroke: ~20 ms at 100,000).
        """
        return nearest_by_meaning([self], vector, k, min_cosine, min_z, strong_cosine,
                                  z_min_size, feedback)

    def query_text(self, text: str, k: int = 5, min_score: float = 0.0,
                   exclude: Sequence[Hashable] = ()) -> list[tuple[Hashable, float]]:
        """The k most similar proposals to a new text (embeds it once; its language detected)."""
        from consult.core.text import detect_language

        return self.query_vector(embed([text], self._encoder)[0], k, min_score, exclude,
                                 detect_language(text))


def _best(rows: np.ndarray, cosines: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
    if rows.size <= count:
        return rows, cosines
    best = np.argpartition(cosines, rows.size - count)[rows.size - count:]
    return rows[best], cosines[best]


def nearest_by_meaning(indexes: Sequence[SimilarIndex], vector: np.ndarray, k: int,
                       min_cosine: float = 0.0, min_z: float | None = None,
                       strong_cosine: float = 1.0, z_min_size: int = 30, feedback: int = 0
                       ) -> list[tuple[Hashable, float]]:
    """``SimilarIndex.nearest_by_meaning`` over several indexes taken as one, their rows in
    order (a shared base and its delta): the same answer as one index of all their rows, since
    the spread of the cosines and the feedback proposals are taken over all of them."""
    indexes = [index for index in indexes if len(index)]
    sizes = [len(index) for index in indexes]
    size = sum(sizes)
    if not size or k <= 0:
        return []
    starts = np.cumsum([0] + sizes)

    def cosines_with(query: np.ndarray) -> np.ndarray:
        return np.concatenate([np.einsum("ij,j->i", index._semantic[:len(index)], query)
                               for index in indexes])

    def locate(row: int) -> tuple[SimilarIndex, int]:
        part = int(np.searchsorted(starts, row, side="right")) - 1
        return indexes[part], int(row - starts[part])

    query = np.asarray(vector, dtype=np.float32).reshape(VECTOR_DIM)[:SEMANTIC_DIM]
    cosines = cosines_with(query)
    strong = cosines >= strong_cosine
    if feedback and size >= z_min_size:
        closest = np.argpartition(-cosines, feedback - 1)[:feedback]
        semantic = np.stack([index._semantic[row] for index, row in map(locate, closest)])
        moved = query / max(float(np.linalg.norm(query)), 1e-12) + semantic.mean(axis=0)
        cosines = cosines_with(moved / max(float(np.linalg.norm(moved)), 1e-12))
    if min_z is not None and size >= z_min_size:
        z = (cosines - cosines.mean()) / max(float(cosines.std()), 1e-6)
        keep = strong | (z >= min_z)
    else:
        keep = strong | (cosines >= min_cosine)
    rows = np.flatnonzero(keep)
    rows, found = _best(rows, cosines[rows], k)
    order = np.lexsort((rows, -found))
    result = []
    for i in order:
        index, row = locate(rows[i])
        result.append((index._ids[row], float(found[i])))
    return result
