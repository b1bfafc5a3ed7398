"""What a group is about: label, representative proposals, size, mix of languages and fields.

``describe_groups(labels, vectors, texts, metadata=None) -> list[GroupSummary]`` (one per group,
in group order). Labels use the texts (cheap, no embedding). For each language present in the
group, words and two-word phrases (:func:`consult.clustering.algorithms.text.label_terms`: no punctuation,
no function words, verbs or boilerplate) are ranked by class-based TF-IDF: the share of the
group's proposals in that language that use the term x log(1 + groups / groups using it), so a
term frequent in the group and rare elsewhere comes first. A term must be used by two proposals
when the group has three or more in that language. A phrase ("budget participatif",
"الميزانية التشاركية", "open data") replaces its words when most proposals using the word use
the phrase. Terms are shown in their most used surface form, joined with " · " across
languages, e.g. "budget participatif quartiers · الميزانية التشاركية · participatory budgeting".
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Mapping, Sequence

import numpy as np

from consult.clustering.algorithms.grouping import _as_space, group_centroids
from consult.clustering.algorithms.text import detect_language, label_terms
from consult.core.languages import LANGUAGES

# A phrase replaces its word when at least this share of the proposals using the word use it.
PHRASE_SHARE = 0.5
# At most this many words per language in a label (a phrase counts two).
MAX_LABEL_WORDS = 4


@dataclass
class GroupSummary:
    group: int
    size: int
    label: str
    terms: dict[str, list[str]]  # language -> top terms (a term may be a two-word phrase)
    representatives: list[int]  # proposal indices, closest to the centroid first
    languages: dict[str, int]  # 'ar' / 'fr' / 'en' / 'mixed' -> count
    fields: dict[str, dict[str, int]] = field(default_factory=dict)  # e.g. axis -> value -> n


def _keys_of(tokens) -> dict[tuple, str]:
    """{(lang, stems): surface} of one proposal's words and adjacent word pairs (first surface)."""
    keys: dict[tuple, str] = {}
    previous = None
    for token in tokens:
        if token is not None:
            lang, surface, stem = token
            keys.setdefault((lang, (stem,)), surface)
            if previous is not None and previous[0] == lang and previous[2] != stem:
                keys.setdefault((lang, (previous[2], stem)), f"{previous[1]} {surface}")
        previous = token
    return keys


def _surface(surfaces: Counter) -> str:
    """Most used form; on a tie the lower-case one (a capital at the start of a title)."""
    return min(surfaces.items(), key=lambda item: (-item[1], item[0] != item[0].lower(),
                                                   item[0]))[0]


def _top_terms(group_docs, language_members, n_terms: int) -> list[dict[str, list[str]]]:
    """Per group and language, the label terms (see the module docstring)."""
    n_groups = len(group_docs)
    groups_with = Counter()
    for docs in group_docs:
        groups_with.update(docs.keys())
    result = []
    for g, docs in enumerate(group_docs):
        ranked: dict[str, list[tuple]] = defaultdict(list)
        phrases: dict[tuple, list] = defaultdict(list)  # (lang, stem) -> phrases using it
        for key, surfaces in docs.items():
            lang, stems = key
            used_by = sum(surfaces.values())
            if len(stems) == 2:
                if used_by >= 2:  # phrases only replace their words, below
                    for stem in stems:
                        phrases[(lang, stem)].append((-used_by, _surface(surfaces), stems))
                continue
            if language_members[g][lang] >= 3 and used_by < 2:
                continue  # a word from a single proposal does not name a group
            score = used_by / language_members[g][lang] * math.log(1 + n_groups / groups_with[key])
            ranked[lang].append((-score, -used_by, _surface(surfaces), stems))
        terms = {}
        for lang, scored in ranked.items():
            chosen: list[tuple[str, tuple]] = []
            covered: set = set()
            for _score, used_by, surface, stems in sorted(scored):
                if stems[0] in covered:
                    continue
                # The most used phrase with this word, if most proposals using the word use it.
                for phrase_used, phrase, phrase_stems in sorted(phrases[(lang, stems[0])]):
                    if -phrase_used >= PHRASE_SHARE * -used_by and not covered & set(phrase_stems):
                        surface, stems = phrase, phrase_stems
                    break
                words = sum(len(chosen_stems) for _s, chosen_stems in chosen)
                if words + len(stems) > MAX_LABEL_WORDS:
                    continue
                chosen.append((surface, stems))
                covered.update(stems)
                if len(chosen) == n_terms or words + len(stems) == MAX_LABEL_WORDS:
                    break
            terms[lang] = [surface for surface, _stems in chosen]
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

    # Per group: term -> Counter of the surface form each proposal using it wrote first
    # (so the sum of the counter is the number of proposals using the term).
    group_docs: list[dict] = [defaultdict(Counter) for _ in range(n_groups)]
    language_members = [Counter() for _ in range(n_groups)]
    for i, text in enumerate(texts):
        keys = _keys_of(label_terms(text, languages[i]))
        for key, surface in keys.items():
            group_docs[labels[i]][key][surface] += 1
        language_members[labels[i]].update({key[0] for key in keys})
    top_terms = _top_terms(group_docs, language_members, n_terms)

    summaries = []
    for g in range(n_groups):
        members = np.flatnonzero(labels == g)
        closeness = space[members] @ centroids[g]
        order = np.lexsort((members, -closeness))  # closest first, ties by index
        language_mix = Counter(languages[i] for i in members)
        present = language_members[g]  # a mixed proposal counts for each of its languages
        ordered = sorted(top_terms[g], key=lambda lang: (-present[lang],
                                                          LANGUAGES.index(lang)))
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
