"""Grouping proposals from their stored vectors (no texts, no re-embedding).

Method (deterministic, scales to 100,000 proposals on 2 cores):

1. Each vector is mapped to the grouping space: the semantic channel plus the lexical channel
   at a small weight (:func:`consult.clustering.algorithms.vectors.grouping_space`).
2. Up to ``DIRECT_LIMIT`` proposals, Ward linkage runs on the proposals themselves, each first
   averaged with its nearest neighbours: 30% of the expected theme size, at most 20 (this
   smooths away wording and keeps the theme; more neighbours than a theme has members blur
   small themes into each other: on the demo proposals, 20 neighbours cost 0.06 AMI). Above
   it, MiniBatchKMeans first forms micro-clusters (about n/50, at most 2,000; the rows are fed
   in an order given by their content, so that shuffled input gives the same themes) and Ward
   runs on their centroids; each proposal takes its micro-cluster's group.
3. The number of groups, unless ``k`` is given, fits the scale a working group reads: about
   ``1.4 * sqrt(n)`` themes (22 themes of about 11 proposals for 250, 69 of about 35 for
   2,400, 443 of about 225 for 100,000), unless the Ward dendrogram shows a clear gap (a merge
   costing 1.25 times the previous one between ``0.7`` and ``2.2 * sqrt(n)`` groups, 1.6 times
   for fewer groups), as well separated groups do. The previous rule (the largest jump between
   ``0.75 * n ** (1/3)`` and ``sqrt(n)/2``) took the smallest count allowed on real proposals:
   5 themes of 38-52 for the 190 demo proposals written on 39 themes (AMI 0.38; now 19 themes,
   AMI 0.64). ``granularity`` scales the counts: 2.0 asks for about twice as many, finer
   groups; 0.5 for coarser ones.
4. Groups are numbered by size (largest first), ties by their smallest member index, so the
   same input always gives the same numbering.

Public API:
- ``group_vectors(vectors, k=None, granularity=1.0) -> Grouping``
- ``regroup_with_locked(vectors, locked, k=None, granularity=1.0) -> Grouping``
- ``assign_to_nearest_group(vector, group_centroids) -> (group_index, cosine)``
- ``group_centroids(vectors, labels) -> (n_groups, dim) array``
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Hashable, Mapping, Sequence

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse import csr_matrix
from sklearn.cluster import MiniBatchKMeans

from consult.clustering.algorithms.vectors import VECTOR_DIM, grouping_space

DIRECT_LIMIT = 4000
SMOOTHING_NEIGHBOURS = 20   # at most
SMOOTHING_SHARE = 0.3       # of the expected group size (n / k)
# Automatic number of groups, in multiples of sqrt(n): preferred, lowest, highest (see _k_range).
THEMES_PER_ROOT = 1.4
K_LOW = 0.7
K_HIGH = 2.2
CLEAR_JUMP = 1.25
VERY_CLEAR_JUMP = 1.6
MAX_MICRO_CLUSTERS = 2000
_SEED = 0


@dataclass
class Grouping:
    """labels[i] is the group (0..n_groups-1) of proposal i; centroids are in the grouping space.

    With locked groups, groups 0..len(locked_keys)-1 are the locked ones, in the order given,
    and ``locked_keys[g]`` is the key the caller used for locked group g.
    """

    labels: np.ndarray
    centroids: np.ndarray
    locked_keys: list = field(default_factory=list)

    @property
    def n_groups(self) -> int:
        return int(self.centroids.shape[0])


def _as_space(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim != 2:
        raise ValueError("vectors must be a 2-D array (one row per proposal)")
    if vectors.shape[1] == VECTOR_DIM:
        return grouping_space(vectors)
    # Already in some other normalised space (e.g. centroids passed back in): use as is.
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)


def group_centroids(space_or_vectors: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Normalised mean of each group's rows (stored vectors or grouping-space rows)."""
    space = _as_space(space_or_vectors)
    labels = np.asarray(labels)
    n_groups = int(labels.max()) + 1 if labels.size else 0
    # Sum rows per group with a sparse indicator matrix (np.add.at is slow at 100,000 rows).
    rows = (np.ones(labels.size, dtype=np.float32), (labels, np.arange(labels.size)))
    indicator = csr_matrix(rows, shape=(n_groups, labels.size))
    sums = np.asarray(indicator @ space, dtype=np.float64)
    return (sums / np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-12)
            ).astype(np.float32)


