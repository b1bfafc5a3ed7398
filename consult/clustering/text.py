"""Text preparation shared by search and clustering: normalisation and language identification.

Pure Python, no Flask or database: the search index of proposals and the clustering pipeline
both call these functions, so a query and a stored text are always folded the same way.
"""
from __future__ import annotations

import re
import unicodedata

# Harakat, Quranic marks and superscript alef: removed so that "مُقتَرَح" matches "مقترح".
_ARABIC_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_TATWEEL = "\u0640"
_ARABIC_VARIANTS = str.maketrans({
    "\u0622": "\u0627",  # آ -> ا
    "\u0623": "\u0627",  # أ -> ا
    "\u0625": "\u0627",  # إ -> ا
    "\u0671": "\u0627",  # ٱ -> ا
    "\u0649": "\u064a",  # ى -> ي
    "\u0629": "\u0647",  # ة -> ه
    "\u0624": "\u0648",  # ؤ -> و
    "\u0626": "\u064a",  # ئ -> ي
})
_ARABIC_LETTER = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u024f]")


def normalize_arabic(text: str) -> str:
    """Remove diacritics and tatweel, unify alef, ya, ta marbuta, hamza carriers."""
    text = _ARABIC_DIACRITICS.sub("", text).replace(_TATWEEL, "")
    return text.translate(_ARABIC_VARIANTS)


def fold_accents(text: str) -> str:
    """Strip Latin accents (é -> e, ç -> c) and ligatures (œ -> oe); Arabic letters are kept."""
    text = text.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not (unicodedata.combining(c) and ord(c) < 0x0600))


def fold_for_search(text: str) -> str:
    """The form in which texts are stored for search and queries are compared."""
    text = unicodedata.normalize("NFKC", text or "")
    text = normalize_arabic(text)
    text = fold_accents(text).casefold()
    return re.sub(r"\s+", " ", text).strip()


_FRENCH_HINTS = frozenset(
    "le la les des du de un une et est pour dans avec sur par au aux que qui ce cette ses leur "
    "plus pas en à être mise mettre".split()
)
_ENGLISH_HINTS = frozenset(
    "the of and to in is for on with by that this be are from as an at it its their should "
    "public".split()
)
# Share of letters below which a script is considered incidental (an acronym, a name).
_MIXED_THRESHOLD = 0.2


def detect_language(text: str) -> str:
    """'ar', 'fr', 'en' or 'mixed' (Arabic and Latin text side by side)."""
    arabic = len(_ARABIC_LETTER.findall(text or ""))
    latin = len(_LATIN_LETTER.findall(text or ""))
    letters = arabic + latin
    if letters == 0:
        return "ar"
    if arabic / letters >= 1 - _MIXED_THRESHOLD:
        return "ar"
    if arabic / letters > _MIXED_THRESHOLD:
        return "mixed"
    words = re.findall(r"[a-zà-ÿ']+", (text or "").lower())
    french = sum(w in _FRENCH_HINTS for w in words) + sum(c in "éèêàçùâîôû" for c in text.lower())
    english = sum(w in _ENGLISH_HINTS for w in words)
    return "fr" if french >= english else "en"
