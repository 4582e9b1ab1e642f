"""Writes of the documents app: drafts, versions, issuing with the register, withdrawal.

Each service checks the actor itself: drafting and editing need DOCUMENT_EDIT on the document's
unit; issuing, withdrawing and entering an earlier document need DOCUMENT_ISSUE. A domain app that
issues its own paper (a notice, the council's minutes) under its own right passes that right as
`authority`, having checked it first.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua import access
from thidua.access import Action, Actor
from thidua.audit import changes
from thidua.audit.anchors import anchor_on_commit
from thidua.audit.services import audit_head
from thidua.documents.model import TYPE_CODES
from thidua.documents.model import Document as DocumentModel
from thidua.documents.models import Document, DocumentState, NumberSeries
from thidua.lib.errors import ServiceError
from thidua.lib.vn import padded
from thidua.units.models import Unit

ABSTRACT_MAX = 500


def default_symbol(doc_type: str, issuer: Unit) -> str:
    """ "KH-UBND": the type code and the issuing body's abbreviation (a công văn has no type code)."""
    body = issuer.short_name or (
        "UBND" if issuer.kind in ("commune", "district", "province") else issuer.code or ""
    )
    code = TYPE_CODES.get(doc_type, "")
    return f"{code}-{body}" if code else body


def _require_type(model: DocumentModel) -> None:
    if not model.doc_type:
        raise ServiceError(_("Chưa chọn loại văn bản."), field="doc_type")


def _author(actor: Actor):
    """The person recorded as the document's author (none when the installation writes it)."""
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def document_create_draft(
    *,
    actor: Actor,
    unit: Unit,
    model: DocumentModel,
    issuer: Unit | None = None,
    symbol: str = "",
    is_sample: bool = False,
) -> Document:
    """Store a document model as a draft of `unit`, issued later by `issuer` (default: the unit)."""
    access.require_actor(actor, Action.DOCUMENT_EDIT, unit)
    _require_type(model)
    issuer = issuer or unit
    document = Document(
        unit=unit,
        issuer=issuer,
        doc_type=model.doc_type,
        abstract=model.abstract[:ABSTRACT_MAX],
        symbol=symbol or model.symbol or default_symbol(model.doc_type, issuer),
        content=model.to_dict(),
        created_by=_author(actor),
        is_sample=is_sample,
    )
    return changes.create(document, actor=actor)


def _symbol_after_type_change(document: Document, doc_type: str) -> str:
    """A symbol that was the default for the old type follows the new type ("KH-UBND" → "BC-UBND")."""
    changed = doc_type and doc_type != document.doc_type
    if changed and document.symbol == default_symbol(document.doc_type, document.issuer):
        return default_symbol(doc_type, document.issuer)
    return document.symbol


@transaction.atomic
def document_update(*, actor: Actor, document: Document, model: DocumentModel) -> Document:
    """Change a draft in place; an issued or withdrawn document is frozen, so a new draft version is made."""
    access.require_actor(actor, Action.DOCUMENT_EDIT, document.unit)
    _require_type(model)
    document = Document.objects.select_for_update().select_related("unit", "issuer").get(pk=document.pk)
    symbol = _symbol_after_type_change(document, model.doc_type)
    if document.state == DocumentState.DRAFT:
        return changes.update(
            document,
            actor=actor,
            content=dataclasses.replace(model, number="").to_dict(),
            abstract=model.abstract[:ABSTRACT_MAX],
            symbol=symbol,
            doc_type=model.doc_type,
        )
    if Document.objects.filter(previous=document).exists():
        raise ServiceError(_("Văn bản này đã có phiên bản mới; hãy sửa phiên bản mới nhất."))
    # The new version is a draft: it gets its own number and date when it is issued.
    new = Document(
        unit=document.unit,
        issuer=document.issuer,
        doc_type=model.doc_type,
        abstract=model.abstract[:ABSTRACT_MAX],
        symbol=symbol,
        content=dataclasses.replace(model, number="", date=None).to_dict(),
        version=document.version + 1,
        previous=document,
        created_by=_author(actor),
    )
    return changes.create(new, actor=actor, verb="tạo phiên bản mới")


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


