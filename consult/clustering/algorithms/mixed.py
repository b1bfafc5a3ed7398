"""Is a theme one subject or two? A theme whose members split cleanly into two sub-groups is
flagged "mixed", with the sub-groups it would split into.

Method: 2-means on the members' rows of the grouping space (deterministic: k-means++ seeded, 10
starts); each sub-group must hold at least ``MIN_SUBGROUP`` proposals and ``MIN_SHARE`` of the
theme. The theme is mixed when either

- its two sub-groups are far apart and clearly separated: the cosine between their centroids is
  below ``CENTROID_COSINE`` and the mean silhouette (cosine) reaches ``SILHOUETTE_THRESHOLD``
  (two subjects side by side), or
- its members are spread out: their mean cosine to the theme's centroid (cohesion) is below
  ``COHESION_MIN`` (several subjects; the 2-means halves are then mixes themselves, so their
  centroids stay close).

Chosen on the demo's proposals and their 19 known subjects of 6+ proposals
(bench/label_agreement.py prints the figures): a single subject has cohesion 0.64-0.79 and
halves at centroid cosine 0.44-0.73 (none flagged); unions of two subjects are flagged in about
two cases out of three (the others join close subjects, e.g. two kinds of budget transparency);
the silhouette alone does not tell them apart on themes this small. The thresholds belong to
the grouping space (encoder and lexical weight): re-check them when it changes.

``mixed_split(vectors) -> MixedSplit``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from consult.clustering.algorithms.grouping import _as_space

CENTROID_COSINE = 0.4
COHESION_MIN = 0.6
SILHOUETTE_THRESHOLD = 0.15
MIN_SUBGROUP = 3
MIN_SHARE = 0.2


@dataclass
class MixedSplit:
    mixed: bool
    silhouette: float | None                      # None: too few members to tell
    centroid_cosine: float | None = None          # cosine between the two sub-groups' centroids
    groups: list[list[int]] = field(default_factory=list)   # row indices, the larger group first
    cohesion: float | None = None                 # mean cosine of the members to their centroid

    def as_dict(self) -> dict:
        return {"mixed": self.mixed, "silhouette": self.silhouette, "centroid_cosine": self.centroid_cosine,
                "cohesion": self.cohesion, "groups": self.groups}


def two_means(space: np.ndarray) -> np.ndarray:
    """Labels 0/1 of the best of 10 seeded 2-means runs on normalised rows."""
    from sklearn.cluster import KMeans

    return KMeans(n_clusters=2, n_init=10, random_state=0).fit_predict(space).astype(np.int64)


def mixed_split(vectors: np.ndarray, threshold: float = SILHOUETTE_THRESHOLD,
                centroid_cosine: float = CENTROID_COSINE, cohesion_min: float = COHESION_MIN,
                min_subgroup: int = MIN_SUBGROUP, min_share: float = MIN_SHARE) -> MixedSplit:
    """Would these members (stored vectors or grouping-space rows) split into two clear
    sub-groups? The groups are always given when the members can be split at all."""
    space = _as_space(vectors)
    n = space.shape[0]
    if n < 2 * min_subgroup:
        return MixedSplit(False, None)
    if float(np.ptp(space, axis=0).max(initial=0.0)) < 1e-6:
        return MixedSplit(False, 0.0, 1.0)   # every member is the same point
    from sklearn.metrics import silhouette_score

    labels = two_means(space)
    sizes = np.bincount(labels, minlength=2)
    if sizes.min() == 0:
        return MixedSplit(False, 0.0)
    silhouette = float(silhouette_score(space, labels, metric="cosine"))
    big = int(np.argmax(sizes)) if sizes[0] != sizes[1] else int(labels[0])
    groups = [np.flatnonzero(labels == big).tolist(), np.flatnonzero(labels != big).tolist()]
    centroids = np.vstack([space[labels == g].mean(axis=0) for g in (0, 1)])
    centroids /= np.maximum(np.linalg.norm(centroids, axis=1, keepdims=True), 1e-12)
    apart = float(centroids[0] @ centroids[1])
    centre = space.mean(axis=0)
    cohesion = float(np.mean(space @ (centre / max(float(np.linalg.norm(centre)), 1e-12))))
    two_subjects = apart < centroid_cosine and silhouette >= threshold
    mixed = (two_subjects or cohesion < cohesion_min) and sizes.min() >= max(min_subgroup, min_share * n)
    return MixedSplit(bool(mixed), round(silhouette, 4), round(apart, 4), groups, round(cohesion, 4))
