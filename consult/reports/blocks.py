"""The report as a language-laid document of simple blocks, which every output renders alike: the
web page and the PDF (one Jinja macro), and the DOCX (`docx.py`).

Each text carries the language it is written in when that may differ from the document's (a
section shown in another language, a lead body typed in Arabic in a French report), so that
every renderer sets its direction.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import format_date, format_decimal

from consult.core.languages import ARABIC_LETTER


def day(value: date | None) -> str:
    """A date in the current locale's long form ("20 décembre 2022"), or "—"."""
    return format_date(value, "long") if value else "—"


def num(value) -> str:
    """A number in the current locale."""
    return format_decimal(value)


def language_of(text: str, default: str) -> str:
    """"ar" when most letters of `text` are Arabic, else `default` (used for direction only)."""
    letters = [ch for ch in text or "" if ch.isalpha()]
    if not letters:
        return default
    arabic = sum(bool(ARABIC_LETTER.match(ch)) for ch in letters)
    if arabic * 2 > len(letters):
        return "ar"
    return default if default != "ar" else "fr"


@dataclass
class Text:
    """A piece of text and the language it is in."""
    text: str
    language: str

    @property
    def direction(self) -> str:
        return "rtl" if self.language == "ar" else "ltr"

    def __str__(self) -> str:
        return self.text


@dataclass
class Paragraph:
    text: Text
    note: bool = False          # a remark of the report itself (a fallback, a missing section)
    kind: str = "paragraph"


@dataclass
class Bullets:
    items: list[Text]
    kind: str = "bullets"


@dataclass
class Table:
    headers: list[str]
    rows: list[list[Text]]
    numeric: tuple = ()          # indexes of columns holding numbers (centred)
    total: bool = False          # the last row is a total
    kind: str = "table"


@dataclass
class Fields:
    """A card: label / value rows (the OGP commitment template is laid out this way)."""
    rows: list[tuple[str, Text]]
    kind: str = "fields"


@dataclass
class Heading:
    text: Text
    level: int = 3
    kind: str = "heading"


@dataclass
class Section:
    code: str
    title: str
    blocks: list = field(default_factory=list)


@dataclass
class Document:
    language: str
    title: str
    subtitle: list[str]
    sections: list[Section]
    published: bool
    generated_on: str
    consultation_id: int

    @property
    def direction(self) -> str:
        return "rtl" if self.language == "ar" else "ltr"

    def filename(self, fmt: str) -> str:
        return f"self-assessment-{self.consultation_id}-{self.language}.{fmt}"

    def text(self) -> str:
        """Every text of the document, one per line (for tests and search)."""
        lines = [self.title, *self.subtitle]
        for section in self.sections:
            lines.append(section.title)
            for block in section.blocks:
                if block.kind in ("paragraph", "heading"):
                    lines.append(str(block.text))
                elif block.kind == "bullets":
                    lines.extend(map(str, block.items))
                elif block.kind == "table":
                    lines.append(" | ".join(block.headers))
                    lines.extend(" | ".join(map(str, row)) for row in block.rows)
                elif block.kind == "fields":
                    lines.extend(f"{label}: {value}" for label, value in block.rows)
        return "\n".join(lines)
