"""Writes of the documents app: drafts, versions, issuing with the register, withdrawal."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.audit.models import AuditAction
from thidua.audit.services import audit_record, snapshot
from thidua.documents.model import TYPE_CODES
from thidua.documents.model import Document as DocumentModel
from thidua.documents.models import Document, DocumentState, NumberSeries
from thidua.units.models import Unit


def default_symbol(doc_type: str, issuer: Unit) -> str:
    """ "KH-UBND": the type code and the issuing body's abbreviation (a công văn has no type code)."""
    body = issuer.short_name or (
        "UBND" if issuer.kind in ("commune", "district", "province") else issuer.code
    )
    code = TYPE_CODES.get(doc_type, "")
    return f"{code}-{body}" if code else body


def document_create_draft(
    *, actor, unit: Unit, issuer: Unit | None = None, model: DocumentModel, symbol: str = "", is_sample=False
) -> Document:
    """Store a document model as a draft of `unit`, issued later by `issuer` (default: the unit)."""
    issuer = issuer or unit
    if not model.doc_type:
        raise ValidationError({"doc_type": _("Chưa chọn loại văn bản.")})
    with transaction.atomic():
        document = Document.objects.create(
            unit=unit,
            issuer=issuer,
            doc_type=model.doc_type,
            abstract=model.abstract[:500],
            symbol=symbol or model.symbol or default_symbol(model.doc_type, issuer),
            content=model.to_dict(),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            is_sample=is_sample,
        )
        audit_record(
            actor=actor, action=AuditAction.CREATE, instance=document, unit=unit, after=snapshot(document)
        )
    return document


def _symbol_after_type_change(document: Document, doc_type: str) -> str:
    """A symbol that was the default for the old type follows the new type ("KH-UBND" → "BC-UBND")."""
    changed = doc_type and doc_type != document.doc_type
    if changed and document.symbol == default_symbol(document.doc_type, document.issuer):
        return default_symbol(doc_type, document.issuer)
    return document.symbol


def document_update(*, actor, document: Document, model: DocumentModel) -> Document:
    """Change a draft in place; an issued or withdrawn document is frozen, so a new draft version is made."""
    if not model.doc_type:
        raise ValidationError({"doc_type": _("Chưa chọn loại văn bản.")})
    with transaction.atomic():
        document = Document.objects.select_for_update().select_related("issuer").get(pk=document.pk)
        if document.state == DocumentState.DRAFT:
            before = snapshot(document)
            document.content = dataclasses.replace(model, number="").to_dict()
            document.abstract = model.abstract[:500]
            document.symbol = _symbol_after_type_change(document, model.doc_type)
            document.doc_type = model.doc_type
            document.save(update_fields=["content", "abstract", "doc_type", "symbol"])
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                instance=document,
                unit=document.unit,
                before=before,
                after=snapshot(document),
            )
            return document
        if Document.objects.filter(previous=document).exists():
            raise ValidationError(_("Văn bản này đã có phiên bản mới; hãy sửa phiên bản mới nhất."))
        # The new version is a draft: it gets its own number and date when it is issued.
        new = Document.objects.create(
            unit=document.unit,
            issuer=document.issuer,
            doc_type=model.doc_type,
            abstract=model.abstract[:500],
            symbol=_symbol_after_type_change(document, model.doc_type),
            content=dataclasses.replace(model, number="", date=None).to_dict(),
            version=document.version + 1,
            previous=document,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            instance=new,
            unit=new.unit,
            after=snapshot(new),
            verb="tạo phiên bản mới",
        )
    return new


def _locked_series(issuer: Unit, year: int) -> NumberSeries:
    """The issuer's series for the year, created if need be, with its row locked until commit."""
    series = NumberSeries.objects.select_for_update().filter(issuer=issuer, year=year).first()
    if series is None:
        try:
            with transaction.atomic():
                NumberSeries.objects.create(issuer=issuer, year=year, last_number=0)
        except IntegrityError:
            pass  # another transaction created it first; lock theirs
        series = NumberSeries.objects.select_for_update().get(issuer=issuer, year=year)
    return series


