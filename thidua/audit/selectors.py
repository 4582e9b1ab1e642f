"""Reads of the audit log."""

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Model

from thidua.audit.models import AuditEntry, AuditHead
from thidua.units.models import Unit


def entries_for_object(instance: Model, limit: int = 50) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(model=instance._meta.label_lower, object_id=str(instance.pk))
        .select_related("actor")
        .order_by("-id")[:limit]
    )


def entries_for_unit(unit: Unit, page: int | str = 1, page_size: int = 50) -> Page[AuditEntry]:
    qs = AuditEntry.objects.filter(unit_path__startswith=unit.path).select_related("actor").order_by("-id")
    return Paginator(qs, page_size).get_page(page)


def audit_version() -> int:
    """The length of the audit chain: it grows in the transaction of every change made through the one
    write path, so a page kept under it is shown again only while nothing has changed."""
    # Plain SQL: building the ORM query would cost more than everything else a kept page needs.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count FROM {AuditHead._meta.db_table} WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else 0
