"""Thông báo công khai: the commune (or the province, from its council's session) makes public the
list the council passed, with the notice period."""

from __future__ import annotations

import datetime as dt

from thidua.commendations.models import Nomination, Notice
from thidua.commendations.papers.common import (
    award_label,
    award_names,
    chair_signer,
    commune_issuer,
    council_name,
    grants_text,
    nominee,
    nominee_table,
    place,
)
from thidua.documents.builders import body_name, clauses, paras
from thidua.documents.model import Document, Signer
from thidua.lib.vn import format_date_long
from thidua.units.models import UnitKind

CONTACT = "Văn phòng – Thống kê, Ủy ban nhân dân xã (thường trực Hội đồng Thi đua – Khen thưởng)"
# A list the province publishes from its council's session: where it is posted, who gathers the
# opinions (the Sở Nội vụ, standing body of the provincial council), who is told.
PROVINCE_POSTED_AT = ["Trụ sở Ủy ban nhân dân tỉnh", "Cổng thông tin điện tử tỉnh"]
PROVINCE_CONTACT = "Sở Nội vụ (cơ quan thường trực Hội đồng Thi đua – Khen thưởng tỉnh)"
PROVINCE_RECIPIENTS = ["Ủy ban nhân dân các xã, phường có liên quan", "Sở Nội vụ"]


def notice_paper(notice: Notice, *, nominations: list[Nomination], public_url: str = "") -> Document:
    """The commune's (or the province's) Thông báo công khai for a notice and the nominations it lists."""
    commune = notice.commune
    province = getattr(commune, "kind", "") == UnitKind.PROVINCE
    posted_at = list(PROVINCE_POSTED_AT) if province else ["Trụ sở Ủy ban nhân dân xã", "Nhà văn hóa các ấp"]
    if public_url:
        posted_at.append(f"Trang công khai: {public_url}")
    return public_notice(
        issuer=commune_issuer(commune),
        place=place(commune),
        date=notice.starts_on,
        award=award_label(n.award_type for n in nominations),
        candidates=[nominee(n, notice.starts_on) for n in nominations],
        start=notice.starts_on,
        end=notice.ends_on,
        posted_at=posted_at,
        contact=PROVINCE_CONTACT if province else CONTACT,
        signer=chair_signer(notice.session, body="ỦY BAN NHÂN DÂN"),
        recipients=list(PROVINCE_RECIPIENTS)
        if province
        else ["Các ấp, cơ quan, đơn vị, đoàn thể xã", "Đài truyền thanh xã"],
        council=council_name(notice.session.council if notice.session else None, commune),
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
    council: str = "Hội đồng Thi đua – Khen thưởng",
) -> Document:
    """Thông báo công khai danh sách đề nghị khen thưởng, with the candidates and the notice period.

    `candidates`: {"name", "kind", "position", "award", "achievement"} (`award` when absent);
    `posted_at`: where the list is posted (trụ sở UBND, nhà văn hóa ấp …); `contact`: who receives
    opinions; `council`: the council's name in full, who considers them.
    """
    body = [
        *paras(
            [
                f"{body_name(issuer)} thông báo công khai danh sách đề nghị tặng "
                f"{grants_text(candidates, award=award)} như sau:"
            ]
        ),
        nominee_table(candidates),
        *paras(
            [
                f"Thời gian niêm yết công khai: từ {format_date_long(start)} "
                f"đến hết {format_date_long(end)}.",
                "Địa điểm niêm yết: " + "; ".join(posted_at) + ".",
                "Trong thời gian niêm yết, tổ chức, cá nhân có ý kiến về các trường hợp nêu trên xin gửi về "
                f"{contact} để tổng hợp, báo cáo {council} xem xét./.",
            ]
        ),
    ]
    return Document(
        doc_type="THÔNG BÁO",
        issuer=issuer,
        parent_issuer=parent_issuer,
        place=place,
        date=date,
        abstract=f"Công khai danh sách đề nghị tặng {award_names(candidates, award=award)}",
        bases=clauses(bases or []),
        body=body,
        signer=signer,
        recipients=[*recipients, "Lưu: VT"],
    )
