"""The clustering algorithms: group proposals that say the same thing, in Arabic, French or English.

Free of Flask and of the database: the platform passes texts and stored vectors in, and stores
what comes out. Importing this package (or one light module such as ``text``) loads neither
numpy-heavy libraries nor the encoder: names below are imported on first use (PEP 562).

Typical use by the platform:

- When a proposal is saved: ``vectors = embed([text])``; store ``vector_to_bytes(vectors[0])``
  and ``VECTOR_VERSION`` (re-embed only if the version changes).
- To (re)group a consultation: ``V = stack_vectors(blobs)``;
  ``grouping = group_vectors(V, k=None, granularity=1.0)``;
  ``groups = describe_groups(grouping.labels, V, texts, metadata)`` (label, representatives,
  size, languages, counts of metadata fields). Store ``grouping.centroids`` to file new
  proposals later with ``assign_to_nearest_group(vector, centroids)``.
- Keeping groups a working group has locked: ``regroup_with_locked(V, {group_id: [indices]})``.
- Titles that mean the same in three languages: ``theme_labels(labels, V, titles, languages)``;
  a theme made of two subjects: ``mixed_split(V[members])``.
- Near-duplicates: ``find_near_duplicates(V, threshold=0.9)``.
- Submission form: keep ``SimilarIndex(ids, V)`` in memory; ``index.query_text(text, k=5)``.
- Two texts: ``similarity(text_a, text_b)`` in [0, 1].

Offline command for analysts: ``python -m consult.clustering.algorithms cluster|similarity FILE.jsonl``.
"""
from __future__ import annotations

from importlib import import_module

# Public name -> module of this package that defines it.
_EXPORTS = {
    "GroupSummary": "describe", "describe_groups": "describe",
    "DuplicatePair": "duplicates", "find_near_duplicates": "duplicates",
    "Encoder": "encoder", "UseEncoder": "encoder", "default_encoder": "encoder",
    "Grouping": "grouping", "assign_to_nearest_group": "grouping", "group_centroids": "grouping",
    "group_vectors": "grouping", "regroup_with_locked": "grouping",
    "ThemeLabel": "labels", "label_agreement": "labels", "theme_labels": "labels",
    "compare_groupings": "changes",
    "MixedSplit": "mixed", "mixed_split": "mixed",
    "ClusteringResult": "pipeline", "cluster_texts": "pipeline",
    "SimilarIndex": "similar", "nearest_by_meaning": "similar",
    "VECTOR_DIM": "vectors", "VECTOR_VERSION": "vectors", "embed": "vectors", "grouping_space": "vectors",
    "pair_scores": "vectors", "similarity": "vectors", "stack_vectors": "vectors",
    "vector_from_bytes": "vectors", "vector_to_bytes": "vectors",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # later lookups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
