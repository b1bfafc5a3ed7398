"""Tunisia's 24 governorates, the regions that proposals and workshops belong to."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from consult.core.i18n import current_language, localized

# One list for forms, pages, imports and the demo data: code -> {"ar", "fr", "en"}.
GOVERNORATES: dict[str, dict[str, str]] = {
    entry["code"]: entry["name"]
    for entry in json.loads((Path(__file__).with_name("governorates.json")).read_text(encoding="utf-8"))
}


def governorate_name(code: str | None, language: str | None = None) -> str:
    return localized(GOVERNORATES.get(code or ""), language) if code else ""


def governorate_choices(language: str | None = None) -> list[tuple[str, str]]:
    """(code, name) sorted by name in `language` (default: the page's)."""
    return list(_sorted_choices(language or current_language()))


@lru_cache(maxsize=8)
def _sorted_choices(language: str) -> tuple[tuple[str, str], ...]:
    # Sorted once per language: the list's filters and forms ask on every request.
    return tuple(sorted(((code, localized(names, language)) for code, names in GOVERNORATES.items()),
                        key=lambda pair: pair[1]))
