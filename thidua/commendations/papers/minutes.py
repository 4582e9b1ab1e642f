"""Biên bản họp Hội đồng: the minutes of a closed council session.

Attendance, absent members' written opinions, the votes of each recipient kind with threshold,
ranking and quota, each member's vote when the session voted openly, and the conclusion.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.utils import translation

from thidua.commendations import rules
from thidua.commendations.models import Attendance, CouncilRole, Session, TallyLine, TallyOutcome
from thidua.commendations.papers.common import (
    KIND_WORDS,
    award_words,
    commune_words,
    council_header,
    council_name,
    dated_name,
    grants_text,
    parent_body,
    place,
)
from thidua.documents.builders import ROMAN, bullets, heading, paras, table
from thidua.documents.model import Block, Document, Signer, clause
from thidua.lib.vn import format_date_long, format_figure, format_share, padded
from thidua.units.models import Unit

# The groups of the vote, in the order of the papers' lists: collectives, households, individuals.
KIND_HEADINGS = {
    "collective": "Tập thể",
    "household": "Hộ gia đình",
    "individual": "Cá nhân",
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
    sections.append(_conclusion(ROMAN[len(sections)], commune, tally, members, on=session.held_on))
    chairing = f"Chủ trì: {chair.full_name}, Chủ tịch Hội đồng." if chair else ""
    if secretary:
        chairing = f"{chairing} Thư ký: {secretary.full_name}.".strip()
    return Document(
        doc_type="BIÊN BẢN",
        issuer=council_header(council),
        parent_issuer=parent_body(commune),
        place=place(commune),
        date=session.held_on,
        abstract=f"Họp Hội đồng Thi đua – Khen thưởng xét khen thưởng năm {session.year}",
        body=[
            *paras(
                [
                    _meeting(session),
                    chairing,
                    f"Có mặt {padded(present)}/{padded(members)} thành viên Hội đồng.",
                ]
            ),
            *sections,
        ],
        # The secretary who wrote the minutes signs on the left, the chair on the right (Decree 30's
        # model of a biên bản); "Nơi nhận" under them.
        signer=Signer(title_lines=["CHỦ TỌA"], name=chair.full_name if chair else ""),
        cosigner=Signer(title_lines=["THƯ KÝ"], name=secretary.full_name if secretary else ""),
        recipients=["Thành viên Hội đồng", "Lưu: VT"],
    )


def _meeting(session: Session) -> str:
    if session.paper:
        mode = "bỏ phiếu giấy; Thư ký nhập kết quả kiểm phiếu, một thành viên khác xác nhận"
    elif session.secret:
        mode = "bỏ phiếu kín trên hệ thống; phiếu không ghi tên người bỏ phiếu"
    else:
        mode = "biểu quyết công khai trên hệ thống; phiếu ghi tên người biểu quyết"
    commune = session.commune
    return (
        f"Hôm nay, {format_date_long(session.held_on)}, tại trụ sở Ủy ban nhân dân {commune_words(commune)}, "
        f"{council_name(session.council, commune)} họp xét khen thưởng năm {session.year} "
        f"({session.title}). Hình thức: {mode}."
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
        f"Tổng số thành viên Hội đồng: {_count(len(attendance))}; có mặt: {_count(present)}; "
        f"vắng mặt: {_count(len(attendance) - present)}. Số thành viên có mặt tối thiểu theo quy định "
        f"({format_share(session.quorum_share)}): {_count(needed)}."
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
    header = [
        "Hạng",
        "Họ và tên / Tập thể",
        "Danh hiệu, hình thức",
        "Đồng ý",
        "Tỷ lệ",
        "Ngưỡng",
        "Kết quả",
    ]
    children: list[Block] = []
    for kind in KIND_HEADINGS:
        lines = by_kind.get(kind)
        if not lines:
            continue
        quota = session.quota_for(kind)
        quota_text = f"chỉ tiêu {padded(quota)}" if quota is not None else "không giới hạn chỉ tiêu"
        rows = []
        for line in sorted(lines, key=lambda t: (t.rank or 0, t.nomination.recipient_name)):
            outcome = line.get_outcome_display()
            rows.append(
                [
                    padded(line.rank) if line.rank else "",
                    line.nomination.recipient_name,
                    _award(line, session.held_on),
                    f"{_count(line.agree)}/{padded(members)}",  # as the conclusion writes it: 02/02
                    f"{format_figure(line.percent)}%",
                    f"{line.threshold_pct}%",
                    f"{outcome}. {line.note}".strip() if line.note else outcome,
                ]
            )
        heading_text = f"{KIND_HEADINGS[kind]}: {padded(len(lines))} {KIND_WORDS[kind]} ({quota_text}):"
        children += [*paras([heading_text]), _table(header, rows)]
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


def _count(n: int) -> str:
    """A count as officials write it: "02", "12", and "0" for none."""
    return padded(n) if n else "0"


def _award(line: TallyLine, on: dt.date | None) -> str:
    """The award voted on, as the law of the session's date names it."""
    award_type = line.nomination.award_type
    name = dated_name(award_type, on)
    return award_words(name, is_title=award_type.is_title).removeprefix("danh hiệu ")


def _table(header: list[str], rows: list[list[str]]) -> Block:
    block = table(header, rows)
    block.align = "cllcccl"
    return block


def _conclusion(
    label: str, commune: Unit, tally: list[TallyLine], members: int, *, on: dt.date | None
) -> Block:
    order = list(KIND_HEADINGS)
    passed = sorted(
        (line for line in tally if line.outcome == TallyOutcome.PASSED),
        key=lambda t: order.index(t.nomination.recipient_kind),
    )
    cases = bullets(
        [
            f"{line.nomination.recipient_name}: {_award(line, on)} ({padded(line.agree)}/{padded(members)} "
            f"phiếu đồng ý, đạt {format_figure(line.percent)}%)."
            for line in passed
        ]
    )
    entries = [
        {
            "kind": KIND_WORDS[line.nomination.recipient_kind],
            "award": award_words(
                dated_name(line.nomination.award_type, on),
                is_title=line.nomination.award_type.is_title,
            ),
        }
        for line in passed
    ]
    if passed:
        opening = (
            f"Hội đồng thống nhất đề nghị Chủ tịch Ủy ban nhân dân {commune_words(commune)} tặng "
            f"{grants_text(entries)}, gồm:"
        )
    else:
        opening = "Không có đề nghị nào đạt."
    return heading(
        label,
        1,
        "KẾT LUẬN",
        [
            *paras([opening]),
            *cases,
            *paras(
                [
                    "Biên bản được lập xong vào cùng ngày, đã đọc lại cho các thành viên dự họp và được Hội đồng thống nhất thông qua./."
                ]
            ),
        ],
    )