def _next_number(issuer: Unit, year: int) -> int:
    """Take the next number of the issuer's series for the year, holding the series row's lock."""
    series = _locked_series(issuer, year)
    series.last_number += 1
    series.save(update_fields=["last_number"])
    return series.last_number


def document_issue(*, actor, document: Document, date: dt.date | None = None) -> Document:
    """Issue a draft: it takes the next number of its issuer's register for the year and is frozen."""
    date = date or timezone.localdate()
    with transaction.atomic():
        document = Document.objects.select_for_update().select_related("unit", "issuer").get(pk=document.pk)
        if document.state != DocumentState.DRAFT:
            raise ValidationError(
                _("Chỉ văn bản dự thảo mới ban hành được; văn bản này đang ở trạng thái “%(state)s”.")
                % {"state": document.get_state_display()}
            )
        before = snapshot(document)
        document.number = _next_number(document.issuer, date.year)
        document.year = date.year
        document.date = date
        document.state = DocumentState.ISSUED
        document.issued_at = timezone.now()
        content = document.model
        content.date = date
        document.content = content.to_dict()
        document.save()
        audit_record(
            actor=actor,
            action=AuditAction.TRANSITION,
            instance=document,
            unit=document.unit,
            before=before,
            after=snapshot(document),
            verb="ban hành",
        )
    return document


def document_record_issued(
    *,
    actor,
    unit: Unit,
    model: DocumentModel,
    number: int,
    date: dt.date,
    issuer: Unit | None = None,
    symbol: str = "",
    is_sample: bool = False,
) -> Document:
    """Enter into the register a document issued before (on paper, or before this register was kept).

    It keeps its own number; the series of its year moves up to that number, so the register never
    gives out a number at or below one already used.
    """
    issuer = issuer or unit
    symbol = symbol or model.symbol or default_symbol(model.doc_type, issuer)
    if number < 1:
        raise ValidationError({"number": _("Số văn bản phải từ 1 trở lên.")})
    if not model.doc_type:
        raise ValidationError({"doc_type": _("Chưa chọn loại văn bản.")})
    content = dataclasses.replace(model, number="", date=date)
    with transaction.atomic():
        series = _locked_series(issuer, date.year)
        if Document.objects.filter(issuer=issuer, year=date.year, number=number, symbol=symbol).exists():
            raise ValidationError(
                {
                    "number": _("Số %(n)s đã có trong sổ năm %(y)s.")
                    % {"n": f"{number:02d}/{symbol}", "y": date.year}
                }
            )
        if series.last_number < number:
            series.last_number = number
            series.save(update_fields=["last_number"])
        document = Document.objects.create(
            unit=unit,
            issuer=issuer,
            doc_type=model.doc_type,
            abstract=model.abstract[:500],
            symbol=symbol,
            number=number,
            year=date.year,
            date=date,
            state=DocumentState.ISSUED,
            issued_at=timezone.now(),
            content=content.to_dict(),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            is_sample=is_sample,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            instance=document,
            unit=unit,
            after=snapshot(document),
            verb="vào sổ văn bản đã ban hành",
        )
    return document


def document_withdraw(*, actor, document: Document, reason: str) -> Document:
    """Withdraw an issued document; its number stays recorded and is never given again."""
    if not reason.strip():
        raise ValidationError({"reason": _("Cần ghi lý do thu hồi.")})
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document.pk)
        if document.state != DocumentState.ISSUED:
            raise ValidationError(_("Chỉ thu hồi được văn bản đã ban hành."))
        before = snapshot(document)
        document.state = DocumentState.WITHDRAWN
        document.withdraw_reason = reason.strip()[:300]
        document.save(update_fields=["state", "withdraw_reason"])
        audit_record(
            actor=actor,
            action=AuditAction.TRANSITION,
            instance=document,
            unit=document.unit,
            before=before,
            after=snapshot(document),
            verb="thu hồi",
        )
    return document
