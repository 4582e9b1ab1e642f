"""Functions that build document models from data: the documents movements and commendations need.

They return `thidua.documents.model.Document`; the caller stores it as a draft
(`services.document_create_draft`), renders it, or edits it before issuing.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field

import segno

from thidua.documents.model import Annex, Block, BlockKind, Document, Signer
from thidua.documents.render_pdf import PREAMBLE, compile_source, s

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def sections_to_blocks(sections: list[dict]) -> list[Block]:
    """[{"title": "MỤC ĐÍCH, YÊU CẦU", "paragraphs": [...], "items": [{"title", "paragraphs", "bullets"}]}]."""
    blocks = []
    for i, section in enumerate(sections):
        heading = Block(kind=BlockKind.HEADING, label=ROMAN[i], level=1, text=section["title"].upper())
        heading.children += [Block(kind=BlockKind.PARAGRAPH, text=p) for p in section.get("paragraphs", [])]
        heading.children += [
            Block(kind=BlockKind.BULLET, marker="-", text=b) for b in section.get("bullets", [])
        ]
        for j, item in enumerate(section.get("items", []), start=1):
            sub = Block(kind=BlockKind.HEADING, label=str(j), level=2, text=item["title"])
            sub.children += [Block(kind=BlockKind.PARAGRAPH, text=p) for p in item.get("paragraphs", [])]
            sub.children += [
                Block(kind=BlockKind.BULLET, marker="-", text=b) for b in item.get("bullets", [])
            ]
            heading.children.append(sub)
        blocks.append(heading)
    return blocks


def plan_document(
    *,
    issuer: str,
    parent_issuer: str = "",
    place: str,
    date: dt.date | None,
    title: str,
    abstract: str = "",
    bases: list[str],
    sections: list[dict],
    signer: Signer,
    recipients: list[str],
    intro: list[str] | None = None,
) -> Document:
    """Kế hoạch phát động phong trào thi đua from a movement's data; `title` is the movement's name."""
    return Document(
        doc_type="KẾ HOẠCH",
        issuer=issuer,
        parent_issuer=parent_issuer,
        place=place,
        date=date,
        abstract=abstract or f"Về việc phát động phong trào thi đua “{title}”",
        bases=list(bases),
        body=[Block(kind=BlockKind.PARAGRAPH, text=p) for p in intro or []] + sections_to_blocks(sections),
        signer=signer,
        recipients=list(recipients) or ["Lưu: VT"],
    )


def award_decision(
    *,
    issuer: str,
    parent_issuer: str = "",
    place: str,
    date: dt.date | None,
    authority_line: str,
    award: str,
    reason: str,
    bases: list[str],
    awardees: list[dict],
    signer: Signer,
    recipients: list[str],
    amount_text: str = "",
) -> Document:
    """Quyết định khen thưởng with the annex list of awardees ({"name", "unit", "achievement"})."""
    articles = [
        Block(
            kind=BlockKind.ARTICLE,
            label="1",
            level=1,
            text=f"Tặng {award} cho {len(awardees)} tập thể, cá nhân đã có thành tích {reason} "
            "(có danh sách kèm theo).",
        ),
        Block(
            kind=BlockKind.ARTICLE,
            label="2",
            level=1,
            text=amount_text or "Tiền thưởng kèm theo thực hiện theo quy định hiện hành.",
        ),
        Block(
            kind=BlockKind.ARTICLE,
            label="3",
            level=1,
            text="Văn phòng – Thống kê, các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành "
            "Quyết định này.",
        ),
    ]
    rows = [["STT", "Họ và tên / Tập thể", "Đơn vị", "Thành tích"]]
    rows += [
        [f"{i:02d}", a["name"], a.get("unit", ""), a.get("achievement", "")]
        for i, a in enumerate(awardees, 1)
    ]
    return Document(
        doc_type="QUYẾT ĐỊNH",
        issuer=issuer,
        parent_issuer=parent_issuer,
        place=place,
        date=date,
        abstract=f"Về việc tặng {award}",
        authority_line=authority_line,
        bases=list(bases),
        body=articles,
        signer=signer,
        recipients=["Như Điều 3", *recipients, "Lưu: VT"],
        annexes=[
            Annex(
                title=f"DANH SÁCH ĐƯỢC TẶNG {award.upper()}",
                subtitle="(Kèm theo Quyết định này)",
                blocks=[Block(kind=BlockKind.TABLE, rows=rows)],
            )
        ],
    )


def council_minutes(
    *,
    issuer: str,
    place: str,
    date: dt.date | None,
    meeting: str,
    present: int,
    members: int,
    results: list[dict],
    secretary: str,
    chair: str,
) -> Document:
    """Biên bản họp Hội đồng with the vote results ({"name", "agree", "total"})."""
    rows = [["STT", "Họ và tên / Tập thể", "Số phiếu đồng ý", "Tỷ lệ (%)"]]
    for i, r in enumerate(results, 1):
        rows.append([f"{i:02d}", r["name"], str(r["agree"]), f"{100 * r['agree'] / max(members, 1):.1f}"])
    body = [
        Block(kind=BlockKind.PARAGRAPH, text=meeting),
        Block(kind=BlockKind.PARAGRAPH, text=f"Có mặt {present}/{members} thành viên Hội đồng."),
        Block(
            kind=BlockKind.HEADING,
            label="I",
            level=1,
            text="KẾT QUẢ BỎ PHIẾU",
            children=[Block(kind=BlockKind.TABLE, rows=rows)],
        ),
    ]
    return Document(
        doc_type="BIÊN BẢN",
        issuer=issuer,
        place=place,
        date=date,
        abstract="Họp Hội đồng Thi đua - Khen thưởng",
        body=body,
        signer=Signer(title_lines=["CHỦ TỌA"], name=chair),
        recipients=[f"Thư ký: {secretary}", "Lưu: VT"],
    )


@dataclass
class CertificateData:
    """One Giấy khen: who, for what, by whom, and the code a citizen types to verify it."""

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
    extra: dict = field(default_factory=dict)


def _qr_svg(data: str) -> str:
    out = io.BytesIO()
    segno.make(data, error="m").save(out, kind="svg", border=1, xmldecl=False, svgns=True)
    return out.getvalue().decode()


CERT_PAGE = '#set page(paper: "a4", flipped: true, margin: (x: 20mm, y: 15mm))\n'


def certificate_source(cert: CertificateData) -> str:
    qr = ""
    if cert.verification_code:
        target = cert.verify_url or cert.verification_code
        qr = (
            f'#place(bottom + left, dx: 0mm, dy: 0mm)[#image(bytes({s(_qr_svg(target))}), format: "svg", '
            f"width: 25mm) #text(size: 10pt, {s('Mã xác minh: ' + cert.verification_code)})]"
        )
    month = f"{cert.date.month:02d}" if cert.date.month < 3 else str(cert.date.month)
    date_text = f"{cert.place}, ngày {cert.date.day:02d} tháng {month} năm {cert.date.year}"
    return (
        '#rect(width: 100%, height: 100%, stroke: 3pt + rgb("#b8860b"), inset: 10mm)[\n'
        '#align(center)[#text(size: 13pt, weight: "bold", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") #linebreak()'
        ' #text(size: 13pt, weight: "bold", "Độc lập - Tự do - Hạnh phúc")]\n'
        f'#v(4mm) #align(center, text(size: 15pt, weight: "bold", {s(cert.signer_title)}))\n'
        '#v(4mm) #align(center, text(size: 34pt, weight: "bold", fill: rgb("#c00000"), "GIẤY KHEN"))\n'
        f"#v(2mm) #align(center, text(size: 15pt, {s('Tặng')}))\n"
        f'#align(center, text(size: 22pt, weight: "bold", {s(cert.recipient)}))\n'
        f"#v(2mm) #align(center, text(size: 15pt, {s('Đã có thành tích ' + cert.achievement)}))\n"
        f'#align(center, text(size: 12pt, style: "italic", {s(cert.decision)}))\n'
        f'#place(bottom + right, dx: -10mm)[#align(center)[#text(style: "italic", {s(date_text)}) #linebreak()'
        f' #text(weight: "bold", {s(cert.signer_title)}) #v(18mm) #text(weight: "bold", {s(cert.signer_name)})]]\n'
        f"{qr}\n]\n"
    )


def certificates_source(certs: list[CertificateData]) -> str:
    return PREAMBLE + CERT_PAGE + "#pagebreak()\n".join(certificate_source(c) for c in certs)


def certificates_pdf(certs: list[CertificateData]) -> bytes:
    """All certificates in one landscape PDF, one page each."""
    if not certs:
        raise ValueError("no certificates")
    return compile_source(certificates_source(certs))


def certificates_zip(certs: list[CertificateData]) -> bytes:
    """A zip with one PDF per certificate, named by verification code or order."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for i, cert in enumerate(certs, 1):
            name = f"{i:04d}-{cert.verification_code or 'giay-khen'}.pdf"
            archive.writestr(name, compile_source(PREAMBLE + CERT_PAGE + certificate_source(cert)))
    return out.getvalue()
