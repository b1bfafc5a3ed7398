"""A page of a list put together by its feature (not by `db.paginate`, which takes one select()),
with what the pager macro and the API read of Flask-SQLAlchemy's pagination.

`capped`: the count stopped at `total` and more items follow (counting every match of a common
word at 100,000 proposals costs more than the page itself); the pages are then those known to
exist, and the page says "more than" instead of a number.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator


@dataclass
class Page:
    page: int
    per_page: int
    total: int
    items: list[Any] = field(default_factory=list)
    capped: bool = False

    @property
    def pages(self) -> int:
        known = self.total + 1 if self.capped else self.total
        return -(-known // self.per_page) if known else 0

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def prev_num(self) -> int | None:
        return self.page - 1 if self.has_prev else None

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def next_num(self) -> int | None:
        return self.page + 1 if self.has_next else None

    def iter_pages(self, *, left_edge: int = 2, left_current: int = 2, right_current: int = 4,
                   right_edge: int = 2) -> Iterator[int | None]:
        """Page numbers for a pager, None for a gap: as Flask-SQLAlchemy's `iter_pages`."""
        end = self.pages + 1
        shown = sorted({n for n in range(1, end) if n <= left_edge or n > end - 1 - right_edge
                        or self.page - left_current <= n <= self.page + right_current})
        previous = 0
        for number in shown:
            if number - previous > 1:
                yield None
            yield number
            previous = number

    def __iter__(self) -> Iterator[Any]:
        return iter(self.items)
