"""Tunisia's 24 governorates, the regions that proposals and workshops belong to."""
from __future__ import annotations

from consult.core.i18n import localized

GOVERNORATES: dict[str, dict[str, str]] = {
    "tunis": {"ar": "تونس", "fr": "Tunis", "en": "Tunis"},
    "ariana": {"ar": "أريانة", "fr": "Ariana", "en": "Ariana"},
    "ben-arous": {"ar": "بن عروس", "fr": "Ben Arous", "en": "Ben Arous"},
    "manouba": {"ar": "منوبة", "fr": "La Manouba", "en": "Manouba"},
    "nabeul": {"ar": "نابل", "fr": "Nabeul", "en": "Nabeul"},
    "zaghouan": {"ar": "زغوان", "fr": "Zaghouan", "en": "Zaghouan"},
    "bizerte": {"ar": "بنزرت", "fr": "Bizerte", "en": "Bizerte"},
    "beja": {"ar": "باجة", "fr": "Béja", "en": "Beja"},
    "jendouba": {"ar": "جندوبة", "fr": "Jendouba", "en": "Jendouba"},
    "kef": {"ar": "الكاف", "fr": "Le Kef", "en": "Kef"},
    "siliana": {"ar": "سليانة", "fr": "Siliana", "en": "Siliana"},
    "sousse": {"ar": "سوسة", "fr": "Sousse", "en": "Sousse"},
    "monastir": {"ar": "المنستير", "fr": "Monastir", "en": "Monastir"},
    "mahdia": {"ar": "المهدية", "fr": "Mahdia", "en": "Mahdia"},
    "sfax": {"ar": "صفاقس", "fr": "Sfax", "en": "Sfax"},
    "kairouan": {"ar": "القيروان", "fr": "Kairouan", "en": "Kairouan"},
    "kasserine": {"ar": "القصرين", "fr": "Kasserine", "en": "Kasserine"},
    "sidi-bouzid": {"ar": "سيدي بوزيد", "fr": "Sidi Bouzid", "en": "Sidi Bouzid"},
    "gabes": {"ar": "قابس", "fr": "Gabès", "en": "Gabes"},
    "medenine": {"ar": "مدنين", "fr": "Médenine", "en": "Medenine"},
    "tataouine": {"ar": "تطاوين", "fr": "Tataouine", "en": "Tataouine"},
    "gafsa": {"ar": "قفصة", "fr": "Gafsa", "en": "Gafsa"},
    "tozeur": {"ar": "توزر", "fr": "Tozeur", "en": "Tozeur"},
    "kebili": {"ar": "قبلي", "fr": "Kébili", "en": "Kebili"},
}


def governorate_name(code: str | None, language: str | None = None) -> str:
    return localized(GOVERNORATES.get(code or ""), language) if code else ""


def governorate_choices(language: str | None = None) -> list[tuple[str, str]]:
    return sorted(((code, localized(names, language)) for code, names in GOVERNORATES.items()),
                  key=lambda pair: pair[1])
