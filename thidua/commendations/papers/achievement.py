"""Báo cáo thành tích: the nominee's own report of achievement (Mẫu 05 of Decree 152/2025 for a
person, its counterpart for a collective), confirmed by the body that submits the nomination."""

from __future__ import annotations

import datetime as dt

from thidua.documents.builders import bullets, heading, paras, table
from thidua.documents.model import Block, Document, Signer

CONFIRMATION = "XÁC NHẬN CỦA CẤP TRÌNH KHEN"
DECISION_COLUMN = "Số, ngày, tháng, năm của quyết định; cơ quan ban hành"


def _received(items: list[dict], what: str) -> list[Block]:
    """The titles or forms of commendation already received, by year; "Không có." when none."""
    if not items:
        return paras(["Không có."])
    rows = [[str(x.get("year", "")), x["name"], x.get("decision", "")] for x in items]
    return [table(["Năm", what, DECISION_COLUMN], rows)]


def _body(
    *,
    collective: bool,
    profile: list[tuple[str, str]],
    duties: list[str],
    achievements: list[str],
    titles: list[dict],
    awards: list[dict],
) -> list[Block]:
    """Sections I (profile), II (duties and achievements) and III (what was already received)."""
    first = "SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH" if collective else "SƠ LƯỢC LÝ LỊCH"
    duties_title = "Chức năng, nhiệm vụ" if collective else "Quyền hạn, nhiệm vụ được giao"
    achieved = [
        heading("1", 2, duties_title, paras(duties)),
        heading("2", 2, "Thành tích đạt được", paras(achievements)),
    ]
    received = [
        heading("1", 2, "Danh hiệu thi đua", _received(titles, "Danh hiệu thi đua")),
        heading("2", 2, "Hình thức khen thưởng", _received(awards, "Hình thức khen thưởng")),
    ]
    return [
        heading("I", 1, first, bullets([f"{label}: {value}" for label, value in profile])),
        heading("II", 1, "THÀNH TÍCH ĐẠT ĐƯỢC", achieved),
        heading("III", 1, "CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG", received),
    ]


def _confirmation(confirmer: Signer | None) -> Signer:
    """The confirmation of the body that submits the nomination, under its own title lines."""
    confirmer = confirmer or Signer()
    return Signer(
        title_lines=[CONFIRMATION, *confirmer.title_lines],
        note=confirmer.note or "(Ký, đóng dấu)",
        name=confirmer.name,
    )


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
    the confirmation of the body that submits the nomination, signed beside the reporter.
    """
    body = _body(
        collective=collective,
        profile=profile,
        duties=duties,
        achievements=achievements,
        titles=titles or [],
        awards=awards or [],
    )
    return Document(
        doc_type="BÁO CÁO",
        issuer=issuer if collective else "",
        parent_issuer=parent_issuer if collective else "",
        place=place,
        date=date,
        abstract=f"Thành tích đề nghị tặng {award}",
        body=body,
        # Mẫu 05: the body that submits the nomination confirms on the left, the reporter signs on
        # the right.
        signer=signer,
        cosigner=_confirmation(confirmer),
    )
