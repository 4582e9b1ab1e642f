"""Tờ trình of a commune to the province chairman (Mẫu 01 of the appendix of Decree 152/2025): the
commune asks the province to grant the province's awards to the lines of its proposal.

Built from the generic `submission.submission_document`: the issuer is the commune's People's
Committee, the addressee the province chairman (through the Sở Nội vụ, standing body of the
provincial council), the bases the law in force on the paper's date and the commune council's
meeting that reviewed the lines.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from thidua.commendations.law import in_force
from thidua.commendations.papers.common import award_label, commune_issuer, commune_words, nominee, place
from thidua.commendations.papers.submission import submission_document
from thidua.documents.model import Document, Signer

if TYPE_CHECKING:
    from thidua.commendations.models import Nomination, Proposal
    from thidua.units.models import Unit

SUMMARY = (
    "Các trường hợp đề nghị đã được Hội đồng Thi đua – Khen thưởng {commune} họp xét, đủ tiêu chuẩn "
    "theo quy định; hồ sơ gồm tờ trình, báo cáo thành tích của từng trường hợp và biên bản họp Hội đồng."
)


def province_words(province: Unit) -> str:
    """The province as running text names it: "tỉnh Tây Ninh", "thành phố Hà Nội"."""
    name = province.name
    for level in ("Tỉnh ", "Thành phố "):
        if name.startswith(level):
            return level.lower() + name[len(level) :]
    return name


def proposal_submission(
    proposal: Proposal, lines: list[Nomination], *, date: dt.date, signer_name: str = ""
) -> Document:
    """The commune's Tờ trình for the lines of a proposal, dated `date` (the law in force on it:
    ServiceError when thidua has no law for the date)."""
    commune: Unit = proposal.commune
    province: Unit = proposal.province
    bases = list(in_force(date).law_bases)
    bases.append(
        f"Căn cứ kết quả họp xét của Hội đồng Thi đua – Khen thưởng {commune_words(commune)} "
        f"năm {proposal.year};"
    )
    return submission_document(
        issuer=commune_issuer(commune),
        place=place(commune),
        date=date,
        addressee=f"Chủ tịch Ủy ban nhân dân {province_words(province)}",
        award=award_label(n.award_type for n in lines),
        reason=f"trong năm {proposal.year}",
        bases=bases,
        nominees=[nominee(n) for n in lines],
        summary=[SUMMARY.format(commune=commune_words(commune))],
        signer=Signer(title_lines=["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], name=signer_name),
        recipients=["Như trên", f"Sở Nội vụ {province_words(province)}"],
        sender=f"Ủy ban nhân dân {commune_words(commune)}",
    )


def line_report(line: Nomination, *, date: dt.date) -> Document:
    """The Báo cáo thành tích of one line (Mẫu 05 for a person, its counterpart for a collective or a
    household), printed from the data: who they are, the achievement as typed, and the titles and
    forms of commendation thidua already records for them, for the nominee to complete and sign and
    the commune to confirm."""
    from thidua.commendations.models import Award, Decision
    from thidua.commendations.papers.achievement import achievement_report
    from thidua.commendations.papers.common import recipient_place

    collective = line.recipient_kind != "individual"
    commune: Unit = line.unit
    if line.person_id:
        person = line.person
        profile = [
            ("Họ và tên", person.full_name),
            ("Năm sinh", str(person.birth_year or "")),
            ("Chức vụ, đơn vị", recipient_place(line)),
        ]
        earlier = Award.objects.filter(person=person)
    elif line.collective_id:
        profile = [("Tên tập thể", line.recipient_name), ("Thuộc", commune.name)]
        earlier = Award.objects.filter(collective_id=line.collective_id)
    else:
        profile = [("Hộ gia đình", line.recipient_name), ("Nơi cư trú", recipient_place(line))]
        earlier = Award.objects.filter(household_id=line.household_id)
    earlier = earlier.filter(decision__state=Decision.State.SIGNED, annulled=False).select_related(
        "award_type", "decision__commune"
    )
    received = [
        (
            a.award_type.is_title,
            {
                "year": a.year,
                "name": a.award_type.name,
                "decision": f"{a.decision.number_label} ngày {a.decision.signed_on:%d/%m/%Y}, "
                f"{commune_issuer(a.decision.commune).title()}"
                if a.decision and a.decision.signed_on
                else "",
            },
        )
        for a in earlier.order_by("year")
    ]
    return achievement_report(
        collective=collective,
        award=line.award_type.name,
        place=place(commune),
        date=date,
        profile=profile,
        duties=[],
        achievements=[p for p in line.achievement.splitlines() if p.strip()],
        titles=[r for is_title, r in received if is_title],
        awards=[r for is_title, r in received if not is_title],
        signer=Signer(title_lines=["THỦ TRƯỞNG ĐƠN VỊ" if collective else "NGƯỜI BÁO CÁO THÀNH TÍCH"]),
        issuer=commune_issuer(commune) if collective else "",
        confirmer=Signer(title_lines=["CHỦ TỊCH UBND"]),
    )
