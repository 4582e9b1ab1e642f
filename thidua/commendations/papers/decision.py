"""Quyết định khen thưởng: three articles and the annex list of awardees."""

from __future__ import annotations

import datetime as dt

from thidua.documents.builders import clauses, table
from thidua.documents.model import Annex, Block, BlockKind, Document, Signer

DEFAULT_AMOUNT = "Tiền thưởng kèm theo thực hiện theo quy định hiện hành."
EXECUTION = (
    "Văn phòng – Thống kê, các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này."
)


def _article(label: str, text: str) -> Block:
    return Block(kind=BlockKind.ARTICLE, label=label, level=1, text=text)


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
    rows = [
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
        body=[
            _article(
                "1",
                f"Tặng {award} cho {len(awardees)} tập thể, cá nhân đã có thành tích {reason} "
                "(có danh sách kèm theo).",
            ),
            _article("2", amount_text or DEFAULT_AMOUNT),
            _article("3", EXECUTION),
        ],
        signer=signer,
        recipients=["Như Điều 3", *recipients, "Lưu: VT"],
        annexes=[
            Annex(
                title=f"DANH SÁCH ĐƯỢC TẶNG {award.upper()}",
                subtitle="(Kèm theo Quyết định này)",
                blocks=[table(["STT", "Họ và tên / Tập thể", "Đơn vị", "Thành tích"], rows)],
            )
        ],
    )
