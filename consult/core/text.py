"""Folding text for search, and telling its language: pure Python, no ML library.

The search index of proposals and the clustering both call these, so that a query and a stored
text are always folded the same way.

- ``normalize_arabic(text)``: remove diacritics and tatweel, unify alef/ya/ta marbuta/hamza forms.
- ``fold_accents(text)``: strip Latin accents and ligatures (é -> e, œ -> oe).
- ``fold_for_search(text)``: both of the above, case-folded, whitespace collapsed.
- ``arabic_light_stem(word)``: a normalised Arabic word without its clitics: the conjunctions and
  prepositions glued in front (و ف ب ك ل), the article (ال, لل) and a pronoun or plural ending
  (ها هم كم نا ات ون ين ...), keeping at least three letters ("والشفافية", "الشفافية", "شفافية" ->
  "شفافي"). Used by search and by the lexical channel of the clustering.
- ``search_terms(text)``: the folded words of a query, Arabic ones light-stemmed: what a search
  looks for in the folded text (a stem is part of every form of its word).
- ``detect_language(text)``: 'ar', 'fr', 'en' or 'mixed' (Arabic and Latin side by side).
- ``latin_language(text)``: 'fr' or 'en' for Latin-script text.
"""
from __future__ import annotations

import re
import unicodedata

from consult.core.languages import ARABIC_LETTER

# Harakat, Quranic marks and superscript alef: removed so that "مُقتَرَح" matches "مقترح".
ARABIC_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
TATWEEL = "\u0640"
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
_LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u024f]")


def normalize_arabic(text: str) -> str:
    """Remove diacritics and tatweel, unify alef, ya, ta marbuta, hamza carriers."""
    text = ARABIC_DIACRITICS.sub("", text).replace(TATWEEL, "")
    return text.translate(_ARABIC_VARIANTS)


# Longest first: "وبال" before "بال" before "ب".
_ARABIC_ARTICLES = ("وبال", "وال", "فال", "بال", "كال", "ولل", "لل", "ال")
_ARABIC_PROCLITICS = ("و", "ف", "ب", "ك", "ل")
# Endings removed (normalised: ة is ه), with the letters the stem keeps at least: pronouns and
# feminine plural on 3-letter stems, masculine plural only on longer ones ("قانون" stays).
_ARABIC_SUFFIXES = (("كما", 3), ("هما", 3), ("ات", 3), ("ين", 4), ("ون", 4), ("ها", 3), ("هم", 3),
                    ("هن", 3), ("كم", 3), ("نا", 3), ("ه", 3))
_MIN_ARABIC_STEM = 3


def arabic_light_stem(word: str) -> str:
    """A normalised Arabic word without its article, glued particles and endings (>= 3 letters).

    Light stemming in the manner of Larkey et al. (2002): no roots, no dictionary, so that a
    search or a sketch computed today stays the same tomorrow. The stem is always a part of the
    normalised word, so a substring search of the stem finds every form of the word.
    """
    word = normalize_arabic(word)
    for article in _ARABIC_ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= _MIN_ARABIC_STEM:
            word = word[len(article):]
            break
    else:
        # A lone glued particle only before 5 letters or more: "وزارة", "بلدية" and "ولاية"
        # keep their first letter, "ومشاركة" loses its و.
        if word[:1] in _ARABIC_PROCLITICS and len(word) - 1 >= _MIN_ARABIC_STEM + 2:
            word = word[1:]
    for suffix, keep in _ARABIC_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= keep:
            word = word[:-len(suffix)]
            break
    # The nisba ي before the ending: "شفافية", "شفافيات" -> "شفاف"; "بلدية" keeps "بلدي".
    if word.endswith("ي") and len(word) - 1 >= _MIN_ARABIC_STEM + 1:
        word = word[:-1]
    return word


_EDGE_PUNCTUATION = re.compile(r"^[\W_]+|[\W_]+$")


def search_terms(text: str) -> list[str]:
    """The words a search compares: the folded words of the text (split on white space, as a
    reference like P-7K3Q stays one word), Arabic ones light-stemmed without their punctuation,
    so that "الشفافية" and "شفافية" are one search word."""
    words = []
    for word in fold_for_search(text).split():
        if ARABIC_LETTER.search(word):
            bare = _EDGE_PUNCTUATION.sub("", word)
            if bare and all(ARABIC_LETTER.match(c) for c in bare):
                word = arabic_light_stem(bare)
        words.append(word)
    return words