def _k_range(n: int, granularity: float) -> tuple[int, int, int]:
    """(lowest, preferred, highest) automatic number of groups for n proposals.

    The scale a working group reads: about ``sqrt(n) / THEMES_PER_ROOT`` proposals per theme
    (11 for 250 proposals, 35 for 2,400, 225 for 100,000), never fewer than 3 groups' worth of
    choice below and above. ``granularity`` multiplies all three.
    """
    root = math.sqrt(n)
    cap = max(2, n // 3)  # a group of fewer than 3 proposals on average is no theme
    target = min(cap, max(2, round(granularity * THEMES_PER_ROOT * root)))
    k_min = min(target, max(2, round(granularity * K_LOW * root)))
    k_max = min(cap, max(target, round(granularity * K_HIGH * root)))
    return k_min, target, k_max


def _choose_k(heights: np.ndarray, n_points: int, n_items: int, granularity: float) -> int:
    """The preferred number of groups, unless the Ward dendrogram shows a clear gap.

    A clear gap: merging k groups into k-1 costs at least ``CLEAR_JUMP`` times the previous
    merge within [k_min, k_max], or ``VERY_CLEAR_JUMP`` times for fewer, larger groups (2 to
    k_min); the largest such jump wins. Embeddings of real proposals rarely have one (on SIB-200
    and the demo their jumps are 1.00-1.25, the largest at 3 groups), and then the dendrogram's
    small wiggles would decide the count at random: the preferred count is stabler and fits the
    scale a working group reads.
    """
    k_min, target, k_max = _k_range(n_items, granularity)
    k_max = min(k_max, n_points - 1)
    if k_max < 2:
        return 1
    k_min, target = min(k_min, k_max), min(target, k_max)
    best_k, best_excess = target, 1.0
    for k in range(2, k_max + 1):
        # heights[-(k-1)] merges k groups into k-1; heights[-k] merges k+1 into k.
        ratio = heights[-(k - 1)] / max(heights[-k], 1e-12)
        excess = ratio / (CLEAR_JUMP if k >= k_min else VERY_CLEAR_JUMP)
        if excess > best_excess + 1e-9:
            best_k, best_excess = k, excess
    return best_k


def _smoothing_neighbours(n: int, k: int | None, granularity: float) -> int:
    """Neighbours averaged into each proposal: a fraction of the expected group size (averaging
    over more than a theme's members blurs small themes into their neighbours)."""
    expected_k = k or _k_range(n, granularity)[1]
    return min(SMOOTHING_NEIGHBOURS, int(SMOOTHING_SHARE * n / max(expected_k, 1)))


def _micro_clusters(space: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(micro label of each row, micro centroids) with MiniBatchKMeans."""
    n_micro = min(MAX_MICRO_CLUSTERS, max(DIRECT_LIMIT // 4, space.shape[0] // 50))
    # Random initial centres: k-means++ costs minutes for 2,000 centres and micro-clusters only
    # need to be small and tight, not optimal.
    kmeans = MiniBatchKMeans(n_clusters=n_micro, init="random", random_state=_SEED,
                             batch_size=4096, n_init=1, max_no_improvement=10,
                             reassignment_ratio=0.001)
    # k-means depends on the order of its input (mini-batches, random initial centres): it runs
    # on the rows in an order given by their content, so the same proposals in another order
    # give the same micro-clusters (before: ARI 0.28-0.33 between shuffles on 3,200 sentences).
    canonical = np.lexsort(space[:, :8].T[::-1])
    micro = np.empty(space.shape[0], dtype=np.int64)
    micro[canonical] = kmeans.fit_predict(space[canonical])
    used, micro = np.unique(micro, return_inverse=True)  # drop empty micro-clusters
    return micro, group_centroids(space, micro)


def _smooth(space: np.ndarray, n_neighbours: int = SMOOTHING_NEIGHBOURS) -> np.ndarray:
    """Each row plus the mean of its nearest neighbours, re-normalised (small inputs only)."""
    n_neighbours = min(n_neighbours, space.shape[0] - 1)
    if n_neighbours < 3:
        return space
    similarities = space @ space.T
    np.fill_diagonal(similarities, -np.inf)
    nearest = np.argpartition(-similarities, n_neighbours - 1, axis=1)[:, :n_neighbours]
    smoothed = space + space[nearest].mean(axis=1)
    return smoothed / np.maximum(np.linalg.norm(smoothed, axis=1, keepdims=True), 1e-12)


def _renumber(labels: np.ndarray, first: int = 0) -> np.ndarray:
    """Number groups by size (largest first), then by smallest member index, from ``first``."""
    labels = np.asarray(labels)
    if labels.size == 0:
        return np.zeros(0, dtype=np.int64)
    _groups, first_index, inverse, sizes = np.unique(labels, return_index=True,
                                                     return_inverse=True, return_counts=True)
    order = np.lexsort((first_index, -sizes))
    rank = np.empty(order.size, dtype=np.int64)
    rank[order] = np.arange(order.size)
    return rank[inverse.reshape(-1)] + first


def _cluster_space(space: np.ndarray, k: int | None, granularity: float) -> np.ndarray:
    n = space.shape[0]
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    if n == 1:
        return np.zeros(1, dtype=np.int64)
    if n <= DIRECT_LIMIT:
        micro, points = np.arange(n), _smooth(space, _smoothing_neighbours(n, k, granularity))
    else:
        micro, points = _micro_clusters(space)
    if points.shape[0] == 1:
        return np.zeros(n, dtype=np.int64)
    tree = linkage(points.astype(np.float64), method="ward")
    if k is None:
        k = _choose_k(tree[:, 2], points.shape[0], n, granularity)
    k = max(1, min(int(k), points.shape[0]))
    point_labels = fcluster(tree, k, criterion="maxclust") - 1
    return _renumber(point_labels[micro])


def group_vectors(vectors: np.ndarray, k: int | None = None, granularity: float = 1.0
                  ) -> Grouping:
    """Group proposals from their stored vectors (``embed`` output, shape (n, VECTOR_DIM)).

    ``k`` forces the number of groups; otherwise it is found automatically and ``granularity``
    (> 1 finer, < 1 coarser) scales the search range.
    """
    if granularity <= 0:
        raise ValueError("granularity must be positive")
    space = _as_space(vectors)
    labels = _cluster_space(space, k, granularity)
    centroids = (group_centroids(space, labels) if labels.size
                 else np.zeros((0, space.shape[1]), dtype=np.float32))
    return Grouping(labels=labels, centroids=centroids)


def assign_to_nearest_group(vector: np.ndarray, group_centroids: np.ndarray
                            ) -> tuple[int, float]:
    """(index of the closest group centroid, its cosine) for one new proposal's stored vector.

    Lets the platform file a new proposal into the current groups without a re-run; the
    centroids are ``Grouping.centroids`` (grouping space).
    """
    centroids = np.asarray(group_centroids, dtype=np.float32)
    if centroids.ndim != 2 or centroids.shape[0] == 0:
        raise ValueError("no group centroids to assign to")
    point = _as_space(np.asarray(vector, dtype=np.float32).reshape(1, -1))[0]
    if point.shape[0] != centroids.shape[1]:
        raise ValueError("vector and centroids are not in the same space")
    cosines = centroids @ point
    best = int(np.argmax(cosines))
    return best, float(cosines[best])


def regroup_with_locked(vectors: np.ndarray, locked: Mapping[Hashable, Sequence[int]],
                        k: int | None = None, granularity: float = 1.0) -> Grouping:
    """Re-group while the members of locked groups stay where they are.

    ``locked`` maps a group key (e.g. the platform's group id) to the indices of its members.
    Locked members keep their group. Unlocked proposals are grouped anew (``k`` counts the new
    groups only); then an unlocked proposal joins a locked group when it is closer to that locked
    group's centroid than to the centroid of the new group it was placed in, so a locked theme
    keeps attracting the proposals that belong to it. Locked groups' centroids are computed from
    their locked members only, so they do not drift. Result: groups 0..len(locked)-1 are the
    locked groups in the order of ``locked``, then the new groups by size.
    """
    space = _as_space(vectors)
    n = space.shape[0]
    keys = list(locked)
    labels = np.full(n, -1, dtype=np.int64)
    for g, key in enumerate(keys):
        members = np.asarray(list(locked[key]), dtype=np.int64)
        if members.size == 0:
            raise ValueError(f"locked group {key!r} has no members")
        if members.min() < 0 or members.max() >= n:
            raise ValueError(f"locked group {key!r} has an index out of range")
        if (labels[members] != -1).any():
            raise ValueError(f"locked group {key!r} shares members with another locked group")
        labels[members] = g
    locked_centroids = np.vstack([
        group_centroids(space[labels == g], np.zeros(int((labels == g).sum()), dtype=np.int64))
        for g in range(len(keys))]) if keys else np.zeros((0, space.shape[1]), np.float32)

    free = np.flatnonzero(labels == -1)
    if free.size:
        new_labels = _cluster_space(space[free], k, granularity)
        new_centroids = group_centroids(space[free], new_labels)
        own = np.einsum("ij,ij->i", space[free], new_centroids[new_labels])
        if keys:
            to_locked = space[free] @ locked_centroids.T
            nearest = to_locked.argmax(axis=1)
            joins = to_locked[np.arange(free.size), nearest] > own
        else:
            nearest = np.zeros(free.size, dtype=np.int64)
            joins = np.zeros(free.size, dtype=bool)
        labels[free[joins]] = nearest[joins]
        remaining = free[~joins]
        if remaining.size:
            labels[remaining] = _renumber(new_labels[~joins], first=len(keys))
    centroids = group_centroids(space, labels)
    return Grouping(labels=labels, centroids=centroids, locked_keys=keys)