@transaction.atomic
def document_issue(
    *,
    actor: Actor,
    document: Document,
    date: dt.date | None = None,
    authority: Action = Action.DOCUMENT_ISSUE,
) -> Document:
    """Issue a draft: it takes the next number of its issuer's register for the year and is frozen.

    `authority` is the right that lets the actor issue it: DOCUMENT_ISSUE from the register, or
    the domain's own right for a paper a domain service issues (its caller checked it too).
    """
    access.require_actor(actor, authority, document.unit)
    date = date or timezone.localdate()
    document = Document.objects.select_for_update().select_related("unit", "issuer").get(pk=document.pk)
    if document.state != DocumentState.DRAFT:
        # Refused before a number is taken from the register.
        raise ServiceError(
            _("Chỉ văn bản dự thảo mới ban hành được; văn bản này đang ở trạng thái “%(state)s”.")
            % {"state": document.get_state_display()},
            code="illegal_transition",
        )
    content = document.model
    content.date = date
    head = audit_head()
    content.audit_head = f"{head[0]}:{head[1]}" if head else ""
    anchor_on_commit(force=True)
    return changes.transition(
        document,
        actor=actor,
        to=DocumentState.ISSUED,
        allowed=(DocumentState.DRAFT,),
        verb="ban hành",
        number=_next_number(document.issuer, date.year),
        year=date.year,
        date=date,
        issued_at=timezone.now(),
        content=content.to_dict(),
    )


@transaction.atomic
def document_record_issued(
    *,
    actor: Actor,
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
    access.require_actor(actor, Action.DOCUMENT_ISSUE, unit)
    issuer = issuer or unit
    symbol = symbol or model.symbol or default_symbol(model.doc_type, issuer)
    if number < 1:
        raise ServiceError(_("Số văn bản phải từ 1 trở lên."), field="number")
    _require_type(model)
    # The series row's lock serialises every issue and record of this issuer's year, so the check
    # below sees a number taken by a transaction that committed while this one waited.
    series = _locked_series(issuer, date.year)
    taken = Document.objects.filter(issuer=issuer, year=date.year, number=number).first()
    if taken is not None:
        # One yearly series per issuing body (Decree 30): the number is taken whatever the symbol,
        # and a withdrawn document still holds its number.
        raise ServiceError(
            _("Số %(n)s đã có trong sổ năm %(y)s (văn bản %(taken)s%(state)s).")
            % {
                "n": padded(number),
                "y": date.year,
                "taken": taken.number_symbol,
                "state": "" if taken.is_issued else f", {taken.get_state_display().lower()}",
            },
            field="number",
        )
    if series.last_number < number:
        series.last_number = number
        series.save(update_fields=["last_number"])
    document = Document(
        unit=unit,
        issuer=issuer,
        doc_type=model.doc_type,
        abstract=model.abstract[:ABSTRACT_MAX],
        symbol=symbol,
        number=number,
        year=date.year,
        date=date,
        state=DocumentState.ISSUED,
        issued_at=timezone.now(),
        content=dataclasses.replace(model, number="", date=date).to_dict(),
        created_by=_author(actor),
        is_sample=is_sample,
    )
    return changes.create(document, actor=actor, verb="vào sổ văn bản đã ban hành")


@transaction.atomic
def document_withdraw(*, actor: Actor, document: Document, reason: str) -> Document:
    """Withdraw an issued document; its number stays recorded and is never given again."""
    access.require_actor(actor, Action.DOCUMENT_ISSUE, document.unit)
    if not reason.strip():
        raise ServiceError(_("Cần ghi lý do thu hồi."), field="reason")
    document = Document.objects.select_for_update().select_related("unit").get(pk=document.pk)
    return changes.transition(
        document,
        actor=actor,
        to=DocumentState.WITHDRAWN,
        allowed=(DocumentState.ISSUED,),
        verb="thu hồi",
        withdraw_reason=reason.strip()[:300],
    )
