"""Tờ trình: the council asks the chairman (of the commune, or of the province on the communes'
proposals) to grant the awards of a draft decision."""

from __future__ import annotations

import datetime as dt

from thidua.commendations.law import in_force
from thidua.commendations.models import Award, Decision
from thidua.commendations.papers.common import (
    achievement_scope,
    award_label,
    award_names,
    commune_words,
    council_header,
    council_name,
    grants_text,
    nominee,
    nominee_table,
    parent_body,
    place,
    submission_signer,
)
from thidua.documents import models as documents
from thidua.documents.builders import body_name, clauses, paras
from thidua.documents.model import Annex, Document, Signer
from thidua.lib.vn import format_date_long
from thidua.units.models import UnitKind

SUMMARY = (
    "Các trường hợp đề nghị đã được thẩm định đủ tiêu chuẩn, được Hội đồng bỏ phiếu thông qua và "
    "đã công khai theo quy định; các ý kiến phản ánh (nếu có) đã được xem xét, giải quyết."
)
# The province's council on the communes' proposals: no public notice, the Sở Nội vụ appraised them.
PROVINCE_SUMMARY = (
    "Các trường hợp do Ủy ban nhân dân các xã, phường đề nghị đã được Sở Nội vụ thẩm định đủ tiêu "
    "chuẩn, hồ sơ theo quy định và được Hội đồng bỏ phiếu thông qua."
)


def submission_paper(
    decision: Decision, *, awards: list[Award], date: dt.date, minutes: documents.Document | None = None
) -> Document:
    """The council's Tờ trình to the commune chairman for the awards of a draft decision; it cites
    the session's minutes (`minutes`, a documents.Document) once they have a number, after the law in
    force on `date` (`law.in_force`: ServiceError when thidua has no law for that date)."""
    commune = decision.commune
    session = decision.session
    council = session.council if session else None
    bases = list(in_force(date).law_bases)
    if minutes is not None and minutes.number:
        bases.append(
            f"Căn cứ Biên bản số {minutes.number_symbol} {format_date_long(minutes.date)} "
            f"họp Hội đồng Thi đua – Khen thưởng xét khen thưởng năm {decision.year};"
        )
    return submission_document(
        issuer=council_header(council),
        sender=council_name(council, commune),
        parent_issuer=parent_body(commune),
        place=place(commune),
        date=date,
        addressee=f"Chủ tịch Ủy ban nhân dân {commune_words(commune)}",
        award=award_label(a.award_type for a in awards),
        reason=achievement_scope(session, decision.year),
        bases=bases,
        nominees=[nominee(a, date) for a in awards],
        summary=[PROVINCE_SUMMARY if getattr(commune, "kind", "") == UnitKind.PROVINCE else SUMMARY],
        signer=submission_signer(session, body="HỘI ĐỒNG"),
        recipients=["Như trên"],
    )


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
    sender: str = "",
) -> Document:
    """Tờ trình đề nghị khen thưởng (the shape of Mẫu 01 in the appendix of Decree 152/2025).

    `nominees`: {"name", "kind" ("tập thể" | "cá nhân" | "hộ gia đình"), "position" (chức vụ, đơn
    vị), "award" (`award` when absent), "achievement"}; they are listed in the annex table, grouped
    by kind, and counted by award and kind in the proposal. `addressee` is who decides ("Chủ tịch Ủy
    ban nhân dân xã Mỹ Thạnh"); `decider` how the text names them (default: the addressee);
    `sender` how the text names the issuer ("Hội đồng Thi đua – Khen thưởng xã Mỹ Thạnh").
    """
    decider = decider or addressee
    sender = sender or body_name(issuer)
    proposal = (
        f"{sender} kính đề nghị {decider} xét, tặng {grants_text(nominees, award=award)} "
        f"đã có thành tích xuất sắc {reason} (có danh sách kèm theo)."
    )
    awards = award_names(nominees, award=award)
    document = Document(
        doc_type="TỜ TRÌNH",
        issuer=issuer,
        parent_issuer=parent_issuer,
        place=place,
        date=date,
        abstract=f"Về việc đề nghị tặng {awards}",
        addressees=[addressee],
        bases=clauses(bases),
        body=paras([proposal, *(summary or []), f"Kính trình {decider} xem xét, quyết định./."]),
        signer=signer,
        recipients=[*recipients, "Lưu: VT"] if recipients else ["Như trên", "Lưu: VT"],
        annexes=[
            Annex(
                title=f"DANH SÁCH ĐỀ NGHỊ TẶNG {awards.upper()}",
                blocks=[nominee_table(nominees)],
                attached_to="Tờ trình",
                attached_by=sender,
            )
        ],
    )
    document.attach_annexes()
    return document
