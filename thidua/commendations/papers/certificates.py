"""Giấy khen and Giấy chứng nhận: one landscape page per award of a signed decision, with the QR
code and the code a citizen types to verify it; all in one PDF, or a zip of one PDF each.

A form of commendation is the Giấy khen itself ("GIẤY KHEN", "Tặng" the recipient, "Đã có thành
tích …"); a title is certified ("GIẤY CHỨNG NHẬN", "Danh hiệu “…” năm …", "Tặng" the recipient),
as the models of the circular guiding Decree 152/2025 lay them out. `AwardType.paper_name` names
the paper for the certificate, the portal and the verification page alike."""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import translation

from thidua.commendations.models import Award, Decision
from thidua.commendations.papers.common import commune_issuer, place
from thidua.documents.parallel import compile_each
from thidua.documents.qr import qr_matrix
from thidua.documents.render_pdf import PREAMBLE, compile_source, s
from thidua.lib.codes import group_code
from thidua.lib.vn import format_date_long


@dataclass
class CertificateData:
    """One certificate: who, for what, by whom, and the code a citizen types to verify it.

    `paper` is the heading ("GIẤY KHEN", "GIẤY CHỨNG NHẬN"), `title` the line under it of a
    title's certificate ("Danh hiệu “Lao động tiên tiến” năm 2025"), `achievement` the sentence
    under the recipient's name ("Đã có thành tích …"); either may be empty."""

    recipient: str
    achievement: str
    issuer: str
    place: str
    date: dt.date
    signer_title: str
    signer_name: str
    decision: str = ""  # "Quyết định số 12/QĐ-UBND ngày …"
    verification_code: str = ""
    verify_url: str = ""
    paper: str = "GIẤY KHEN"
    title: str = ""
    extra: dict = field(default_factory=dict)


def wording(award: Award) -> tuple[str, str, str]:
    """(paper, title line, achievement) of an award's certificate, in Vietnamese: a title's name
    is printed only on its Giấy chứng nhận, never on a Giấy khen."""
    award_type = award.award_type
    with translation.override("vi"):
        paper = award_type.paper_name.upper()
    if award_type.is_title:
        return paper, f"Danh hiệu “{award_type.name}” năm {award.year}", ""
    movement = getattr(award, "movement", None)
    where = f" trong phong trào thi đua “{movement.name}”" if movement else ""
    return paper, "", f"Đã có thành tích xuất sắc{where} năm {award.year}"


def decision_certificates(decision: Decision, *, verify_url: Callable[[str], str]) -> list[CertificateData]:
    """The certificates of a signed decision, one per award not annulled, by recipient name.

    `verify_url` turns a verification code into the absolute address its QR code points to. The
    words are Vietnamese whatever the officer's screen language: a Giấy khen is an official paper.
    """
    if decision.signed_on is None:  # not signed: no certificate yet
        return []
    awards = (
        decision.awards.select_related("award_type", "movement")
        .filter(annulled=False)
        .order_by("recipient_name")
    )
    return [_certificate(decision, decision.signed_on, award, verify_url) for award in awards]


def _certificate(
    decision: Decision, signed_on: dt.date, award: Award, verify_url: Callable[[str], str]
) -> CertificateData:
    commune = decision.commune
    paper, title, achievement = wording(award)
    return CertificateData(
        recipient=award.recipient_name,
        achievement=achievement,
        paper=paper,
        title=title,
        issuer=commune_issuer(commune),
        place=place(commune),
        date=signed_on,
        signer_title=f"CHỦ TỊCH ỦY BAN NHÂN DÂN {commune.name.upper()}",
        signer_name=decision.signer_name,
        decision=f"Quyết định số {decision.number_label} {format_date_long(signed_on)}",
        verification_code=award.verify_code,
        verify_url=verify_url(award.verify_code),
    )


_DARK_RUN = re.compile(rb"\x01+")


@functools.lru_cache(maxsize=4096)  # a decision's certificates, as one PDF and then as a zip
def qr_svg(data: str) -> str:
    """A QR code (level M, see `thidua.documents.qr`) as a small SVG: one path, one rectangle per
    run of dark modules in a row (segno's SVG writer drew a segment per module)."""
    matrix = qr_matrix(data)
    size = len(matrix) + 2  # a quiet zone of one module around the code
    parts = []
    for y, row in enumerate(matrix, start=1):
        for run in _DARK_RUN.finditer(row):
            x = run.start() + 1
            parts.append(f"M{x} {y}h{run.end() - run.start()}v1H{x}z")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" shape-rendering="crispEdges">'
        f'<path d="{"".join(parts)}"/></svg>'
    )


