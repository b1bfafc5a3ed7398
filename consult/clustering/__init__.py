"""Clustering of proposals: groups proposals that say the same thing, in Arabic, French or English.

Free of Flask and of the database: the platform passes texts and stored vectors in, and stores
what comes out. Typical use by the platform:

- When a proposal is saved: ``vectors = embed([text])``; store ``vector_to_bytes(vectors[0])``
  and ``VECTOR_VERSION`` (re-embed only if the version changes).
- To (re)group a consultation: ``V = stack_vectors(blobs)``;
  ``grouping = group_vectors(V, k=None, granularity=1.0)``;
  ``groups = describe_groups(grouping.labels, V, texts, metadata)`` (label, representatives,
  size, languages, counts of metadata fields). Store ``grouping.centroids`` to file new
  proposals later with ``assign_to_nearest_group(vector, centroids)``.
- Keeping groups a working group has locked: ``regroup_with_locked(V, {group_id: [indices]})``.
- Near-duplicates: ``find_near_duplicates(V, threshold=0.9)``.
- Submission form: keep ``SimilarIndex(ids, V)`` in memory; ``index.query_text(text, k=5)``.
- Two texts: ``similarity(text_a, text_b)`` in [0, 1].

Offline command for analysts: ``python -m consult.clustering cluster|similarity FILE.jsonl``.
"""
from consult.clustering.describe import GroupSummary, describe_groups
from consult.clustering.duplicates import DuplicatePair, find_near_duplicates
from consult.clustering.encoder import Encoder, UseEncoder, default_encoder
from consult.clustering.grouping import (Grouping, assign_to_nearest_group, group_centroids,
                                         group_vectors, regroup_with_locked)
from consult.clustering.pipeline import ClusteringResult, cluster_texts
from consult.clustering.similar import SimilarIndex
from consult.clustering.vectors import (VECTOR_DIM, VECTOR_VERSION, embed, pair_scores,
                                        similarity, stack_vectors, vector_from_bytes,
                                        vector_to_bytes)

__all__ = [
    "ClusteringResult", "DuplicatePair", "Encoder", "GroupSummary", "Grouping", "SimilarIndex",
    "UseEncoder", "VECTOR_DIM", "VECTOR_VERSION", "assign_to_nearest_group", "cluster_texts",
    "default_encoder", "describe_groups", "embed", "find_near_duplicates", "group_centroids",
    "group_vectors", "pair_scores", "regroup_with_locked", "similarity", "stack_vectors",
    "vector_from_bytes", "vector_to_bytes",
]


def init_app(app) -> None:
    from consult.core.features import register
    register(app, __name__)
