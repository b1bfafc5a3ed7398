"""Text preparation of the clustering: stop words and stemming, the terms of the lexical channel
and of the group labels.

Pure Python, no Flask or database. The folding and language identification it builds on
(``normalize_arabic``, ``fold_accents``, ``fold_for_search``, ``detect_language``) are shared
with the search of proposals and live in :mod:`consult.core.text`; they are re-exported here.

- ``content_terms(text)``: the (language, surface word, stem) of every non-stop word, used by the
  lexical channel (its output is part of the stored vectors: changing it needs a new
  ``VECTOR_VERSION``).
- ``label_terms(text)``: the words a group label may use, in reading order, with a break
  (``None``) wherever punctuation or a dropped word separates them, so that two-word phrases
  ("budget participatif", "الميزانية التشاركية") are only formed from adjacent words.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

from consult.core.languages import ARABIC_LETTER
from consult.core.text import (ARABIC_DIACRITICS as _ARABIC_DIACRITICS, ENGLISH_STOP as _ENGLISH_STOP,
                               FRENCH_STOP as _FRENCH_STOP, TATWEEL as _TATWEEL, detect_language,
                               fold_accents, fold_for_search, latin_language as _latin_language,
                               normalize_arabic)

__all__ = ["LABEL_STOP_WORDS", "STOP_WORDS", "content_terms", "detect_language", "fold_accents",
           "fold_for_search", "label_terms", "normalize_arabic"]

_ARABIC_STOP = frozenset(normalize_arabic(w) for w in """
في من الى إلى على عن مع هذا هذه ذلك تلك التي الذي الذين اللذين اللتين هو هي هم هن أن إن ان أو او
ثم كل بعض كما لا لم لن ما ماذا متى اين كيف قد قبل بعد عند حتى بين خلال ضمن دون غير لدى لكن بل
و ب ل ف ك يا اي أي كان كانت يكون تكون كانوا ليس ليست وهو وهي وفي ومن وعلى والى وإلى ولا وقد
هناك هنا ذات ذو به بها له لها لهم منه منها فيه فيها عليه عليها عنه عنها الا إلا وان وأن بان بأن
مثل نحو حول لمزيد مزيد اطار إطار وذلك كذلك ايضا أيضا عبر تم يتم حيث سواء جميع كافة مختلف
""".split())
STOP_WORDS = {"ar": _ARABIC_STOP, "fr": _FRENCH_STOP, "en": _ENGLISH_STOP}

_WORD = re.compile(r"[\w\u0600-\u06ff]+", re.UNICODE)
_ARABIC_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال")


@lru_cache(maxsize=4)
def _stemmer(lang: str):
    return snowballstemmer.stemmer({"ar": "arabic", "fr": "french", "en": "english"}[lang])


@lru_cache(maxsize=200_000)
def _stem(word: str, lang: str) -> str:
    return _stemmer(lang).stemWord(word)


def content_terms(text: str, language: str | None = None) -> list[tuple[str, str, str]]:
    """(language, surface word, stem) for each word that is not a stop word, number or 1 letter.

    The surface word is lower-cased with Arabic diacritics removed (accents kept, for labels);
    the stem is computed on the folded word, so "publiée" and "publier" share one stem.
    Arabic-script words are Arabic; Latin words take the text's Latin language (fr/en).
    """
    text = unicodedata.normalize("NFKC", text or "")
    language = language or detect_language(text)
    latin = language if language in ("fr", "en") else _latin_language(text)
    terms = []
    for match in _WORD.finditer(text.casefold()):
        surface = match.group()
        if surface.isdigit() or "_" in surface:
            continue
        if ARABIC_LETTER.match(surface):
            lang = "ar"
            folded = normalize_arabic(surface)
            surface = _ARABIC_DIACRITICS.sub("", surface).replace(_TATWEEL, "")
        else:
            lang = latin
            folded = fold_accents(surface)
        if len(folded) < 2 or folded in STOP_WORDS[lang]:
            continue
        if lang == "ar":
            bare = folded
            for prefix in _ARABIC_PREFIXES:  # the article alone would not be a stop word
                if folded.startswith(prefix) and len(folded) - len(prefix) >= 2:
                    bare = folded[len(prefix):]
                    break
            if bare in STOP_WORDS["ar"]:
                continue
        terms.append((lang, surface, _stem(folded, lang)))
    return terms


# Words that do not name a theme, on top of the function words: verbs of proposals ("publier",
# "improve", "تفعيل"), administrative boilerplate ("mise en place", "آليات"), problem-statement
# words ("manque", "غياب") and vague adjectives. Written folded; domain nouns (budget, data,
# transparence, البلدية...) are deliberately absent.
_FRENCH_LABEL_VERBS = """
adopter atteindre ameliorer appliquer consulter designer equiper fusionner restaurer
rejoindre regrouper recevoir ouvrir transmettre associer former assurer accelerer accompagner activer aider associer augmenter changer
clarifier completer consolider contribuer controler creer developper diffuser digitaliser
diminuer doter elaborer eliminer encourager engager envisager etablir evaluer faciliter fixer
garantir generaliser impliquer informer installer instaurer integrer lancer limiter lutter
mettre mobiliser moderniser obliger organiser permettre porter poursuivre preciser presenter
prevoir proposer proteger publier rapprocher realiser reduire reforcer renforcer rendre
repondre respecter revoir simplifier soutenir suivre utiliser valoriser veiller viser
""".split()
_FRENCH_LABEL_EXTRA = """
mise mis mise mises place places cadre niveau niveaux manque absence faible faibles probleme
problemes difficulte difficultes besoin besoins necessaire necessaires necessite
possibilite possible possibles nouveau nouvelle nouveaux nouvelles actuel actuelle actuels
actuelles certain certains certaine certaines plusieurs quelques beaucoup bien mieux tres
toujours souvent parfois aujourd hui egalement notamment surtout afin travers partir
ensemble part parts lieu fois moyen moyens maniere facon forme type effet objectif objectifs
but mesure mesures action actions chose choses personne personnes gens grand grande grands
grandes petit petite bon bonne meilleur meilleure meilleurs premier premiere dernier derniere
propose proposons demandons demande souhaitons faut doit doivent peut peuvent pouvoir devoir
suit suite suivi concerne concernant relatif relative relatifs relatives ci dessus dessous
chez selon depuis pendant avant apres plan periodiquement regulierement directement
rapidement systematiquement automatiquement effectivement publiquement obligatoirement
""".split()
_ENGLISH_LABEL_VERBS = """
adopt allow apply build change clarify complete create develop disseminate encourage engage
enable ensure establish extend facilitate give help implement improve increase introduce
involve launch limit make need offer organise organize promote propose protect provide publish
put reduce reinforce respond review set simplify strengthen support take train use reach
equip integrate merge designate restore lower consult receive require bring keep get let see
""".split()
_ENGLISH_LABEL_EXTRA = """
lack absence poor weak problem problems issue issues need needs necessary possible new current
currently existing many much several various certain better best good great large small
first last well also often always today already set setting framework level levels way ways
means order part thing things people everyone everybody across based better even still
really within without toward towards regarding concerning related according plan
regularly directly quickly periodically publicly systematically
""".split()
_ARABIC_LABEL_EXTRA = """
تفعيل إرساء ارساء تعزيز دعم وضع إحداث احداث تطوير تحسين ضمان تمكين اعتماد توفير إعداد اعداد
تكريس متابعة تركيز إنجاز انجاز تنفيذ تطبيق إيجاد ايجاد القيام قيام اتخاذ توسيع تيسير تسهيل
مراجعة تنظيم تشجيع تحقيق تقديم إطلاق اطلاق إصدار اصدار تمتيع إدماج ادماج تشريك
نشر إنشاء انشاء تقليص تقليل رفع الحد
آليات آلية اليات الية منظومة مجال مجالات مستوى مستويات إطار اطار عملية عمليات ضرورة
غياب نقص ضعف صعوبة صعوبات مشكل مشاكل مشكلة إشكالية اشكالية حاجة حاجيات
الحالي الحالية حالي حالية جديد جديدة جدد أفضل افضل أكبر اكبر أكثر اكثر أقل اقل كبير كبيرة
عديد العديد عدة عدد بعض معظم أغلب اغلب خاصة خاص أجل اجل قصد بهدف هدف أهداف اهداف
يجب ينبغي يمكن إمكانية امكانية نقترح اقترح نطالب نريد أعرف اعرف نرجو يتعين وجوب
بصفة بشكل شكل طريق حاليا فقط كذلك ايضا عند عدم مدى لدى سبيل كيفية طريقة
""".split()


def _label_stop(language: str, words) -> frozenset:
    folded = {fold_for_search(w) for w in words}
    if language == "fr":
        # Common forms of the verbs: infinitive, present, past participle.
        for verb in list(folded):
            if verb.endswith("er"):
                root = verb[:-2]
                folded.update(root + end for end in ("e", "es", "ent", "ons", "ez", "ee", "ees",
                                                    "ant"))
    if language == "en":
        for verb in list(folded):
            root = verb[:-1] if verb.endswith("e") else verb
            folded.update((verb + "s", root + "ed", root + "ing", verb + "d"))
    if language == "ar":
        folded = {w[2:] if w.startswith("ال") and len(w) > 4 else w for w in folded} | folded
    return frozenset(folded | STOP_WORDS[language])


LABEL_STOP_WORDS = {
    "fr": _label_stop("fr", _FRENCH_LABEL_VERBS + _FRENCH_LABEL_EXTRA),
    "en": _label_stop("en", _ENGLISH_LABEL_VERBS + _ENGLISH_LABEL_EXTRA),
    "ar": _label_stop("ar", _ARABIC_LABEL_EXTRA),
}

# Letters and the Arabic marks inside words; Arabic punctuation (، ؛ ؟) is not part of a word.
_LABEL_WORD = re.compile(r"[\w\u064b-\u065f\u0670\u0640]+")
_ARABIC_PROCLITICS = ("و", "ف", "ب", "ك")


def _arabic_label_form(surface: str) -> str:
    """The word as a label shows it: "والشفافية", "بالبلديات", "للمواطنين" -> "الشفافية",
    "البلديات", "المواطنين" (a conjunction or preposition glued to the article is dropped)."""
    if surface.startswith("لل") and len(surface) > 4:
        return "ال" + surface[2:]
    if surface[:1] in _ARABIC_PROCLITICS and surface[1:3] == "ال" and len(surface) > 4:
        return surface[1:]
    return surface


def _is_label_stop(folded: str, lang: str) -> bool:
    stop = LABEL_STOP_WORDS[lang]
    if folded in stop:
        return True
    if lang != "ar":
        return False
    bare = folded
    for prefix in _ARABIC_PREFIXES:
        if folded.startswith(prefix) and len(folded) - len(prefix) >= 2:
            bare = folded[len(prefix):]
            break
    if bare in stop:
        return True
    # A conjunction or preposition glued to a stop word: "وتفعيل", "بضرورة".
    return folded[:1] in ("و", "ف", "ب", "ل", "ك") and len(folded) > 3 and folded[1:] in stop


def label_terms(text: str, language: str | None = None) -> list[tuple[str, str, str] | None]:
    """(language, surface, stem) of the words a label may use, in order, ``None`` between words
    that are not adjacent (punctuation, a line break or a dropped word separates them).

    The surface keeps the writer's case and accents (Arabic without diacritics or a glued
    conjunction/preposition before the article); the stem is computed as in ``content_terms``.
    """
    text = unicodedata.normalize("NFKC", text or "")
    language = language or detect_language(text)
    latin = language if language in ("fr", "en") else _latin_language(text)
    terms: list[tuple[str, str, str] | None] = []
    previous_end = 0
    for match in _LABEL_WORD.finditer(text):
        gap = text[previous_end:match.start()]
        sentence_start = previous_end == 0 or "\n" in gap or gap.strip()[-1:] in (".", "!", "?", ":")
        previous_end = match.end()
        if gap.strip() or "\n" in gap:
            terms.append(None)
        surface = match.group()
        if sentence_start:
            surface = surface.lower()  # a capital at the start of a sentence is no name
        if surface.isdigit() or "_" in surface or any(c.isdigit() for c in surface):
            terms.append(None)
            continue
        if ARABIC_LETTER.match(surface):
            lang = "ar"
            bare = _ARABIC_DIACRITICS.sub("", surface).replace(_TATWEEL, "")
            surface = _arabic_label_form(bare)
            if bare[:1] in ("و", "ف") and surface != bare:
                terms.append(None)  # "و" + article: "and the ...", a new phrase starts
            folded = normalize_arabic(surface)
        else:
            lang = latin
            folded = fold_accents(surface.casefold())
        if len(folded) < 2 or _is_label_stop(folded, lang):
            terms.append(None)
            continue
        terms.append((lang, surface, _stem(folded, lang)))
    return terms
