"""What the archive pages read: the papers of a unit's year grouped into files (mục lục hồ sơ), the
papers whose retention period has passed, and what a document's page shows of its keeping."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from thidua.archive.models import AppraisalItem, ArchiveCopy, Handover, Outcome, RetentionRule
from thidua.archive.retention import last_year_kept, period_text
from thidua.documents.models import Document
from thidua.lib.text import sort_key
from thidua.units.models import Unit


def rules() -> dict[str, RetentionRule]:
    """The retention periods by document type, in Vietnamese alphabetical order."""
    return {
        rule.doc_type: rule
        for rule in sorted(RetentionRule.objects.all(), key=lambda r: sort_key(r.doc_type))
    }


def numbered(unit: Unit) -> QuerySet[Document]:
    """The unit's papers that took a number (issued, or issued and withdrawn later): the records."""
    return Document.objects.filter(unit=unit, number__isnull=False)


def years(unit: Unit) -> list[int]:
    return sorted({y for y in numbered(unit).values_list("year", flat=True) if y is not None}, reverse=True)


@dataclass
class Kept:
    """One paper and its keeping: the rule's period, the last year kept, its copy, its fate."""

    document: Document
    years: int | None
    last_year: int | None
    copy: ArchiveCopy | None
    destroyed: AppraisalItem | None = None
    kept_until: int | None = None
    handover: Handover | None = None

    @property
    def period(self) -> str:
        return period_text(self.years)

    @property
    def until(self) -> int | None:
        """The last year kept, moved on by an appraisal that kept it longer."""
        if self.last_year is None:
            return None
        return max(self.last_year, self.kept_until or 0)

    def expired(self, today: dt.date) -> bool:
        return self.destroyed is None and self.until is not None and today.year > self.until


def _kept(documents: QuerySet[Document]) -> list[Kept]:
    by_type = rules()
    documents = documents.select_related("archive_copy").prefetch_related(
        Prefetch("appraisals", queryset=AppraisalItem.objects.select_related("appraisal")),
        "handovers",
    )
    rows = []
    for document in documents:
        rule = by_type.get(document.doc_type)
        years_kept = rule.years if rule else None
        items = list(document.appraisals.all())
        destroyed = next((i for i in items if i.outcome == Outcome.DESTROY), None)
        kept = max((i.keep_until or 0 for i in items if i.outcome == Outcome.KEEP), default=None)
        rows.append(
            Kept(
                document=document,
                years=years_kept,
                last_year=last_year_kept(document.year or 0, years_kept),
                copy=getattr(document, "archive_copy", None),
                destroyed=destroyed,
                kept_until=kept,
                handover=next(iter(document.handovers.all()), None),
            )
        )
    return rows


@dataclass
class ArchiveFile:
    """A file (hồ sơ) of the yearly list: the papers of one type issued in the year."""

    number: int
    doc_type: str
    year: int
    rows: list[Kept] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"Tập lưu {self.doc_type.lower()} năm {self.year}"

    @property
    def first(self) -> dt.date | None:
        return min((r.document.date for r in self.rows if r.document.date), default=None)

    @property
    def last(self) -> dt.date | None:
        return max((r.document.date for r in self.rows if r.document.date), default=None)

    @property
    def period(self) -> str:
        return self.rows[0].period

    @property
    def pages(self) -> int | None:
        """The pages of the file's archive copies; None while a paper has no copy yet."""
        if any(r.copy is None for r in self.rows if r.destroyed is None):
            return None
        return sum(r.copy.pages for r in self.rows if r.copy is not None)


def file_list(unit: Unit, year: int) -> list[ArchiveFile]:
    """The yearly list of files (mục lục hồ sơ): one file per document type, in type order, each
    paper in number order."""
    files: dict[str, ArchiveFile] = {}
    for row in _kept(numbered(unit).filter(year=year).order_by("number")):
        kind = row.document.doc_type
        files.setdefault(kind, ArchiveFile(number=0, doc_type=kind, year=year)).rows.append(row)
    ordered = sorted(files.values(), key=lambda f: sort_key(f.doc_type))
    for number, file in enumerate(ordered, start=1):
        file.number = number
    return ordered


def expired(unit: Unit, today: dt.date | None = None) -> list[Kept]:
    """The papers whose retention period has passed and that no appraisal ended or prolonged past
    this year: the list an appraisal decides on."""
    today = today or timezone.localdate()
    candidates = numbered(unit).filter(year__lt=today.year).order_by("year", "doc_type", "number")
    return [row for row in _kept(candidates) if row.expired(today)]


def missing_copies(unit: Unit | None, year: int | None = None) -> QuerySet[Document]:
    """The numbered papers without an archive copy and not destroyed: of the unit, or of all units."""
    papers = numbered(unit) if unit is not None else Document.objects.filter(number__isnull=False)
    documents = papers.filter(archive_copy__isnull=True).exclude(appraisals__outcome=Outcome.DESTROY)
    return documents if year is None else documents.filter(year=year)


def panel(document: Document) -> dict[str, Any]:
    """What the document's page shows of its keeping (only for a numbered paper)."""
    if document.number is None:
        return {}
    return {"kept": _kept(Document.objects.filter(pk=document.pk))[0]}


def handovers(unit: Unit) -> QuerySet[Handover]:
    return Handover.objects.filter(unit=unit)
