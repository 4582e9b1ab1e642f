"""Biên bản họp Hội đồng: the minutes of a closed council session.

Attendance, absent members' written opinions, the votes of each recipient kind with threshold,
ranking and quota, each member's vote when the session voted openly, and the conclusion.
"""

from __future__ import annotations

from collections import defaultdict

from django.utils import translation

from thidua.commendations import rules
from thidua.commendations.models import Attendance, CouncilRole, Session, TallyLine, TallyOutcome
from thidua.commendations.papers.common import commune_issuer, place
from thidua.documents.builders import ROMAN, bullets, heading, paras, table
from thidua.documents.model import Block, Document, Signer, clause
from thidua.lib.vn import format_date_long, format_number, format_percent, format_share, padded
from thidua.units.models import Unit

KIND_HEADINGS = {
    "individual": "Cá nhân",
    "collective": "Tập thể",
    "household": "Hộ gia đình",
}
TIE_RULE = (
    "Tỷ lệ tính trên tổng số thành viên Hội đồng. Khi bằng phiếu ở vị trí chỉ tiêu, ưu tiên nữ "
    "hoặc tập thể có từ 70% nữ trở lên; nếu vẫn bằng nhau, Chủ tịch Hội đồng quyết định."
)


def session_minutes(
    session: Session,
    *,
    attendance: list[Attendance],
    tally: list[TallyLine],
    open_votes: dict[str, dict[int, bool]] | None = None,
) -> Document:
    """The minutes of a closed session.

    `attendance`: Attendance rows with their member; `tally`: TallyLine rows with nomination and
    award type, in ranking order; `open_votes`: {member full name: {nomination id: agree}} when the
    session voted openly, else None (a secret ballot names nobody). Roles and outcomes are written
    in Vietnamese whatever the officer's screen language.
    """
    with translation.override("vi"):
        return _minutes(session, attendance=attendance, tally=tally, open_votes=open_votes)


def _minutes(
    session: Session,
    *,
    attendance: list[Attendance],
    tally: list[TallyLine],
    open_votes: dict[str, dict[int, bool]] | None,
) -> Document:
    commune, council = session.commune, session.council
    members = len(attendance)
    present = sum(1 for row in attendance if row.present)
    chair = next((row.member for row in attendance if row.member.role == CouncilRole.CHAIR), None)
    secretary = next((row.member for row in attendance if row.member.role == CouncilRole.SECRETARY), None)
    sections = [
        _attendance(session, attendance),
        _opinions(attendance),
        _results(session, tally, members),
    ]
    if open_votes:
        sections.append(_open_votes(tally, open_votes))
    sections.append(_conclusion(ROMAN[len(sections)], commune, tally, members))
    return Document(
        doc_type="BIÊN BẢN",
        issuer=council.name.upper(),
        parent_issuer=commune_issuer(commune),
        place=place(commune),
        date=session.held_on,
        abstract=f"Họp Hội đồng Thi đua – Khen thưởng xét khen thưởng năm {session.year}",
        body=[
            *paras([_meeting(session), f"Có mặt {present}/{members} thành viên Hội đồng."]),
            *sections,
        ],
        signer=Signer(title_lines=["CHỦ TỌA"], name=chair.full_name if chair else ""),
        recipients=[f"Thư ký: {secretary.full_name if secretary else ''}", "Lưu: VT"],
    )


def _meeting(session: Session) -> str:
    if session.paper:
        mode = "bỏ phiếu giấy; Thư ký nhập kết quả kiểm phiếu, một thành viên khác xác nhận"
    elif session.secret:
        mode = "bỏ phiếu kín trên hệ thống; phiếu không ghi tên người bỏ phiếu"
    else:
        mode = "biểu quyết công khai trên hệ thống; phiếu ghi tên người biểu quyết"
    return (
        f"Hôm nay, {format_date_long(session.held_on)}, tại trụ sở Ủy ban nhân dân {session.commune.name}, "
        f"{session.council.name} họp xét khen thưởng năm {session.year} ({session.title}). "
        f"Hình thức: {mode}."
    )


