"""The check of a received PDF: is it signed, by whom, is it intact, does the signer's chain reach a
trust root the admin configured (never one downloaded, never the operating system's), when was it
signed, is there a timestamp. `verify_pdf(data) -> Report`, in Vietnamese; pyHanko's validator does
the cryptography, this module says what it found in the words of an office clerk.

A later revision the signature does not cover is judged by pyHanko's difference analysis: adding a
further signature or filling a form is allowed, anything else (a page, an annotation, a changed
word) is a change after signing — said plainly, and said again on the later signature, which then
covers a paper that is not the one first signed.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from asn1crypto import crl as asn1_crl
from asn1crypto import x509 as asn1_x509
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from thidua.files import content
from thidua.files.content import UploadRefused
from thidua.lib.errors import ServiceError
from thidua.signatures.certificates import VIETNAM
from thidua.signatures.signing import outside_event_loop

log = logging.getLogger(__name__)

# A signature made for a paper allows either purpose (pyHanko's default asks for non-repudiation only).
USAGE = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False)


@dataclass
class SignatureReport:
    """One signature of the file, as the report shows it."""

    number: int
    field: str
    signer: str
    organisation: str
    signing_time: str  # ISO 8601, Vietnam time ("" when the signer did not say)
    intact: bool  # the bytes it covers are those signed
    valid: bool  # the cryptographic signature is right
    trusted: bool  # the signer's chain reaches a configured trust root
    revoked: bool
    changed_after: bool  # a later revision changes the paper beyond further signatures / form filling
    timestamp: bool
    timestamp_time: str
    messages: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.intact and self.valid and self.trusted and not self.revoked and not self.changed_after


@dataclass
class Report:
    signed: bool
    signatures: list[SignatureReport]
    summary: str
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.signed and all(s.ok for s in self.signatures) and not self.problems

    def to_json(self) -> dict:
        data = asdict(self)
        data["ok"] = self.ok
        for item, signature in zip(data["signatures"], self.signatures, strict=True):
            item["ok"] = signature.ok
        return data


def _vn_iso(moment: dt.datetime | None) -> str:
    return moment.astimezone(VIETNAM).isoformat(timespec="seconds") if moment else ""


def _vn_text(moment: dt.datetime | None) -> str:
    return moment.astimezone(VIETNAM).strftime("%H:%M:%S ngày %d/%m/%Y") if moment else ""


def _subject(cert: asn1_x509.Certificate) -> tuple[str, str]:
    native = cert.subject.native
    return str(native.get("common_name", "") or ""), str(native.get("organization_name", "") or "")


def _open(data: bytes, name: str) -> PdfFileReader:
    """A reader over `data`, or ServiceError: too large, not a PDF, encrypted, unreadable."""
    try:
        content.check(data, name or "tep.pdf", (content.PDF,))
    except UploadRefused as exc:
        raise ServiceError(str(exc), field="file", code="not_a_pdf") from exc
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        if reader.encrypted:
            raise ServiceError(
                _(
                    "Tệp PDF được đặt mật khẩu (mã hóa), nên không kiểm tra được chữ ký; hãy xin bản không mã hóa."
                ),
                field="file",
                code="encrypted",
            )
        reader.root  # noqa: B018  (reads the catalogue now: a broken file fails here, not later)
    except ServiceError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
        raise ServiceError(
            _("Tệp PDF bị hỏng hoặc không đọc được, nên không kiểm tra được chữ ký."),
            field="file",
            code="corrupt",
        ) from exc
    return reader


def validation_context(
    roots: Iterable[bytes] = (),
    crls: Iterable[bytes] = (),
    others: Iterable[bytes] = (),
    moment: dt.datetime | None = None,
) -> ValidationContext:
    """Only the configured roots are trusted (an empty list trusts nothing); nothing is fetched."""
    return ValidationContext(
        trust_roots=[asn1_x509.Certificate.load(der) for der in roots],
        other_certs=[asn1_x509.Certificate.load(der) for der in others],
        crls=[asn1_crl.CertificateList.load(der) for der in crls],
        allow_fetching=False,
        revocation_mode="soft-fail",
        moment=moment,
    )


def _modification_messages(status, number: int) -> tuple[bool, list[str]]:
    coverage = status.coverage
    if coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return False, [_("Chữ ký bao trọn tệp: không có gì được thêm sau khi ký.")]
    level = status.modification_level
    if level in (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES):
        return False, [_("Sau khi ký chỉ có thêm dữ liệu kiểm tra chữ ký; nội dung không đổi.")]
    if level == ModificationLevel.FORM_FILLING:
        return False, [_("Sau khi ký chỉ có thêm chữ ký khác (hoặc điền biểu mẫu); nội dung không đổi.")]
    if level == ModificationLevel.ANNOTATIONS:
        return True, [
            _(
                "Văn bản bị thêm ghi chú hoặc dấu vết (annotation) sau chữ ký số %(n)s; phần thêm không được ký."
            )
            % {"n": number}
        ]
    return True, [
        _(
            "Văn bản bị sửa đổi sau chữ ký số %(n)s (thêm, bớt hoặc sửa trang, nội dung); bản đang xem khác bản đã ký."
        )
        % {"n": number}
    ]


def _check_one(embedded, number: int, context: ValidationContext) -> SignatureReport:
    cert = embedded.signer_cert
    signer, organisation = _subject(cert)
    messages: list[str] = []
    try:
        status = outside_event_loop(
            lambda: validate_pdf_signature(
                embedded, signer_validation_context=context, key_usage_settings=USAGE
            )
        )
    except (SignatureValidationError, ValueError, PdfReadError) as exc:
        log.info("signature %s could not be validated: %s", number, exc)
        return SignatureReport(
            number=number,
            field=embedded.field_name or "",
            signer=signer,
            organisation=organisation,
            signing_time="",
            intact=False,
            valid=False,
            trusted=False,
            revoked=False,
            changed_after=True,
            timestamp=False,
            timestamp_time="",
            messages=[_("Chữ ký số %(n)s hỏng, không kiểm tra được.") % {"n": number}],
        )
    changed_after, modification = _modification_messages(status, number)
    if not status.intact:
        modification = []
        messages.append(
            _("Nội dung đã bị thay đổi sau khi ký: dữ liệu không còn khớp với chữ ký số %(n)s.")
            % {"n": number}
        )
    elif not status.valid:
        messages.append(_("Chữ ký số %(n)s không hợp lệ (sai khóa hoặc sai thuật toán).") % {"n": number})
    else:
        messages.append(_("Nội dung còn nguyên vẹn so với lúc ký."))
    messages.extend(modification)
    if status.revoked:
        messages.append(_("Chứng thư số của người ký đã bị thu hồi."))
    elif status.trusted:
        anchor = status.validation_path[0] if status.validation_path else None
        root = _subject(anchor)[0] if anchor is not None else ""
        messages.append(_("Chứng thư số hợp lệ, dẫn về chứng thư gốc tin cậy “%(root)s”.") % {"root": root})
    else:
        messages.append(
            _(
                "Không xác thực được chứng thư số của người ký theo các chứng thư gốc đã cấu hình "
                "(chưa cấu hình, hết hạn, hoặc do nơi khác cấp)."
            )
        )
    timestamp = status.timestamp_validity
    if timestamp is not None:
        messages.append(_("Có dấu thời gian lúc %(t)s.") % {"t": _vn_text(timestamp.timestamp)})
    else:
        messages.append(_("Không có dấu thời gian; thời điểm ký do máy người ký tự ghi."))
    return SignatureReport(
        number=number,
        field=embedded.field_name or "",
        signer=signer,
        organisation=organisation,
        signing_time=_vn_iso(status.signer_reported_dt),
        intact=bool(status.intact),
        valid=bool(status.valid),
        trusted=bool(status.trusted),
        revoked=bool(status.revoked),
        changed_after=changed_after,
        timestamp=timestamp is not None,
        timestamp_time=_vn_iso(timestamp.timestamp) if timestamp is not None else "",
        messages=messages,
    )


def verify_pdf(
    data: bytes,
    *,
    roots: Iterable[bytes] = (),
    crls: Iterable[bytes] = (),
    others: Iterable[bytes] = (),
    name: str = "",
) -> Report:
    """The verification report of a PDF against the given trust roots, CRLs and intermediate
    certificates (DER bytes); ServiceError when the file is no readable PDF."""
    reader = _open(data, name)
    try:
        embedded = list(reader.embedded_regular_signatures)
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise ServiceError(
            _("Tệp PDF bị hỏng hoặc không đọc được, nên không kiểm tra được chữ ký."),
            field="file",
            code="corrupt",
        ) from exc
    if not embedded:
        return Report(signed=False, signatures=[], summary=_("Tệp không có chữ ký số."))
    context_roots, context_crls, context_others = list(roots), list(crls), list(others)
    reports = [
        _check_one(sig, number, validation_context(context_roots, context_crls, context_others))
        for number, sig in enumerate(embedded, start=1)
    ]
    problems: list[str] = []
    for earlier, later in zip(reports, reports[1:], strict=False):
        if earlier.changed_after:
            problems.append(
                _(
                    "Chữ ký số %(later)s (%(who)s) được thêm sau khi văn bản đã bị sửa đổi: nó ký một văn bản "
                    "khác bản mà chữ ký số %(earlier)s đã ký."
                )
                % {"later": later.number, "who": later.signer, "earlier": earlier.number}
            )
    if all(r.ok for r in reports) and not problems:
        summary = _("Tệp có %(n)s chữ ký số, tất cả hợp lệ và văn bản còn nguyên vẹn.") % {"n": len(reports)}
    else:
        summary = _("Tệp có %(n)s chữ ký số, nhưng có điều cần xem lại (xem từng chữ ký bên dưới).") % {
            "n": len(reports)
        }
    return Report(signed=True, signatures=reports, summary=summary, problems=problems)
