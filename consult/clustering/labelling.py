"""What a theme is called and whether it is one subject: the automatic titles (one proposal's
title per language, `algorithms.theme_labels`), the key terms, the mixed-theme flag
(`algorithms.mixed_split`), and the name shown to a reader in a language, with the language it
falls back to. No database access: callers pass members' ids, rows and titles."""
from __future__ import annotations

import numpy as np
from flask import has_request_context

from consult.clustering import algorithms
from consult.core.languages import LANGUAGES, pick

# A language's title is its own most representative proposal only when that proposal is this
# close (cosine) to the theme's most representative one; else that one's title, with its language
# shown. One meaning in the three languages comes first: on the demo (bench/label_agreement.py)
# the three titles agree in 95% of the automatic themes at 0.7, against 5% with no bar (None),
# at the cost of a title in another language, tagged, for about half of the readers.
SAME_MEANING_COSINE: float | None = 0.7


def label_fields(label, ids) -> tuple[dict, dict]:
    """(theme.label, summary["label"]) of an `algorithms.ThemeLabel` whose indices point into `ids`."""
    return dict(label.titles), {"languages": dict(label.languages),
                                "sources": {lang: ids[i] for lang, i in label.sources.items()},
                                "anchor": ids[label.anchor] if label.anchor is not None else None}


def mixed_field(split, ids) -> dict:
    """summary["mixed"] of an `algorithms.MixedSplit` whose row indices point into `ids`."""
    return {"mixed": split.mixed, "silhouette": split.silhouette, "centroid_cosine": split.centroid_cosine,
            "cohesion": split.cohesion, "groups": [[ids[i] for i in group] for group in split.groups] if split.mixed else []}


def describe_members(space: np.ndarray, ids: list[int], titles: list[str], languages: list[str]) -> dict:
    """Label, label origin and mixed flag of one theme from its members (rows of the grouping space)."""
    if not ids:
        return {"label": {}, "summary": {}}
    label = algorithms.theme_labels(np.zeros(len(ids), dtype=np.int64), space, titles, languages,
                                    min_anchor_cosine=SAME_MEANING_COSINE)[0]
    titles_by_language, origin = label_fields(label, ids)
    return {"label": titles_by_language,
            "summary": {"label": origin, "mixed": mixed_field(algorithms.mixed_split(space), ids)}}


def _reader_language(language: str | None) -> str:
    if language is None:
        if not has_request_context():
            return "en"
        from consult.core.i18n import current_language
        return current_language()
    return language


def name_parts(theme, language: str | None = None) -> tuple[str, str | None, bool]:
    """(text, the language it is written in, whether people gave it) of the theme's name for a
    reader of `language`: the name people gave in that language, else in the closest one, else
    the automatic title, else "#id"."""
    language = _reader_language(language)
    text, written = pick(theme.names or {}, language)
    if text:
        return text, written, True
    label = theme.label or {}
    origin = ((theme.summary or {}).get("label") or {}).get("languages") or {}
    if label.get(language):
        return label[language], origin.get(language, language), False
    text, written = pick(label, language)
    if text:
        return text, origin.get(written, written), False
    return f"#{theme.id}", None, False


def key_terms(theme, language: str | None = None) -> list[str]:
    """The distinctive terms of the theme (secondary to its title), in the reader's language first."""
    terms = (theme.summary or {}).get("terms") or {}
    language = _reader_language(language)
    ordered = [language] + [lang for lang in LANGUAGES if lang != language]
    return [term for lang in ordered for term in terms.get(lang, [])]


def is_mixed(theme) -> bool:
    return bool(((theme.summary or {}).get("mixed") or {}).get("mixed"))
