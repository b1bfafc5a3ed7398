"""What a group is about: label, representative proposals, size, mix of languages and fields.

``describe_groups(labels, vectors, texts, metadata=None) -> list[GroupSummary]`` (one per group,
in group order). Labels use the texts (cheap, no embedding): for each language present in the
group, the words that are frequent in the group and rare elsewhere (class-based TF-IDF on stems,
shown as their most frequent surface form), joined with " · ", e.g.
"transparence budget · ميزانية شفافية · budget transparency".
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Mapping, Sequence

import numpy as np

from consult.clustering.grouping import _as_space, group_centroids
from consult.clustering.text import content_terms, detect_language

LANGUAGE_ORDER = ("ar", "fr", "en")


@dataclass
class GroupSummary:
    group: int
    size: int
    label: str
    terms: dict[str, list[str]]  # language -> top words
    representatives: list[int]  # proposal indices, closest to the centroid first
    languages: dict[str, int]  # 'ar' / 'fr' / 'en' / 'mixed' -> count
    fields: dict[str, dict[str, int]] = field(default_factory=dict)  # e.g. axis -> value -> n


def _top_terms(groups_terms, language_members, n_terms: int) -> list[dict[str, list[str]]]:
    """Per group and language, stems ranked by their share of the group's proposals written in
    that language x log inverse group frequency (class-based TF-IDF)."""
    n_groups = len(groups_terms)
    groups_with = Counter()
    for counts in groups_terms:
        groups_with.update(counts.keys())
    result = []
    for g, counts in enumerate(groups_terms):
        by_language: dict[str, list[tuple[float, str]]] = defaultdict(list)
        for (lang, stem), (docs, surfaces) in counts.items():
            writers = language_members[g][lang]
            if writers >= 4 and docs < 2:
                continue  # a word from a single proposal does not name a group
            score = docs / writers * math.log(1 + n_groups / groups_with[(lang, stem)])
            surface = min(surfaces.items(), key=lambda item: (-item[1], item[0]))[0]
            by_language[lang].append((-score, surface))
        terms = {}
        for lang, scored in by_language.items():
            words = []
            for _, surface in sorted(scored):
                if surface not in words:
                    words.append(surface)
                if len(words) == n_terms:
                    break
            terms[lang] = words
        result.append(terms)
    return result


def describe_groups(labels: np.ndarray, vectors: np.ndarray, texts: Sequence[str],
                    metadata: Sequence[Mapping[str, object]] | None = None,
                    n_representatives: int = 3, n_terms: int = 3,
                    languages: Sequence[str] | None = None) -> list[GroupSummary]:
    """One summary per group (labels from ``Grouping.labels``), in group order.

    ``metadata[i]`` is an optional dict of categorical fields of proposal i (axis, region,
    channel...); each group counts their values. ``languages`` may pass stored languages
    (else ``detect_language`` runs on each text).
    """
    labels = np.asarray(labels)
    n = labels.shape[0]
    if len(texts) != n or (metadata is not None and len(metadata) != n):
        raise ValueError("labels, texts and metadata must have one entry per proposal")
    if n == 0:
        return []
    languages = list(languages) if languages is not None else [detect_language(t) for t in texts]
    space = _as_space(vectors)
    centroids = group_centroids(space, labels)
    n_groups = centroids.shape[0]

    terms_of = [content_terms(text, languages[i]) for i, text in enumerate(texts)]
    group_terms: list[dict] = [dict() for _ in range(n_groups)]
    for i in range(n):
        seen = set()
        counts = group_terms[labels[i]]
        for lang, surface, stem in terms_of[i]:
            key = (lang, stem)
            docs, surfaces = counts.setdefault(key, [0, Counter()])
            surfaces[surface] += 1
            if key not in seen:
                seen.add(key)
                counts[key][0] += 1
    language_members = [Counter() for _ in range(n_groups)]
    for i in range(n):
        language_members[labels[i]].update({term[0] for term in terms_of[i]})
    top_terms = _top_terms(group_terms, language_members, n_terms)

    summaries = []
    for g in range(n_groups):
        members = np.flatnonzero(labels == g)
        closeness = space[members] @ centroids[g]
        order = np.lexsort((members, -closeness))  # closest first, ties by index
        language_mix = Counter(languages[i] for i in members)
        present = language_members[g]  # a mixed proposal counts for each of its languages
        ordered = sorted(top_terms[g], key=lambda lang: (-present[lang],
                                                          LANGUAGE_ORDER.index(lang)))
        label = " · ".join(" ".join(top_terms[g][lang]) for lang in ordered if top_terms[g][lang])
        fields: dict[str, Counter] = defaultdict(Counter)
        if metadata is not None:
            for i in members:
                for key, value in (metadata[i] or {}).items():
                    if value is not None and not isinstance(value, (list, dict)):
                        fields[str(key)][str(value)] += 1
        summaries.append(GroupSummary(
            group=g, size=int(members.size), label=label, terms=top_terms[g],
            representatives=[int(members[j]) for j in order[:n_representatives]],
            languages=dict(sorted(language_mix.items())),
            fields={key: dict(counter.most_common()) for key, counter in sorted(fields.items())}))
    return summaries
