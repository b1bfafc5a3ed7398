"""The one way a feature prints a document: a Jinja template and its stylesheet, rendered to PDF
by WeasyPrint in a given language.

Arabic is shaped and joined by Pango with Debian's Noto fonts (`fonts-noto-core`); the template
sets `lang` and `dir` on its <html>, the stylesheet the page size (A4) and the fonts. Needs an
app context (templates, translations), no request: commands and jobs call it as views do.
WeasyPrint is imported on first use, so that pages which print nothing never load it.
"""
from __future__ import annotations

from pathlib import Path

from flask import current_app, render_template

from consult.core.languages import in_language

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def render_pdf(template: str, stylesheet: str, language: str, **context) -> bytes:
    """`template` rendered with `context` in `language`, printed with `stylesheet` (both paths
    relative to `templates/`)."""
    from weasyprint import CSS, HTML
    with in_language(language):
        html = render_template(template, **context)
    return HTML(string=html, base_url=current_app.root_path).write_pdf(
        stylesheets=[CSS(filename=str(TEMPLATES / stylesheet))])
