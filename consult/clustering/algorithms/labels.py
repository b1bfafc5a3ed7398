"""Theme titles that mean the same thing in Arabic, French and English.

A keyword list per language says three different things when the Arabic, French and English
members of a theme use different words. A theme's title is instead the title of one of its
proposals, a phrase people wrote:

- in language L, the title of the member written in L that is closest to the theme's centroid
  (its most representative proposal in L);
- when no member is written in L, the title of the theme's most representative proposal (closest
  to the centroid, any language), with its language recorded so that the page can show it.

The distinctive terms (:mod:`describe`) stay the secondary information.

``theme_labels(labels, vectors, titles, languages) -> list[ThemeLabel]`` (one per group).
``label_agreement(themes, similar, threshold)``: the share of themes whose three titles come
from one proposal or translate each other (how the evaluation measures labels).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from consult.clustering.algorithms.grouping import _as_space, group_centroids
from consult.clustering.algorithms.text import detect_language
from consult.core.languages import LANGUAGES

# A title longer than this is cut at a word boundary, with an ellipsis.
MAX_TITLE_LENGTH = 110
# Two titles in different languages "translate each other" when their semantic similarity
# (the encoder's cosine) reaches this (see bench/label_agreement.py for how it was chosen).
TRANSLATION_COSINE = 0.6

_SPACES = re.compile(r"\s+")


@dataclass
class ThemeLabel:
    titles: dict[str, str]       # 'ar' / 'fr' / 'en' -> the title shown to readers of that language
    languages: dict[str, str]    # the language each title is written in (differs when it falls back)
    sources: dict[str, int]      # index of the proposal each title comes from
    anchor: int | None           # index of the most representative proposal (closest to the centroid)

    def as_dict(self) -> dict:
        return {"titles": dict(self.titles), "languages": dict(self.languages),
                "sources": dict(self.sources), "anchor": self.anchor}


def clean_title(title: str, max_length: int = MAX_TITLE_LENGTH) -> str:
    """One line, no trailing punctuation, cut at a word boundary when too long."""
    text = _SPACES.sub(" ", title or "").strip().rstrip(" .;:,،؛-–—")
    if len(text) <= max_length:
        return text
    cut = text[:max_length + 1].rsplit(" ", 1)[0] if " " in text[:max_length + 1] else text[:max_length]
    return cut.rstrip(" .;:,،؛-–—") + "…"


def title_language(title: str, stored: str | None) -> str | None:
    """The language a title is written in: the proposal's when it is one of ours and the title
    agrees, else what the title's letters say ('mixed' titles count for none)."""
    detected = detect_language(title) if title else None
    if stored in LANGUAGES and (detected == stored or detected not in LANGUAGES
                                or {stored, detected} <= {"fr", "en"}):
        return stored
    return detected if detected in LANGUAGES else None


def _order_by_closeness(space: np.ndarray, members: np.ndarray, centroid: np.ndarray) -> np.ndarray:
    closeness = space[members] @ centroid
    return members[np.lexsort((members, -closeness))]  # closest first, ties by index


def theme_labels(labels: np.ndarray, vectors: np.ndarray, titles: Sequence[str],
                 languages: Sequence[str | None] | None = None,
                 min_anchor_cosine: float | None = None) -> list[ThemeLabel]:
    """One :class:`ThemeLabel` per group of ``labels`` (group order). ``languages`` are the
    stored languages of the proposals ('ar', 'fr', 'en', 'mixed'); without them each title's
    language is detected. With ``min_anchor_cosine``, a language's own representative is used
    only when it is that close (grouping space) to the theme's most representative proposal —
    says the same thing — else that proposal's title is shown with its language (stricter: one
    meaning, more titles in another language; bench/label_agreement.py compares both)."""
    labels = np.asarray(labels)
    n = labels.shape[0]
    if len(titles) != n or (languages is not None and len(languages) != n):
        raise ValueError("labels, titles and languages must have one entry per proposal")
    if n == 0:
        return []
    space = _as_space(vectors)
    centroids = group_centroids(space, labels)
    cleaned = [clean_title(t) for t in titles]
    written_in = [title_language(cleaned[i], languages[i] if languages is not None else None)
                  for i in range(n)]
    result = []
    for g in range(centroids.shape[0]):
        ordered = [int(i) for i in _order_by_closeness(space, np.flatnonzero(labels == g), centroids[g])
                   if cleaned[i]]
        close = None
        if min_anchor_cosine is not None and ordered:
            close = {i for i in ordered if float(space[i] @ space[ordered[0]]) >= min_anchor_cosine}
        result.append(_label_of_group(ordered, cleaned, written_in, close))
    return result


def _label_of_group(ordered: list[int], cleaned: list[str], written_in: list[str | None],
                    close: set | None = None) -> ThemeLabel:
    if not ordered:
        return ThemeLabel(titles={}, languages={}, sources={}, anchor=None)
    anchor = ordered[0]
    titles, languages, sources = {}, {}, {}
    for language in LANGUAGES:
        source = next((i for i in ordered if written_in[i] == language and (close is None or i in close)), anchor)
        titles[language] = cleaned[source]
        languages[language] = written_in[source] or language
        sources[language] = source
    return ThemeLabel(titles=titles, languages=languages, sources=sources, anchor=anchor)


def label_agreement(themes: Sequence[dict], similar: Callable[[str, str], float] | None = None,
                    threshold: float = TRANSLATION_COSINE) -> dict:
    """How often the three labels of a theme mean the same thing.

    Each item of ``themes`` is ``{"titles": {lang: text}, "sources": {lang: id}}`` (``sources``
    optional: keyword labels have none). A theme agrees when its labels all come from one
    proposal, or when every two of its labels in different languages reach ``threshold`` by
    ``similar(a, b)`` (e.g. the encoder's cosine). Returns counts and the share.
    """
    same_source = translated = considered = 0
    for theme in themes:
        titles = {lang: text for lang, text in (theme.get("titles") or {}).items() if text}
        if not titles:
            continue
        considered += 1
        sources = {value for lang, value in (theme.get("sources") or {}).items() if lang in titles}
        if len(titles) == len(LANGUAGES) and len(sources) == 1:
            same_source += 1
            continue
        texts = list(dict.fromkeys(titles.values()))
        if len(texts) == 1 or (similar is not None and all(
                similar(a, b) >= threshold for i, a in enumerate(texts) for b in texts[i + 1:])):
            translated += 1
    agreeing = same_source + translated
    return {"themes": considered, "same_proposal": same_source, "translations": translated,
            "agreeing": agreeing, "share": round(agreeing / considered, 3) if considered else None}
