"""The articles and the annex of the commune chairman's Quyết định khen thưởng, worded as officials
word them: Điều 1 names what it grants to whom ("Tặng Giấy khen cho 02 tập thể và danh hiệu Lao
động tiên tiến cho 03 cá nhân …"), Điều 2 the total money in figures and words and its fund, Điều 3
who carries it out; the annex lists collectives, households and individuals in groups with their
counts, each with position and unit, the money right-aligned and the total in words.

`awardees` are dicts: "name", "kind" ("tập thể" | "hộ gia đình" | "cá nhân"), "position" (chức vụ,
đơn vị), "award" (as `common.award_words` names it), "amount" (đồng)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from thidua.commendations.papers.common import by_kind, grants_text, grouped_table, in_table
from thidua.documents.builders import paras
from thidua.documents.model import Annex, Block, BlockKind
from thidua.lib.vn import format_number, money_in_words

if TYPE_CHECKING:
    from collections.abc import Sequence

ANNEX_HEADER = [
    "STT",
    "Họ và tên / Tập thể",
    "Chức vụ, đơn vị",
    "Danh hiệu, hình thức khen thưởng",
    "Số tiền (đồng)",
]
FUND = "Quỹ thi đua, khen thưởng xã"
# Communes kept civil-servant posts until the two-level government of 1 July 2025 gave them offices.
OFFICES_FROM = dt.date(2025, 7, 1)


def money_words(amount: int) -> str:
    """ "3.150.000 đồng (Bằng chữ: Ba triệu một trăm năm mươi nghìn đồng)"."""
    return f"{format_number(amount)} đồng (Bằng chữ: {money_in_words(amount)})"


def _executors(on: dt.date | None, level: str) -> str:
    """Who carries out a commune's award decision on its date: the office that keeps the records
    and the one that pays, the heads of the bodies concerned."""
    if on is not None and on < OFFICES_FROM:
        return (
            f"Công chức Văn phòng – Thống kê, công chức Tài chính – Kế toán {level}, "
            f"Thủ trưởng các ngành, đoàn thể {level} có liên quan"
        )
    return (
        f"Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân {level}, Trưởng phòng Kinh tế {level}, "
        f"Thủ trưởng các cơ quan, đơn vị có liên quan"
    )


def articles(
    *,
    awardees: Sequence[dict],
    reason: str,
    date: dt.date | None,
    money_basis: str = "",
    fund: str = FUND,
    level: str = "xã",
    executors: str = "",
) -> list[Block]:
    """Điều 1 (what is granted to whom), Điều 2 (the money and its fund), Điều 3 (who carries it
    out). `reason`: "trong phong trào thi đua “Đồng khởi mới” năm 2020"; `money_basis`: how the
    amounts were reckoned ("theo Nghị định …, mức lương cơ sở …"), said before the total; `fund`,
    `level` and `executors` are the province's for a province's decision."""
    entries = list(awardees)
    granted = f"Tặng {grants_text(entries)} đã có thành tích xuất sắc {reason} (có danh sách kèm theo)."
    total = sum(a.get("amount") or 0 for a in entries)
    year = f" năm {date.year}" if date else ""
    kinds = ", ".join(kind for kind, _items in by_kind(entries)) or "tập thể, cá nhân"
    if total:
        basis = f" {money_basis.strip()}," if money_basis.strip() else ""
        money = (
            f"Tiền thưởng{basis} tổng cộng {money_words(total)}; mức thưởng của từng {kinds} theo "
            f"danh sách kèm theo. Kinh phí khen thưởng trích từ {fund} thuộc ngân sách {level}{year}."
        )
    else:
        money = "Danh hiệu, hình thức khen thưởng tại Điều 1 không kèm tiền thưởng."
    execution = (
        f"{executors or _executors(date, level)} và các {kinds} có tên tại Điều 1 chịu trách nhiệm thi hành "
        "Quyết định này. Quyết định này có hiệu lực kể từ ngày ký./."
    )
    return [
        Block(kind=BlockKind.ARTICLE, label=label, text=text)
        for label, text in (("1", granted), ("2", money), ("3", execution))
    ]


def annex_title(awardees: Sequence[dict]) -> str:
    """ "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG", naming the kinds the list holds."""
    kinds = [kind.upper() for kind, _items in by_kind(awardees)] or ["TẬP THỂ", "CÁ NHÂN"]
    return f"DANH SÁCH {', '.join(kinds)} ĐƯỢC KHEN THƯỞNG"


def annex(awardees: Sequence[dict], *, attached_by: str) -> Annex:
    """The list of awardees grouped by kind with counts and subtotals, the total, and the total in
    words; its subtitle names the decision's number and date (`Document.attach_annexes`)."""
    entries = list(awardees)
    block = grouped_table(
        ANNEX_HEADER,
        entries,
        lambda number, a: [
            number,
            a["name"],
            a.get("position", ""),
            in_table(a.get("award", "")),
            format_number(a.get("amount") or 0),
        ],
        align="cllcr",
    )
    # Each group's heading row carries its subtotal.
    for row, (_kind, items) in zip(block.bold_rows, by_kind(entries), strict=True):
        block.rows[row][-1] = format_number(sum(a.get("amount") or 0 for a in items))
    total = sum(a.get("amount") or 0 for a in entries)
    block.rows.append(["", "TỔNG CỘNG", "", "", format_number(total)])
    block.bold_rows.append(len(block.rows) - 1)
    block.merged_rows.append(len(block.rows) - 1)
    return Annex(
        title=annex_title(entries),
        blocks=[block, *paras([f"Bằng chữ: {money_in_words(total)}."])],
        attached_to="Quyết định",
        attached_by=attached_by,
    )
