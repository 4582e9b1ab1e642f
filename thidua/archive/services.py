"""Changes to the archive, each in one transaction, checked by `access` and audited: the PDF/A copy
of an issued paper, the retention periods, an appraisal decision, a hand-over."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.reader import PdfFileReader

from thidua import access
from thidua.access import Action, Actor
from thidua.archive import selectors
from thidua.archive.models import Appraisal, AppraisalItem, ArchiveCopy, Handover, Outcome, RetentionRule
from thidua.audit import changes
from thidua.documents.models import Document
from thidua.documents.render_pdf import render_archival
from thidua.files import content
from thidua.files.services import stored_file_keep
from thidua.lib.errors import ServiceError
from thidua.units.models import Unit

MAX_YEARS = 100
log = logging.getLogger(__name__)


def _file_name(document: Document) -> str:
    return f"{document.number_symbol.replace('/', '_')}.pdfa.pdf"


def _pages(pdf: bytes) -> int:
    return int(PdfFileReader(io.BytesIO(pdf), strict=False).root["/Pages"]["/Count"])


@transaction.atomic
def archive_copy_make(*, actor: Actor, document: Document) -> ArchiveCopy:
    """Keep the PDF/A-2b copy of a numbered paper; its SHA-256 goes into the audit record."""
    access.require_actor(actor, Action.ARCHIVE_MANAGE, document.unit)
    document = Document.objects.select_for_update().select_related("unit").get(pk=document.pk)
    if document.number is None:
        raise ServiceError(
            _("Chỉ văn bản đã ban hành (đã có số) mới được lập bản lưu trữ."), code="not_issued"
        )
    if ArchiveCopy.objects.filter(document=document).exists():
        raise ServiceError(_("Văn bản này đã có bản lưu trữ."), code="already_kept")
    if document.appraisals.filter(outcome=Outcome.DESTROY).exists():
        raise ServiceError(_("Văn bản này đã được hủy theo quyết định."), code="destroyed")
    pdf = render_archival(document.model, title=f"{document.doc_type} {document.number_symbol}")
    stored = stored_file_keep(
        actor=actor, data=pdf, name=_file_name(document), kind=content.PDF, unit=document.unit
    )
    copy = ArchiveCopy(
        document=document,
        file=stored,
        sha256=hashlib.sha256(pdf).hexdigest(),
        pages=_pages(pdf),
        made_at=timezone.now(),
    )
    return changes.create(copy, actor=actor, unit=document.unit, verb="lập bản lưu trữ PDF/A")


def archive_copies_make(*, actor: Actor, unit: Unit | None = None, limit: int = 500) -> int:
    """The copies still missing, each in its own transaction: of one unit for its officer, of every
    unit for `thidua cron`. A paper that cannot be copied is logged and skipped, so that it never
    holds back the papers after it. Returns how many were made."""
    if unit is not None:
        access.require_actor(actor, Action.ARCHIVE_MANAGE, unit)
    made = 0
    for document in selectors.missing_copies(unit).order_by("pk")[:limit]:
        try:
            archive_copy_make(actor=actor, document=document)
        except Exception:  # noqa: BLE001 - one paper's failure must not stop the others; logged
            log.exception("archive copy of document %s failed", document.pk)
            continue
        made += 1
    return made


def _lock(unit: Unit) -> None:
    """Appraisals and hand-overs of one unit one at a time: two at once (a double click, two
    officers) would both pass the checks on what is already decided or handed over."""
    Unit.objects.select_for_update().filter(pk=unit.pk).first()


def _top(actor: Actor, unit: Unit) -> None:
    access.require_actor(actor, Action.ARCHIVE_MANAGE, unit)
    if unit.parent_id is not None:
        raise ServiceError(
            _("Thời hạn bảo quản áp dụng cho cả hệ thống; chỉ cán bộ của đơn vị cấp cao nhất được sửa."),
            code="not_top",
        )


@transaction.atomic
def retention_rule_set(
    *, actor: Actor, unit: Unit, doc_type: str, years: int | None, basis: str = ""
) -> RetentionRule:
    """Set how long papers of a type are kept (None: permanently). The periods hold for the whole
    installation, as the circular does, so they are set from the top unit."""
    _top(actor, unit)
    doc_type = " ".join(doc_type.split()).upper()
    if not doc_type:
        raise ServiceError(_("Hãy nhập loại văn bản."), field="doc_type")
    if years is not None and not 1 <= years <= MAX_YEARS:
        raise ServiceError(
            _("Thời hạn bảo quản là từ 1 đến %(max)s năm, hoặc để trống nếu vĩnh viễn.") % {"max": MAX_YEARS},
            field="years",
        )
    rule = RetentionRule.objects.select_for_update().filter(doc_type=doc_type).first()
    if rule is None:
        return changes.create(
            RetentionRule(doc_type=doc_type, years=years, basis=basis),
            actor=actor,
            unit=unit,
            verb="thêm thời hạn bảo quản",
        )
    return changes.update(
        rule, actor=actor, unit=unit, verb="sửa thời hạn bảo quản", years=years, basis=basis
    )


@transaction.atomic
def appraisal_record(
    *,
    actor: Actor,
    unit: Unit,
    reference: str,
    decided_on: dt.date,
    destroy: list[Document],
    keep: dict[Document, int] | None = None,
    note: str = "",
    today: dt.date | None = None,
) -> Appraisal:
    """Record the head's decision on papers whose retention period has passed: those in `destroy`
    lose their kept files (archive copy, signed copies; the register entry stays, as the register is
    kept permanently), those in `keep` are kept to the end of the year given. Only papers on the
    list of expired ones may be decided on; nothing else is touched."""
    access.require_actor(actor, Action.ARCHIVE_DISPOSE, unit)
    _lock(unit)
    today = today or timezone.localdate()
    keep = keep or {}
    reference = reference.strip()
    if not reference:
        raise ServiceError(_("Hãy nhập số, ký hiệu của quyết định."), field="reference")
    if decided_on > today:
        raise ServiceError(_("Ngày quyết định không được sau hôm nay."), field="decided_on")
    if not destroy and not keep:
        raise ServiceError(_("Hãy chọn ít nhất một văn bản."), code="empty")
    if set(destroy) & set(keep):
        raise ServiceError(_("Một văn bản không thể vừa hủy vừa giữ thêm."), code="both")
    expired = {row.document.pk for row in selectors.expired(unit, today)}
    for document in [*destroy, *keep]:
        if document.pk not in expired:
            raise ServiceError(
                _("Văn bản %(doc)s không nằm trong danh sách hết thời hạn bảo quản; không được xử lý.")
                % {"doc": document},
                code="not_expired",
            )
    for document, until in keep.items():
        if until <= today.year:
            raise ServiceError(
                _("Văn bản %(doc)s: năm giữ đến phải sau năm nay.") % {"doc": document}, field="keep_until"
            )
    appraisal = changes.create(
        Appraisal(
            unit=unit,
            reference=reference,
            decided_on=decided_on,
            note=note,
            recorded_by=access.user_of(actor),
        ),
        actor=actor,
        verb="ghi quyết định xác định giá trị tài liệu",
    )
    for document in destroy:
        changes.create(
            AppraisalItem(appraisal=appraisal, document=document, outcome=Outcome.DESTROY),
            actor=actor,
            unit=unit,
            verb="hủy tài liệu hết giá trị",
        )
        _discard_files(actor, document, unit)
    for document, until in keep.items():
        changes.create(
            AppraisalItem(appraisal=appraisal, document=document, outcome=Outcome.KEEP, keep_until=until),
            actor=actor,
            unit=unit,
            verb="giữ thêm tài liệu",
        )
    return appraisal


def _discard_files(actor: Actor, document: Document, unit: Unit) -> None:
    """The kept files of a destroyed paper; their records are audited as they were (with their
    SHA-256) and the bytes go at the next `thidua files-clean`."""
    from thidua.signatures.models import SignedAttachment, SignedPaper

    kept = [
        *ArchiveCopy.objects.filter(document=document),
        *SignedPaper.objects.filter(document=document),
        *SignedAttachment.objects.filter(document=document),
    ]
    for record in kept:
        changes.delete(record, actor=actor, unit=unit, verb="hủy tệp của tài liệu hết giá trị")


@transaction.atomic
def handover_record(
    *,
    actor: Actor,
    unit: Unit,
    year: int,
    handed_on: dt.date,
    archive: str,
    reference: str,
    today: dt.date | None = None,
) -> Handover:
    """Record the hand-over of a closed year's papers to the archive, with its minutes. Every paper
    of the year must have its archive copy first: what is handed over is what is kept."""
    access.require_actor(actor, Action.ARCHIVE_MANAGE, unit)
    _lock(unit)
    today = today or timezone.localdate()
    archive, reference = archive.strip(), reference.strip()
    if not archive:
        raise ServiceError(_("Hãy nhập tên lưu trữ nhận hồ sơ."), field="archive")
    if not reference:
        raise ServiceError(_("Hãy nhập số biên bản giao nhận."), field="reference")
    if year >= today.year:
        raise ServiceError(_("Chỉ giao nộp hồ sơ của năm đã kết thúc."), field="year")
    if handed_on > today or handed_on.year <= year:
        raise ServiceError(_("Ngày giao nộp phải sau năm của hồ sơ và không sau hôm nay."), field="handed_on")
    if Handover.objects.filter(unit=unit, year=year).exists():
        raise ServiceError(_("Hồ sơ năm %(year)s đã được giao nộp.") % {"year": year}, field="year")
    documents = list(
        selectors.numbered(unit).filter(year=year).exclude(appraisals__outcome=Outcome.DESTROY).order_by("pk")
    )
    if not documents:
        raise ServiceError(_("Năm %(year)s không có văn bản nào để giao nộp.") % {"year": year}, field="year")
    missing = selectors.missing_copies(unit, year).count()
    if missing:
        raise ServiceError(
            _("Còn %(n)s văn bản của năm %(year)s chưa có bản lưu trữ PDF/A; hãy lập trước khi giao nộp.")
            % {"n": missing, "year": year},
            code="missing_copies",
        )
    handover = changes.create(
        Handover(
            unit=unit,
            year=year,
            handed_on=handed_on,
            archive=archive,
            reference=reference,
            recorded_by=access.user_of(actor),
        ),
        actor=actor,
        verb="giao nộp hồ sơ vào lưu trữ",
    )
    handover.documents.set(documents)
    return handover
