"""A page of the public list of proposals, and how many match its filters.

Without words, counting the matches is the list's dearest part at 100,000 proposals (PostgreSQL
reads every matching index entry, about 10 ms, on each visit): the count of a set of filters is
kept per version of the consultation's proposals (`core.cache.versioned`: a new or changed
proposal shows at the next request). With words, `search.paginate` bounds its own count.
"""
from __future__ import annotations

from dataclasses import astuple

from sqlalchemy import func, select

from consult.core.extensions import db
from consult.core.pagination import Page
from consult.core.text import search_terms
from consult.proposals import search
from consult.proposals.search import ProposalFilters
from consult.proposals.versions import kept, proposals_version


def count(filters: ProposalFilters) -> int:
    """How many proposals match `filters` (without words)."""
    def counted() -> int:
        return db.session.scalar(select(func.count()).select_from(
            search.matching(filters).order_by(None).subquery()))
    return kept(f"proposals-count:{astuple(filters)}", proposals_version(filters.consultation_id), counted)


def paginate(filters: ProposalFilters, page: int, per_page: int) -> Page:
    """The page of proposals matching `filters` (`.items`, `.total`, `.pages`...)."""
    if search_terms(filters.query):
        return search.paginate(filters, page, per_page)
    found = db.paginate(search.matching(filters), page=page, per_page=per_page, error_out=False, count=False)
    return Page(page=found.page, per_page=per_page, total=count(filters), items=found.items)
