"""One call from texts (and optionally their stored vectors) to described groups."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np

from consult.clustering.algorithms.describe import GroupSummary, describe_groups
from consult.clustering.algorithms.encoder import Encoder
from consult.clustering.algorithms.grouping import group_vectors
from consult.clustering.algorithms.vectors import embed


@dataclass
class ClusteringResult:
    labels: np.ndarray  # group of each proposal
    groups: list[GroupSummary]  # one per group, in group order
    centroids: np.ndarray  # grouping-space centroids, for assign_to_nearest_group


def cluster_texts(texts: Sequence[str], vectors: np.ndarray | None = None, k: int | None = None,
                  granularity: float = 1.0,
                  metadata: Sequence[Mapping[str, object]] | None = None,
                  encoder: Encoder | None = None) -> ClusteringResult:
    """Group texts and describe the groups; pass stored ``vectors`` to skip embedding."""
    if vectors is None:
        vectors = embed(texts, encoder)
    grouping = group_vectors(vectors, k=k, granularity=granularity)
    groups = describe_groups(grouping.labels, vectors, texts, metadata)
    return ClusteringResult(grouping.labels, groups, grouping.centroids)
