"""Finding proposals: the filters and words of the proposal list, the moderation list and the API.

With words the order is: first the proposals in which every word of the query is found (an
Arabic word with or without its article or glued particles), then those close to it in meaning,
in any language, as the clustering's stored vectors tell (`signals.search_by_meaning`); in each
part the closest in meaning first, then the newest. `matching` sorts every match so (the CSV reads
them all). `paginate` puts one page together in bounded queries instead, since at 100,000
proposals a common word matches nearly all of them and sorting them all costs more than the page:
the proposals found by meaning are at most MEANING_RESULTS known ids, so the page is made of
 1. the word matches among them, closest first (their ranks are known),
 2. the other word matches, newest first: read backwards along an index on the creation time
    (OFFSET/LIMIT) when the words are common, through the trigram index when they are rare,
 3. those found by meaning only, closest first;
and the count stops at the first multiple of COUNT_STEP that the page reaches ("more than 1,000
proposals" on the first 50 pages of 20).

Without words, counting the matches is a page's dearest part at 100,000 proposals (PostgreSQL
reads every matching index entry, about 10 ms, on each visit): the count of a set of filters is
kept per version of the consultation's proposals (`proposals.versions.kept`: a new or changed
proposal shows at the next request).
"""
from __future__ import annotations

from dataclasses import astuple, dataclass

from sqlalchemy import and_, case, func, or_, select

from consult.core.extensions import db
from consult.core.pagination import Page
from consult.core.text import search_terms
from consult.proposals.models import Proposal
from consult.proposals.signals import ids_by_meaning
from consult.proposals.versions import kept, proposals_version

# Proposals found by meaning (beyond the word matches) for one query: enough for a few pages.
MEANING_RESULTS = 60
# With words, the count stops at the first multiple of this past the page asked for.
COUNT_STEP = 1000
MAX_WORDS = 10
NEWEST = (Proposal.created_at.desc(), Proposal.id.desc())


@dataclass
class ProposalFilters:
    consultation_id: int
    query: str = ""
    axis_id: int | None = None
    governorate: str | None = None
    language: str | None = None
    status: str | None = None
    channel: str | None = None
    workshop_id: int | None = None
    include_hidden: bool = False


def _like(word: str):
    pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return or_(Proposal.search_text.like(pattern, escape="\\"), Proposal.ref == word.upper())


def _conditions(filters: ProposalFilters) -> list:
    """What every listed proposal meets, words apart: its consultation, the filters, not hidden."""
    conditions = [Proposal.consultation_id == filters.consultation_id]
    for column, value in (("axis_id", filters.axis_id), ("governorate", filters.governorate),
                          ("language", filters.language), ("status", filters.status),
                          ("channel", filters.channel), ("workshop_id", filters.workshop_id)):
        if value:
            conditions.append(getattr(Proposal, column) == value)
    if not filters.include_hidden and filters.status != "hidden":
        conditions.append(Proposal.status != "hidden")
    return conditions


def _by_words(filters: ProposalFilters):
    """Every word of the query found (None without words)."""
    words = search_terms(filters.query)[:MAX_WORDS]
    return and_(*[_like(word) for word in words]) if words else None


def matching(filters: ProposalFilters):
    """A select() of every matching proposal, in the list's order (see the module)."""
    stmt = db.select(Proposal).filter(*_conditions(filters))
    by_words = _by_words(filters)
    if by_words is None:
        return stmt.order_by(*NEWEST)
    by_meaning = ids_by_meaning(filters.consultation_id, filters.query, MEANING_RESULTS)
    if not by_meaning:
        return stmt.filter(by_words).order_by(*NEWEST)
    closeness = case({pid: rank for rank, pid in enumerate(by_meaning)}, value=Proposal.id,
                     else_=len(by_meaning))
    return (stmt.filter(or_(by_words, Proposal.id.in_(by_meaning)))
            .order_by(case((by_words, 0), else_=1), closeness, *NEWEST))


def paginate(filters: ProposalFilters, page: int, per_page: int, options=()) -> Page:
    """One page of the list, the proposals loaded with `options` (e.g. joinedload)."""
    by_words = _by_words(filters)
    if by_words is None:   # newest first, every match counted
        found = db.paginate(matching(filters).options(*options), page=page, per_page=per_page,
                            error_out=False, count=False)
        return Page(page=found.page, per_page=per_page, total=count(filters), items=found.items)
    conditions = _conditions(filters)
    by_meaning = ids_by_meaning(filters.consultation_id, filters.query, MEANING_RESULTS)
    with_words, meaning_only = [], []
    if by_meaning:
        has_words = dict(db.session.execute(
            select(Proposal.id, case((by_words, 1), else_=0))
            .filter(*conditions, Proposal.id.in_(by_meaning))).all())
        with_words = [pid for pid in by_meaning if has_words.get(pid) == 1]
        meaning_only = [pid for pid in by_meaning if has_words.get(pid) == 0]
        conditions.append(Proposal.id.not_in(by_meaning))
    others = [*conditions, by_words]   # the word matches not found by meaning: part 2

    start, end = (page - 1) * per_page, page * per_page
    bound = COUNT_STEP * -(-end // COUNT_STEP)
    # Part 2 counted up to the bound and one more: past it, more than `bound` match in all, and the
    # page (which ends at the bound at the latest) holds none of part 3.
    room = bound - len(with_words)
    counted = db.session.scalar(select(func.count()).select_from(
        select(Proposal.id).filter(*others).limit(room + 1).subquery()))
    capped = counted > room

    ids = with_words[start:end]
    first, last = max(start - len(with_words), 0), min(end - len(with_words), counted)
    if last > first:
        ids += db.session.scalars(select(Proposal.id).filter(*others).order_by(*NEWEST)
                                  .offset(first).limit(last - first)).all()
    if not capped:
        before = len(with_words) + counted
        ids += meaning_only[max(start - before, 0):max(end - before, 0)]
    total = bound if capped else len(with_words) + counted + len(meaning_only)
    return Page(page=page, per_page=per_page, total=total, items=_load(ids, options), capped=capped)


def count(filters: ProposalFilters) -> int:
    """How many proposals match `filters` (without words), kept per version of the proposals."""
    def counted() -> int:
        return db.session.scalar(select(func.count()).select_from(matching(filters).order_by(None).subquery()))
    return kept(f"proposals-count:{astuple(filters)}", proposals_version(filters.consultation_id), counted)


def _load(ids: list[int], options) -> list[Proposal]:
    """The proposals of these ids, in this order, in one query."""
    if not ids:
        return []
    loaded = {p.id: p for p in db.session.scalars(
        select(Proposal).filter(Proposal.id.in_(ids)).options(*options)).unique()}
    return [loaded[pid] for pid in ids if pid in loaded]
