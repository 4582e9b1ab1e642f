"""Quyết định khen thưởng of the commune: three articles and the annex list of awardees with their
money, built whole here. `decision_paper` reads a Decision and its awards; `award_decision` builds
the same paper from plain data. `numbering.issue` numbers and issues what `decision_paper` builds."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.commendations.law import LegalFrame, in_force
from thidua.commendations.papers.common import commune_issuer, place
from thidua.documents.builders import table
from thidua.documents.model import Annex, Block, BlockKind, Document, Signer
from thidua.lib.vn import format_date_long, format_money, padded

if TYPE_CHECKING:
    from collections.abc import Sequence

    from thidua.commendations.models import Award, Decision

# Without closing ";" or ".": the renderers punctuate bases and recipients themselves. The legal
# bases are those in force on the decision's date (`law.in_force`), after them the proposal.
PROPOSAL = "Xét đề nghị của Hội đồng Thi đua – Khen thưởng xã"
RECIPIENTS = ["Như Điều 3", "Lưu: VT"]
ANNEX_TITLE = "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG"
ANNEX_HEADER = ["STT", "Họ tên / tập thể", "Danh hiệu, hình thức", "Tiền thưởng (đồng)"]


def _articles(*, count: int, year: int, base_salary: int | None, money_basis: str) -> list[Block]:
    """Điều 1 (who is commended), Điều 2 (the money and its fund), Điều 3 (who carries it out)."""
    commended = _(
        "Khen thưởng %(n)s tập thể, cá nhân, hộ gia đình có tên trong danh sách kèm theo "
        "đã có thành tích trong năm %(year)s."
    ) % {"n": count, "year": year}
    money = _(
        "Tiền thưởng theo %(decree)s, mức lương cơ sở %(base)s, trích từ Quỹ thi đua, khen thưởng xã."
    ) % {"decree": money_basis, "base": format_money(base_salary)}
    execution = _(
        "Văn phòng HĐND và UBND xã, Hội đồng Thi đua – Khen thưởng xã và các tập thể, cá nhân có tên "
        "tại Điều 1 chịu trách nhiệm thi hành Quyết định này."
    )
    return [
        Block(kind=BlockKind.ARTICLE, label=label, text=text)
        for label, text in (("1", commended), ("2", money), ("3", execution))
    ]


def _annex(awardees: Sequence[dict]) -> Annex:
    """The numbered list of awardees, each with the award and its money, and the total."""
    rows = [[padded(i), a["name"], a["award"], format_money(a["amount"])] for i, a in enumerate(awardees, 1)]
    rows.append(["", "Tổng cộng", "", format_money(sum(a["amount"] for a in awardees))])
    return Annex(title=ANNEX_TITLE, blocks=[table(ANNEX_HEADER, rows)])


def award_decision(
    *,
    issuer: str,
    place: str,
    date: dt.date | None,
    abstract: str,
    authority_line: str,
    year: int,
    base_salary: int | None,
    awardees: Sequence[dict],
    signer: Signer,
    submission: str = "",
    law: LegalFrame | None = None,
) -> Document:
    """Quyết định khen thưởng from plain data; `awardees` are {"name", "award", "amount"} in list order;
    `submission` is the Tờ trình it answers ("số 02/TTr-HĐTĐKT ngày 20 tháng 12 năm 2025"); `law` the
    law it cites, by default the one in force on `date` (ServiceError when thidua has none for it)."""
    law = law or in_force(date or timezone.localdate())
    return Document(
        doc_type="QUYẾT ĐỊNH",
        issuer=issuer,
        place=place,
        date=date,
        abstract=abstract,
        authority_line=authority_line,
        bases=[*law.decision_bases, f"{PROPOSAL} tại Tờ trình {submission}" if submission else PROPOSAL],
        body=_articles(count=len(awardees), year=year, base_salary=base_salary, money_basis=law.decree_short),
        signer=signer,
        recipients=list(RECIPIENTS),
        annexes=[_annex(awardees)],
    )


def _awardee(award: Award) -> dict:
    """An award as a row of the annex: who, which title or form, how much."""
    return {"name": award.recipient_name, "award": award.award_type.name, "amount": award.amount}


def _submission(decision: Decision) -> str:
    """The number and date of the council's Tờ trình the decision answers, once it has a number."""
    document = decision.submission_document if getattr(decision, "submission_document_id", None) else None
    if document is None or not document.number:
        return ""
    return f"số {document.number_symbol} {format_date_long(document.date)}"


def decision_paper(
    decision: Decision, awards: Sequence[Award], *, signed_on: dt.date, signer_name: str
) -> Document:
    """The decision as the commune chairman signs it on `signed_on`, from the record and its awards."""
    issuer = commune_issuer(decision.commune)
    return award_decision(
        submission=_submission(decision),
        issuer=issuer,
        place=place(decision.commune),
        date=signed_on,
        abstract=decision.title,
        authority_line=f"CHỦ TỊCH {issuer}",
        year=decision.year,
        base_salary=decision.base_salary,
        awardees=[_awardee(a) for a in awards],
        signer=Signer(title_lines=["CHỦ TỊCH"], name=signer_name),
    )
