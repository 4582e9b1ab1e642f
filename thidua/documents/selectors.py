"""Reads of the documents app."""

from django.db import connection
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
    """Every version of a document, oldest first (each version points at the one before).

    One recursive query walks the chain both ways, however many versions there are.
    """
    table = Document._meta.db_table
    sql = f"""
        WITH RECURSIVE older(id, previous_id) AS (
            SELECT id, previous_id FROM {table} WHERE id = %s
            UNION ALL SELECT d.id, d.previous_id FROM {table} d JOIN older o ON d.id = o.previous_id
        ), newer(id) AS (
            SELECT id FROM {table} WHERE id = %s
            UNION ALL SELECT d.id FROM {table} d JOIN newer n ON d.previous_id = n.id
        )
        SELECT id FROM older UNION SELECT id FROM newer
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [document.pk, document.pk])
        ids = [row[0] for row in cursor.fetchall()]
    others = {
        d.pk: d
        for d in Document.objects.filter(pk__in=ids)
        .exclude(pk=document.pk)
        .only("id", "version", "state", "number", "symbol", "previous_id")
    }
    others[document.pk] = document
    return sorted(others.values(), key=lambda d: d.version)


def is_movement_paper(document: Document) -> bool:
    """True for a movement's plan or review report: papers every unit taking part works from.

    The movements app points at its documents (not the reverse), so the link is looked up by name.
    """
    from django.apps import apps

    movement = apps.get_model("movements", "Movement")
    period = apps.get_model("movements", "ReviewPeriod")
    return (
        movement.objects.filter(plan_document=document).exists()
        or period.objects.filter(report_document=document).exists()
    )
