"""Reads of the documents app."""

from django.db.models import QuerySet

from thidua.documents.models import Document
from thidua.lib.paging import peek_page
from thidua.units.models import Unit

PAGE_SIZE = 50


def register(unit: Unit, *, year: int | None = None, page: int | str = 1):
    """The register of documents of a unit and the bodies below it, newest first."""
    qs: QuerySet[Document] = Document.objects.filter(unit__path__startswith=unit.path).select_related(
        "issuer"
    )
    if year:
        qs = qs.filter(year=year)
    qs = qs.order_by("-year", "issuer_id", "-number", "-created_at", "-id").defer("content")
    return peek_page(qs, page, PAGE_SIZE)


def versions(document: Document) -> list[Document]:
    """Every version of a document, oldest first (each version points at the one before)."""
    chain = []
    current = document
    while current.previous_id:
        current = Document.objects.only("id", "version", "state", "number", "symbol", "previous_id").get(
            pk=current.previous_id
        )
        chain.insert(0, current)
    chain.append(document)
    newer = document
    while True:
        nxt = (
            Document.objects.filter(previous=newer)
            .only("id", "version", "state", "number", "symbol", "previous_id")
            .first()
        )
        if nxt is None:
            break
        chain.append(nxt)
        newer = nxt
    return chain