def _attendance(session: Session, attendance: list[Attendance]) -> Block:
    needed = rules.quorum_needed(len(attendance), session.quorum_share)
    present = sum(1 for row in attendance if row.present)
    rows = [
        [
            padded(i),
            row.member.full_name,
            row.member.get_role_display(),
            "Có mặt" if row.present else "Vắng mặt",
        ]
        for i, row in enumerate(attendance, 1)
    ]
    summary = (
        f"Tổng số thành viên Hội đồng: {len(attendance)}; có mặt: {present}; "
        f"vắng mặt: {len(attendance) - present}. Số thành viên có mặt tối thiểu theo quy định "
        f"({format_share(session.quorum_share)}): {needed}."
    )
    return heading(
        "I",
        1,
        "THÀNH PHẦN THAM DỰ",
        [*paras([summary]), table(["STT", "Họ và tên", "Chức danh trong Hội đồng", "Tham dự"], rows)],
    )


def _opinions(attendance: list[Attendance]) -> Block:
    absent = [row for row in attendance if not row.present]
    opinions = bullets(
        [
            f"{row.member.full_name}: {clause(row.written_opinion) or 'không có ý kiến bằng văn bản'}."
            for row in absent
        ]
    ) or paras(["Không có thành viên vắng mặt."])
    return heading(
        "II",
        1,
        "Ý KIẾN BẰNG VĂN BẢN CỦA THÀNH VIÊN VẮNG MẶT",
        [
            *paras(["Ý kiến của thành viên vắng mặt được ghi nhận riêng, không tính vào kết quả bỏ phiếu."]),
            *opinions,
        ],
    )


def _results(session: Session, tally: list[TallyLine], members: int) -> Block:
    """The votes of each recipient kind, ranked, with the kind's quota, the threshold and the outcome."""
    by_kind: defaultdict[str, list[TallyLine]] = defaultdict(list)
    for line in tally:
        by_kind[line.nomination.recipient_kind].append(line)
    header = ["Hạng", "Họ và tên / Tập thể", "Danh hiệu", "Đồng ý", "Tỷ lệ (%)", "Ngưỡng (%)", "Kết quả"]
    children: list[Block] = []
    for kind in KIND_HEADINGS:
        lines = by_kind.get(kind)
        if not lines:
            continue
        quota = session.quota_for(kind)
        quota_text = f"chỉ tiêu {quota}" if quota is not None else "không giới hạn chỉ tiêu"
        rows = []
        for line in sorted(lines, key=lambda t: (t.rank or 0, t.nomination.recipient_name)):
            outcome = line.get_outcome_display()
            rows.append(
                [
                    padded(line.rank) if line.rank else "",
                    line.nomination.recipient_name,
                    line.nomination.award_type.short_name,
                    f"{line.agree}/{members}",
                    format_number(line.percent, 2),
                    str(line.threshold_pct),
                    f"{outcome}. {line.note}".strip() if line.note else outcome,
                ]
            )
        children += [*paras([f"{KIND_HEADINGS[kind]} ({quota_text}):"]), table(header, rows)]
    return heading("III", 1, "KẾT QUẢ BỎ PHIẾU", [*children, *paras([TIE_RULE])])


def _open_votes(tally: list[TallyLine], open_votes: dict[str, dict[int, bool]]) -> Block:
    """Each member's vote on each nomination: only an open session's minutes name the voters."""
    nominations = [line.nomination for line in tally]
    rows = [
        [member, *["Đồng ý" if choices.get(n.pk) else "Không đồng ý" for n in nominations]]
        for member, choices in sorted(open_votes.items())
    ]
    header = ["Thành viên", *[n.recipient_name for n in nominations]]
    return heading("IV", 1, "BIỂU QUYẾT CÔNG KHAI CỦA TỪNG THÀNH VIÊN", [table(header, rows)])


def _conclusion(label: str, commune: Unit, tally: list[TallyLine], members: int) -> Block:
    passed = [line for line in tally if line.outcome == TallyOutcome.PASSED]
    cases = bullets(
        [
            f"{line.nomination.recipient_name}: {line.nomination.award_type.name} "
            f"({line.agree}/{members} phiếu đồng ý, {format_percent(line.percent, 2)})."
            for line in passed
        ]
    ) or paras(["Không có đề nghị nào đạt."])
    return heading(
        label,
        1,
        "KẾT LUẬN",
        [
            *paras(
                [
                    f"Hội đồng thống nhất đề nghị Chủ tịch Ủy ban nhân dân {commune.name} khen thưởng "
                    f"{len(passed)} trường hợp sau:"
                ]
            ),
            *cases,
            *paras(["Biên bản được lập xong vào cùng ngày, đã thông qua trước Hội đồng."]),
        ],
    )
