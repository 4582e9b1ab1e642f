"""Quyết định khen thưởng of the commune: three articles and the annex list of awardees with their
money (worded in `decision_parts`), built whole here. `decision_paper` reads a Decision and its
awards; `award_decision` builds the same paper from plain data. `numbering.issue` numbers and
issues what `decision_paper` builds."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils import timezone

from thidua.commendations.law import LegalFrame, in_force
from thidua.commendations.papers import decision_parts
from thidua.commendations.papers.common import achievement_scope, commune_issuer, nominee, place
from thidua.documents.builders import body_name
from thidua.documents.model import Block, Document, Signer
from thidua.lib.vn import format_date_long, format_number
from thidua.units.models import UnitKind

if TYPE_CHECKING:
    from collections.abc import Sequence

    from thidua.commendations.models import Award, Decision

# Without closing ";" or ".": the renderers punctuate bases and recipients themselves. The legal
# bases are those in force on the decision's date (`law.in_force`), after them the proposal.
PROPOSAL = "Xét đề nghị của Hội đồng Thi đua – Khen thưởng xã"
# A province's decision on the communes' proposals (proposals up the chain): the Sở Nội vụ, standing
# body of the provincial council, proposes; the province's offices carry it out; its fund pays.
PROVINCE_PROPOSAL = (
    "Xét đề nghị của Giám đốc Sở Nội vụ (Cơ quan Thường trực Hội đồng Thi đua – Khen thưởng tỉnh)"
)
PROVINCE_EXECUTORS = (
    "Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nội vụ, Giám đốc Sở Tài chính, "
    "Chủ tịch Ủy ban nhân dân các xã, phường có liên quan, Thủ trưởng các cơ quan, đơn vị có liên quan"
)
RECIPIENTS = ["Như Điều 3", "Lưu: VT"]


def _articles(
    *,
    awardees: Sequence[dict],
    reason: str,
    date: dt.date | None,
    base_salary: int | None,
    money_basis: str,
    province: bool = False,
) -> list[Block]:
    """Điều 1 (what is granted to whom), Điều 2 (the money, how reckoned, its fund), Điều 3 (who
    carries it out): `decision_parts.articles`."""
    basis = f"theo {money_basis}" if money_basis else ""
    if basis and base_salary:
        basis += f", mức lương cơ sở {format_number(base_salary)} đồng"
    if province:
        return decision_parts.articles(
            awardees=awardees,
            reason=reason,
            date=date,
            money_basis=basis,
            fund="Quỹ thi đua, khen thưởng tỉnh",
            level="tỉnh",
            executors=PROVINCE_EXECUTORS,
        )
    return decision_parts.articles(awardees=awardees, reason=reason, date=date, money_basis=basis)


def _chairman(issuer: str) -> str:
    """Who signs, as an annex's subtitle names them: "Chủ tịch UBND xã Mỹ Thạnh"."""
    return "Chủ tịch " + body_name(issuer).replace("Ủy ban nhân dân", "UBND", 1)


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
    reason: str = "",
    province: bool = False,
) -> Document:
    """Quyết định khen thưởng from plain data (of the province chairman when `province`); `awardees` are {"name", "kind", "position", "award",
    "amount"} (`decision_parts`); `reason` what they achieved in (default "trong năm <year>");
    `submission` is the Tờ trình it answers ("số 02/TTr-HĐTĐKT ngày 20 tháng 12 năm 2025"); `law` the
    law it cites, by default the one in force on `date` (ServiceError when thidua has none for it)."""
    law = law or in_force(date or timezone.localdate())
    proposal = PROVINCE_PROPOSAL if province else PROPOSAL
    document = Document(
        doc_type="QUYẾT ĐỊNH",
        issuer=issuer,
        place=place,
        date=date,
        abstract=abstract,
        authority_line=authority_line,
        bases=[*law.decision_bases, f"{proposal} tại Tờ trình {submission}" if submission else proposal],
        body=_articles(
            awardees=awardees,
            reason=reason or f"trong năm {year}",
            date=date,
            base_salary=base_salary,
            money_basis=law.decree_short,
            province=province,
        ),
        signer=signer,
        recipients=list(RECIPIENTS),
        annexes=[decision_parts.annex(awardees, attached_by=_chairman(issuer))],
    )
    document.attach_annexes()
    return document


def _awardee(award: Award, on: dt.date) -> dict:
    """An award as a row of the annex: who, of which kind, their position and unit, what (named as
    the law of the decision's date names it), how much."""
    return {**nominee(award, on), "amount": award.amount}


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
    province = getattr(decision.commune, "kind", UnitKind.COMMUNE) == UnitKind.PROVINCE
    return award_decision(
        submission=_submission(decision),
        issuer=issuer,
        place=place(decision.commune),
        province=province,
        date=signed_on,
        abstract=decision.title,
        authority_line=f"CHỦ TỊCH {issuer}",
        year=decision.year,
        reason=achievement_scope(getattr(decision, "session", None), decision.year),
        base_salary=decision.base_salary,
        awardees=[_awardee(a, signed_on) for a in awards],
        signer=Signer(title_lines=["CHỦ TỊCH"], name=signer_name),
    )
