"""Functions that build document models from data: the documents movements and commendations need.

Quyết định khen thưởng (`award_decision`), Tờ trình (`submission_document`), Biên bản họp Hội
đồng (`council_minutes`), Báo cáo thành tích (`achievement_report`), Thông báo công khai
(`public_notice`) and Giấy khen (`certificates_pdf`, `certificates_zip`). The movement papers
(plan, review report) live in `thidua.movements.papers`.

They return `thidua.documents.model.Document`; the caller stores it as a draft
(`services.document_create_draft`), renders it, or edits it before issuing.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import zipfile
from dataclasses import dataclass, field

from thidua.documents.builders import (
    body_name,
    bullets,
    clauses,
    heading,
    paras,
    table,
)
from thidua.documents.model import Annex, Block, BlockKind, Document, Signer
from thidua.documents.qr import qr_matrix
from thidua.documents.render_pdf import PREAMBLE, compile_source, s


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
        bases=clauses(bases),
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


def _count_text(nominees: list[dict]) -> str:
    """ "02 tập thể và 03 cá nhân": counts by kind, in the order kinds first appear."""
    counts: dict[str, int] = {}
    for n in nominees:
        kind = n.get("kind") or "cá nhân"
        counts[kind] = counts.get(kind, 0) + 1
    return " và ".join(f"{count:02d} {kind}" for kind, count in counts.items())


def submission_document(
    *,
    issuer: str,
    parent_issuer: str = "",
    place: str,
    date: dt.date | None,
    addressee: str,
    award: str,
    reason: str,
    bases: list[str],
    nominees: list[dict],
    summary: list[str] | None = None,
    signer: Signer,
    recipients: list[str],
    decider: str = "",
) -> Document:
    """Tờ trình đề nghị khen thưởng (the shape of Mẫu 01 in the appendix of Decree 152/2025).

    `nominees`: {"name", "kind" ("tập thể" | "cá nhân" | "hộ gia đình"), "position" (chức vụ, đơn
    vị), "achievement"}; they are listed in the annex table, counted in the proposal. `addressee`
    is who decides ("Chủ tịch Ủy ban nhân dân xã Mỹ Thạnh"); `decider` how the text names them
    (default: the addressee).
    """
    decider = decider or addressee
    who = body_name(issuer)
    proposal = (
        f"{who} kính đề nghị {decider} xét, tặng {award} cho {_count_text(nominees)} "
        f"đã có thành tích {reason} (có danh sách kèm theo)."
    )
    rows = [
        [f"{i:02d}", n["name"], n.get("position", ""), n.get("achievement", "")]
        for i, n in enumerate(nominees, 1)
    ]
    body = [
        Block(kind=BlockKind.PARAGRAPH, text=proposal),
        *paras(summary or []),
        Block(kind=BlockKind.PARAGRAPH, text=f"Kính trình {decider} xem xét, quyết định./."),
    ]
    return Document(
        doc_type="TỜ TRÌNH",
        issuer=issuer,
        parent_issuer=parent_issuer,
        place=place,
        date=date,
        abstract=f"Về việc đề nghị tặng {award}",
        addressees=[addressee],
        bases=clauses(bases),
        body=body,
        signer=signer,
        recipients=[*recipients, "Lưu: VT"] if recipients else ["Như trên", "Lưu: VT"],
        annexes=[
            Annex(
                title=f"DANH SÁCH ĐỀ NGHỊ TẶNG {award.upper()}",
                subtitle="(Kèm theo Tờ trình này)",
                blocks=[table(["STT", "Họ và tên / Tập thể", "Chức vụ, đơn vị", "Tóm tắt thành tích"], rows)],
            )
        ],
    )


def _award_tables(titles: list[dict], awards: list[dict]) -> list[Block]:
    """Section III: emulation titles and forms of commendation already received, by year."""

    def award_table(items: list[dict], what: str) -> list[Block]:
        if not items:
            return paras(["Không có."])
        header = ["Năm", what, "Số, ngày, tháng, năm của quyết định; cơ quan ban hành"]
        return [table(header, [[str(x.get("year", "")), x["name"], x.get("decision", "")] for x in items])]

    return [
        heading("1", 2, "Danh hiệu thi đua", award_table(titles, "Danh hiệu thi đua")),
        heading("2", 2, "Hình thức khen thưởng", award_table(awards, "Hình thức khen thưởng")),
    ]


CONFIRMATION = "XÁC NHẬN CỦA CẤP TRÌNH KHEN"


def achievement_report(
    *,
    collective: bool,
    award: str,
    place: str,
    date: dt.date | None,
    profile: list[tuple[str, str]],
    duties: list[str],
    achievements: list[str],
    titles: list[dict] | None = None,
    awards: list[dict] | None = None,
    signer: Signer,
    issuer: str = "",
    parent_issuer: str = "",
    confirmer: Signer | None = None,
) -> Document:
    """Báo cáo thành tích đề nghị khen thưởng, for an individual (Mẫu 05) or a collective.

    `profile` is the list of (label, value) of section I: sơ lược lý lịch for a person ("Họ và
    tên", "Năm sinh", "Đơn vị công tác" …), đặc điểm, tình hình for a collective. `duties` is what
    the nominee is charged with, `achievements` what they achieved (paragraphs); `titles` and
    `awards` the titles and forms already received ({"year", "name", "decision"}). A collective's
    report carries its issuing body; a person's report is signed by the person. Both end with
    the confirmation of the body that submits the nomination.
    """
    first = "SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH" if collective else "SƠ LƯỢC LÝ LỊCH"
    second = "THÀNH TÍCH ĐẠT ĐƯỢC"
    body = [
        heading("I", 1, first, bullets([f"{label}: {value}" for label, value in profile])),
        heading(
            "II",
            1,
            second,
            [
                heading(
                    "1",
                    2,
                    "Chức năng, nhiệm vụ" if collective else "Quyền hạn, nhiệm vụ được giao",
                    paras(duties),
                ),
                heading("2", 2, "Thành tích đạt được", paras(achievements)),
            ],
        ),
        heading("III", 1, "CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG", _award_tables(titles or [], awards or [])),
    ]
    confirmer = confirmer or Signer()
    return Document(
        doc_type="BÁO CÁO",
        issuer=issuer if collective else "",
        parent_issuer=parent_issuer if collective else "",
        place=place,
        date=date,
        abstract=f"Thành tích đề nghị tặng {award}",
        body=body,
        signer=signer,
        confirmations=[
            Signer(
                title_lines=[CONFIRMATION, *confirmer.title_lines],
                note=confirmer.note or "(Ký, đóng dấu)",
                name=confirmer.name,
            )
        ],
    )


def public_notice(
    *,
    issuer: str,
    parent_issuer: str = "",
    place: str,
    date: dt.date | None,
    award: str,
    candidates: list[dict],
    start: dt.date,
    end: dt.date,
    posted_at: list[str],
    contact: str,
    signer: Signer,
    recipients: list[str],
    bases: list[str] | None = None,
) -> Document:
    """Thông báo công khai danh sách đề nghị khen thưởng, with the candidates and the notice period.

    `candidates`: {"name", "kind", "position", "achievement"}; `posted_at`: where the list is
    posted (trụ sở UBND, nhà văn hóa ấp …); `contact`: who receives opinions.
    """
    rows = [
        [f"{i:02d}", c["name"], c.get("position", ""), c.get("achievement", "")]
        for i, c in enumerate(candidates, 1)
    ]
    body = [
        Block(
            kind=BlockKind.PARAGRAPH,
            text=f"{body_name(issuer)} thông báo công khai danh sách "
            f"{_count_text(candidates)} đề nghị tặng {award} như sau:",
        ),
        table(["STT", "Họ và tên / Tập thể", "Chức vụ, đơn vị", "Tóm tắt thành tích"], rows),
        Block(
            kind=BlockKind.PARAGRAPH,
            text=f"Thời gian niêm yết công khai: từ ngày {start:%d/%m/%Y} đến hết ngày {end:%d/%m/%Y}.",
        ),
        Block(kind=BlockKind.PARAGRAPH, text="Địa điểm niêm yết: " + "; ".join(posted_at) + "."),
        Block(
            kind=BlockKind.PARAGRAPH,
            text=f"Trong thời gian niêm yết, tổ chức, cá nhân có ý kiến về các trường hợp nêu trên xin gửi về "
            f"{contact} để tổng hợp, báo cáo Hội đồng Thi đua - Khen thưởng xem xét./.",
        ),
    ]
    return Document(
        doc_type="THÔNG BÁO",
        issuer=issuer,
        parent_issuer=parent_issuer,
        place=place,
        date=date,
        abstract=f"Công khai danh sách đề nghị tặng {award}",
        bases=clauses(bases or []),
        body=body,
        signer=signer,
        recipients=[*recipients, "Lưu: VT"],
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
    qr = ""
    if cert.verification_code:
        target = cert.verify_url or cert.verification_code
        qr = (
            f'#place(bottom + left, dx: 0mm, dy: 0mm)[#image(bytes({s(qr_svg(target))}), format: "svg", '
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
    # Stored, not deflated: Typst's PDFs are compressed already, deflating them again saved an
    # eighth of the size for a fifth of the time.
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for i, cert in enumerate(certs, 1):
            name = f"{i:04d}-{cert.verification_code or 'giay-khen'}.pdf"
            archive.writestr(name, compile_source(PREAMBLE + CERT_PAGE + certificate_source(cert)))
    return out.getvalue()