CERT_PAGE = '#set page(paper: "a4", flipped: true, margin: (x: 20mm, y: 15mm))\n'


def certificate_source(cert: CertificateData) -> str:
    """The Typst source of one certificate page."""
    qr = ""
    if cert.verification_code:
        target = cert.verify_url or cert.verification_code
        qr = (
            f'#place(bottom + left, dx: 0mm, dy: 0mm)[#image(bytes({s(qr_svg(target))}), format: "svg", '
            f"width: 25mm) #text(size: 10pt, {s('Mã xác minh: ' + group_code(cert.verification_code))})]"
        )
    date_text = f"{cert.place}, {format_date_long(cert.date)}"
    title = f'#align(center, text(size: 17pt, weight: "bold", {s(cert.title)}))\n' if cert.title else ""
    achievement = (
        f"#v(2mm) #align(center, text(size: 15pt, {s(cert.achievement)}))\n" if cert.achievement else ""
    )
    return (
        '#rect(width: 100%, height: 100%, stroke: 3pt + rgb("#b8860b"), inset: 10mm)[\n'
        '#align(center)[#text(size: 13pt, weight: "bold", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") #linebreak()'
        ' #text(size: 13pt, weight: "bold", "Độc lập - Tự do - Hạnh phúc")]\n'
        f'#v(4mm) #align(center, text(size: 15pt, weight: "bold", {s(cert.signer_title)}))\n'
        f'#v(4mm) #align(center, text(size: 34pt, weight: "bold", fill: rgb("#c00000"), {s(cert.paper)}))\n'
        f"{title}"
        f"#v(2mm) #align(center, text(size: 15pt, {s('Tặng')}))\n"
        f'#align(center, text(size: 22pt, weight: "bold", {s(cert.recipient)}))\n'
        f"{achievement}"
        f'#align(center, text(size: 12pt, style: "italic", {s(cert.decision)}))\n'
        f'#place(bottom + right, dx: -10mm)[#align(center)[#text(style: "italic", {s(date_text)}) #linebreak()'
        f' #text(weight: "bold", {s(cert.signer_title)}) #v(18mm) #text(weight: "bold", {s(cert.signer_name)})]]\n'
        f"{qr}\n]\n"
    )


def certificates_source(
    certs: list[CertificateData], progress: Callable[[int, int], None] | None = None
) -> str:
    """The Typst source of all certificates, one page each; `progress(done, total)` is told every
    fifty pages (the background job's progress bar)."""
    pages = []
    for done, cert in enumerate(certs, start=1):
        pages.append(certificate_source(cert))
        if progress is not None and (done % 50 == 0 or done == len(certs)):
            progress(done, len(certs))
    return PREAMBLE + CERT_PAGE + "#pagebreak()\n".join(pages)


def certificates_pdf(
    certs: list[CertificateData], progress: Callable[[int, int], None] | None = None
) -> bytes:
    """All certificates in one landscape PDF, one page each."""
    if not certs:
        raise ValueError("no certificates")
    return compile_source(certificates_source(certs, progress))


def single_source(cert: CertificateData) -> str:
    """The whole Typst source of one certificate alone (one PDF of the zip)."""
    return PREAMBLE + CERT_PAGE + certificate_source(cert)


def certificates_zip(
    certs: list[CertificateData], progress: Callable[[int, int], None] | None = None
) -> bytes:
    """A zip with one PDF per certificate, named by verification code or order; `progress(done,
    total)` is told every fifty certificates.

    Each PDF is compiled alone from `single_source`, exactly as one certificate is, on as many
    threads as there are cores (`documents.parallel`), each thread drawing its QR codes too: about
    3 ms of CPU a certificate, shared between the cores. One document split into pages was no
    faster: splitting a page out with pypdf costs as much CPU as compiling it alone."""
    out = io.BytesIO()
    total = len(certs)
    # Stored, not deflated: Typst's PDFs are compressed already, deflating them again saved an
    # eighth of the size for a fifth of the time.
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for i, (cert, pdf) in enumerate(zip(certs, compile_each(certs, single_source), strict=True), 1):
            archive.writestr(f"{i:04d}-{cert.verification_code or 'giay-khen'}.pdf", pdf)
            if progress is not None and (i % 50 == 0 or i == total):
                progress(i, total)
    return out.getvalue()
