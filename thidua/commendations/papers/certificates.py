"""Giấy khen and Giấy chứng nhận: one landscape page per award of a signed decision, with the QR
code and the code a citizen types to verify it; all in one PDF, or a zip of one PDF each.

A form of commendation is the Giấy khen itself ("GIẤY KHEN", "Tặng" the recipient, "Đã có thành
tích …"); a title is certified ("GIẤY CHỨNG NHẬN", "Danh hiệu “…” năm …", "Tặng" the recipient),
as the models of the circular guiding Decree 152/2025 lay them out. `AwardType.paper_name` names
the paper for the certificate, the portal and the verification page alike."""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from django.db.models import Q
from django.utils import translation

from thidua.commendations.models import Award, Decision
from thidua.commendations.papers.common import commune_issuer, dated_name, place
from thidua.documents import render_docx, render_pdf
from thidua.documents.model import Certificate, Signer
from thidua.documents.parallel import compile_each
from thidua.documents.qr import qr_svg  # noqa: F401 (the papers export it)
from thidua.documents.render_pdf import compile_source
from thidua.lib.codes import group_code
from thidua.lib.vn import format_date_long, padded


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
    register_number: str = ""  # "03/GK": its number in the grantor's register of the year
    paper: str = "GIẤY KHEN"
    title: str = ""
    extra: dict = field(default_factory=dict)
    # The signer's title at the foot, under the date: "CHỦ TỊCH" (the grantor, `signer_title`, is
    # named in full at the top); by default `signer_title` without its body.
    signs_as: str = ""

    def model(self) -> Certificate:
        """The certificate as the document model the PDF, the .docx and the screen are made from."""
        signs_as = self.signs_as or re.sub(r"\s+(ỦY BAN|UBND|HỘI ĐỒNG)\b.*$", "", self.signer_title)
        return Certificate(
            grantor=self.signer_title,
            recipient=self.recipient,
            paper=self.paper,
            title=self.title,
            achievement=self.achievement,
            decision=self.decision,
            place=self.place,
            date=self.date,
            signer=Signer(title_lines=[signs_as] if signs_as else [], name=self.signer_name),
            verification_code=group_code(self.verification_code) if self.verification_code else "",
            verify_url=self.verify_url,
            register_number=self.register_number,
        )


def wording(award: Award, on: dt.date | None = None) -> tuple[str, str, str]:
    """(paper, title line, achievement) of an award's certificate, in Vietnamese: a title's name
    (as the law of the decision's date `on` names it) is printed only on its Giấy chứng nhận,
    never on a Giấy khen; a Bằng khen is headed "BẰNG KHEN", a Cờ thi đua "CỜ THI ĐUA"."""
    award_type = award.award_type
    with translation.override("vi"):
        paper = award_type.paper_name.upper()
    movement = getattr(award, "movement", None)
    where = f" trong phong trào thi đua “{movement.name}”" if movement else ""
    if paper == "CỜ THI ĐUA":
        # The flag is its own paper: it names what the collective led, not the title again.
        return paper, "", f"Đơn vị dẫn đầu phong trào thi đua{where} năm {award.year}"
    if award_type.is_title:
        return paper, f"Danh hiệu “{dated_name(award_type, on)}” năm {award.year}", ""
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
    numbers = register_numbers(decision)
    return [
        replace(
            _certificate(decision, decision.signed_on, award, verify_url), register_number=numbers[award.pk]
        )
        for award in awards
    ]


def paper_symbol(paper: str) -> str:
    """ "GK" for a Giấy khen, "GCN" for a Giấy chứng nhận, "BK", "CTĐ": the initials of its words."""
    initials = (unicodedata.normalize("NFD", word[0])[0] for word in paper.split())
    return "".join(initials).upper()


def register_numbers(decision: Decision) -> dict[int, str]:
    """Each award of a signed decision by its number in the grantor's register of the year, one
    series per paper ("03/GK", "01/GCN"): the awards of the grantor's decisions signed that year,
    in the order they were signed. An annulled award keeps its number; no number is used twice."""
    assert decision.signed_on is not None
    signed = decision.signed_on
    awards = (
        Award.objects.filter(decision__commune_id=decision.commune_id, decision__signed_on__year=signed.year)
        .filter(
            Q(decision__signed_on__lt=signed) | Q(decision__signed_on=signed, decision_id__lte=decision.pk)
        )
        .select_related("award_type")
        .order_by("decision__signed_on", "decision_id", "pk")
    )
    counts: Counter[str] = Counter()
    numbers = {}
    with translation.override("vi"):
        for award in awards:
            symbol = paper_symbol(award.award_type.paper_name)
            counts[symbol] += 1
            if award.decision_id == decision.pk:
                numbers[award.pk] = f"{padded(counts[symbol])}/{symbol}"
    return numbers


def _certificate(
    decision: Decision, signed_on: dt.date, award: Award, verify_url: Callable[[str], str]
) -> CertificateData:
    commune = decision.commune
    paper, title, achievement = wording(award, signed_on)
    return CertificateData(
        recipient=award.recipient_name,
        achievement=achievement,
        paper=paper,
        title=title,
        issuer=commune_issuer(commune),
        place=place(commune),
        date=signed_on,
        signer_title=f"CHỦ TỊCH ỦY BAN NHÂN DÂN {commune.name.upper()}",
        signs_as="CHỦ TỊCH",
        signer_name=decision.signer_name,
        decision=f"Quyết định số {decision.number_label} {format_date_long(signed_on)}",
        verification_code=award.verify_code,
        verify_url=verify_url(award.verify_code),
    )


def certificate_source(cert: CertificateData) -> str:
    """The Typst source of one certificate page (`documents.render_pdf.certificate_source`)."""
    return render_pdf.certificate_source(cert.model())


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
    return render_pdf.PREAMBLE + render_pdf.CERT_PAGE + "#pagebreak()\n".join(pages)


def certificates_pdf(
    certs: list[CertificateData], progress: Callable[[int, int], None] | None = None
) -> bytes:
    """All certificates in one landscape PDF, one page each."""
    if not certs:
        raise ValueError("no certificates")
    return compile_source(certificates_source(certs, progress))


def certificates_docx(certs: list[CertificateData]) -> bytes:
    """All certificates in one landscape .docx, one page each, laid out as their PDF."""
    if not certs:
        raise ValueError("no certificates")
    return render_docx.render_certificates([c.model() for c in certs])


def single_source(cert: CertificateData) -> str:
    """The whole Typst source of one certificate alone (one PDF of the zip)."""
    return render_pdf.PREAMBLE + render_pdf.CERT_PAGE + certificate_source(cert)


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
