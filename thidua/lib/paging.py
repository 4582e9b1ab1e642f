"""Paging without counting: for searches over large tables, where COUNT(*) costs a full scan."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from thidua.lib.params import parse_int

# Far beyond any list of a commune; a bigger number (typed into the address) would overflow the
# database's OFFSET, so it reads as this page, which is empty.
MAX_PAGE = 100_000


@dataclass
class PeekPage:
    """One page of a queryset, read as page_size + 1 rows to learn whether a next page exists."""

    object_list: list[Any]
    number: int
    has_next: bool

    def __iter__(self) -> Iterator[Any]:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def peek_page(queryset: QuerySet[Any], page: int | str, page_size: int) -> PeekPage:
    number = page_number(page)
    start = (number - 1) * page_size
    rows = list(queryset[start : start + page_size + 1])
    return PeekPage(object_list=rows[:page_size], number=number, has_next=len(rows) > page_size)


def page_number(page: object) -> int:
    """The page asked for, from 1 to MAX_PAGE; 1 when it is not a number."""
    return min(max(1, parse_int(page, 1)), MAX_PAGE)