def fold_accents(text: str) -> str:
    """Strip Latin accents (é -> e, ç -> c) and ligatures (œ -> oe); Arabic letters are kept."""
    text = text.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
    decomposed = unicodedata.normalize("NFKD", text)
    # NFKD would also split Arabic hamza forms; recompose so only Latin marks are dropped.
    kept = "".join(c for c in decomposed if not (unicodedata.combining(c) and ord(c) < 0x0600))
    return unicodedata.normalize("NFC", kept)


def fold_for_search(text: str) -> str:
    """The form in which texts are stored for search and queries are compared."""
    text = unicodedata.normalize("NFKC", text or "")
    text = normalize_arabic(text)
    text = fold_accents(text).casefold()
    return re.sub(r"\s+", " ", text).strip()


# Function words, written folded (no accents, lower case): they tell French from English (the
# clustering also drops them from labels and from its lexical channel).
FRENCH_STOP = frozenset("""
a au aux avec ce ceci cela celle celles celui ces cet cette chaque comme dans de des du elle elles
en entre est et etre etc il ils je la le les leur leurs lors lui mais meme mes moi mon ne ni nos
notre nous on ont ou par pas peu plus pour qu que quel quelle quelles quels qui sa sans se ses si
son sont sur ta te tes toi ton tous tout toute toutes tres tu un une vos votre vous y afin ainsi
aussi autre autres avoir cas car dont deja encore fait faire ici ils sera seront etait etaient ete
sous vers via c d l j m n s t qu' d' l' aupres auquel desquels lequel laquelle lesquels
""".split())
ENGLISH_STOP = frozenset("""
a about above after all also am an and any are as at be been before being between both but by can
could did do does doing down during each few for from further had has have having he her here hers
him his how i if in into is it its itself just me more most my no nor not now of off on once only
or other our ours out over own same she should so some such than that the their theirs them then
there these they this those through to too under until up very was we were what when where which
while who whom why will with would you your yours also within without upon whose make made may
must shall us per via etc
""".split())

# Letters only seen in French words (after case folding); English has none of them.
_FRENCH_LETTERS = set("éèêëàâîïôûùüçœ")
# Share of letters below which a script is considered incidental (an acronym, a name).
_MIXED_THRESHOLD = 0.2
_LATIN_WORD = re.compile(r"[a-z\u00e0-\u024f]+")


def latin_language(text: str) -> str:
    """'fr' or 'en' for Latin-script text, from function words and French letters."""
    lowered = text.casefold()
    words = _LATIN_WORD.findall(fold_accents(lowered).replace("'", " "))
    french = sum(w in FRENCH_STOP for w in words if w not in ENGLISH_STOP)
    english = sum(w in ENGLISH_STOP for w in words if w not in FRENCH_STOP)
    french += sum(c in _FRENCH_LETTERS for c in lowered) / 2
    # Elisions (l', d', qu') are French.
    french += len(re.findall(r"\b(?:l|d|qu|j|n|s|c)['’][a-zà-ÿ]", lowered))
    if french == english:
        # No function words at all (a title, a slogan): French endings tip it, else English.
        french_endings = sum(
            w.endswith(("ment", "ite", "eur", "ique", "if", "ive", "aux", "eux", "ee", "ees"))
            for w in words)
        english_endings = sum(
            w.endswith(("ing", "ity", "ness", "ship", "ed", "ly", "ism", "ency")) for w in words)
        return "fr" if french_endings > english_endings else "en"
    return "fr" if french > english else "en"


def detect_language(text: str) -> str:
    """'ar', 'fr', 'en' or 'mixed' (Arabic and Latin text side by side).

    Decided by the share of Arabic and Latin letters; a script under 20% of the letters is
    incidental (an acronym such as OGP in an Arabic sentence). Latin text is told apart as French
    or English by function words, French letters and elisions. Text without letters is 'ar',
    the platform's first language.
    """
    arabic = len(ARABIC_LETTER.findall(text or ""))
    latin = len(_LATIN_LETTER.findall(text or ""))
    letters = arabic + latin
    if letters == 0:
        return "ar"
    if arabic / letters >= 1 - _MIXED_THRESHOLD:
        return "ar"
    if arabic / letters > _MIXED_THRESHOLD:
        return "mixed"
    return latin_language(text)
