"""The council's paperwork as real documents: the minutes (biên bản) of a session.

Built with `thidua.documents.templates_lib` and issued through the documents register under the
council's own number series (a council that uses the agency's seal keeps its own series, Decree
30/2020), so the minutes download as .docx and PDF from the documents app like any other document.
"""

from __future__ import annotations

from collections import defaultdict

from django.utils import translation

from thidua.lib.vn import format_date_long

KIND_HEADINGS = {
    "individual": "Cá nhân",
    "collective": "Tập thể",
    "household": "Hộ gia đình",
}
OUTCOME_TEXT = {
    "passed": "Đạt",
    "below": "Không đủ ngưỡng",
    "over_quota": "Ngoài chỉ tiêu",
    "tie": "Bằng phiếu – chờ Chủ tịch quyết định",
}


def _place(commune) -> str:
    return commune.name.removeprefix("Xã ").removeprefix("Phường ")


def _role(member) -> str:
    # A document is written in Vietnamese whatever the reader's interface language.
    with translation.override("vi"):
        return str(member.get_role_display())


def _pct(value) -> str:
    return f"{value:.2f}".replace(".", ",")


def minutes_model(session, *, attendance, tally, open_votes=None):
    """The document model of a closed session's minutes.

    `attendance`: Attendance rows with their member; `tally`: TallyLine rows with nomination and
    award type, in ranking order; `open_votes`: {member full name: {nomination id: agree}} when the
    session voted openly, else None (a secret ballot names nobody).
    """
    from thidua.documents.model import Block, BlockKind
    from thidua.documents.templates_lib import council_minutes

    commune, council = session.commune, session.council
    members = len(attendance)
    present_rows = [row for row in attendance if row.present]
    absent_rows = [row for row in attendance if not row.present]
    chair = next((row.member for row in attendance if row.member.role == "chair"), None)
    secretary = next((row.member for row in attendance if row.member.role == "secretary"), None)
    if session.paper:
        mode = "bỏ phiếu giấy; Thư ký nhập kết quả kiểm phiếu, một thành viên khác xác nhận"
    elif session.secret:
        mode = "bỏ phiếu kín trên hệ thống; phiếu không ghi tên người bỏ phiếu"
    else:
        mode = "biểu quyết công khai trên hệ thống; phiếu ghi tên người biểu quyết"
    meeting = (
        f"Hôm nay, {format_date_long(session.held_on)}, tại trụ sở Ủy ban nhân dân {commune.name}, "
        f"{council.name} họp xét khen thưởng năm {session.year} ({session.title}). "
        f"Hình thức: {mode}."
    )
    document = council_minutes(
        issuer=council.name.upper(),
        place=_place(commune),
        date=session.held_on,
        meeting=meeting,
        present=len(present_rows),
        members=members,
        results=[{"name": t.nomination.recipient_name, "agree": t.agree, "total": members} for t in tally],
        secretary=secretary.full_name if secretary else "",
        chair=chair.full_name if chair else "",
    )
    document.parent_issuer = f"ỦY BAN NHÂN DÂN {commune.name.upper()}"

    # The builder gives the header, the meeting line and a bare results table; the minutes of an award
    # vote also need attendance, absent members' written opinions, thresholds, ranking and the cut.
    needed = -(-members * session.quorum_pct // 100)
    attendance_block = Block(
        kind=BlockKind.HEADING,
        label="I",
        level=1,
        text="THÀNH PHẦN THAM DỰ",
        children=[
            Block(
                kind=BlockKind.PARAGRAPH,
                text=f"Tổng số thành viên Hội đồng: {members}; có mặt: {len(present_rows)}; "
                f"vắng mặt: {len(absent_rows)}. Số thành viên có mặt tối thiểu theo quy định "
                f"({session.quorum_pct}%): {needed}.",
            ),
            Block(
                kind=BlockKind.TABLE,
                rows=[["STT", "Họ và tên", "Chức danh trong Hội đồng", "Tham dự"]]
                + [
                    [
                        f"{i:02d}",
                        row.member.full_name,
                        _role(row.member),
                        "Có mặt" if row.present else "Vắng mặt",
                    ]
                    for i, row in enumerate(attendance, 1)
                ],
            ),
        ],
    )
    opinions = [
        Block(
            kind=BlockKind.BULLET,
            marker="-",
            text=f"{row.member.full_name}: {row.written_opinion or 'không có ý kiến bằng văn bản'}.",
        )
        for row in absent_rows
    ] or [Block(kind=BlockKind.PARAGRAPH, text="Không có thành viên vắng mặt.")]
    opinions_block = Block(
        kind=BlockKind.HEADING,
        label="II",
        level=1,
        text="Ý KIẾN BẰNG VĂN BẢN CỦA THÀNH VIÊN VẮNG MẶT",
        children=[
            Block(
                kind=BlockKind.PARAGRAPH,
                text="Ý kiến của thành viên vắng mặt được ghi nhận riêng, không tính vào kết quả bỏ phiếu.",
            ),
            *opinions,
        ],
    )

    by_kind = defaultdict(list)
    for line in tally:
        by_kind[line.nomination.recipient_kind].append(line)
    results_children = []
    for kind in ("individual", "collective", "household"):
        lines = by_kind.get(kind)
        if not lines:
            continue
        quota = session.quota_for(kind)
        quota_text = f"chỉ tiêu {quota}" if quota is not None else "không giới hạn chỉ tiêu"
        rows = [["Hạng", "Họ và tên / Tập thể", "Danh hiệu", "Đồng ý", "Tỷ lệ (%)", "Ngưỡng (%)", "Kết quả"]]
        for line in sorted(lines, key=lambda t: (t.rank or 0, t.nomination.recipient_name)):
            outcome = OUTCOME_TEXT.get(line.outcome, line.outcome)
            rows.append(
                [
                    f"{line.rank:02d}" if line.rank else "",
                    line.nomination.recipient_name,
                    line.nomination.award_type.short_name,
                    f"{line.agree}/{members}",
                    _pct(line.percent),
                    str(line.threshold_pct),
                    f"{outcome}. {line.note}".strip() if line.note else outcome,
                ]
            )
        results_children.append(
            Block(kind=BlockKind.PARAGRAPH, text=f"{KIND_HEADINGS[kind]} ({quota_text}):")
        )
        results_children.append(Block(kind=BlockKind.TABLE, rows=rows))
    results_children.append(
        Block(
            kind=BlockKind.PARAGRAPH,
            text="Tỷ lệ tính trên tổng số thành viên Hội đồng. Khi bằng phiếu ở vị trí chỉ tiêu, ưu tiên nữ "
            "hoặc tập thể có từ 70% nữ trở lên; nếu vẫn bằng nhau, Chủ tịch Hội đồng quyết định.",
        )
    )
    results_block = Block(
        kind=BlockKind.HEADING, label="III", level=1, text="KẾT QUẢ BỎ PHIẾU", children=results_children
    )
    blocks = [attendance_block, opinions_block, results_block]

    if open_votes:
        names = [line.nomination for line in tally]
        rows = [["Thành viên", *[n.recipient_name for n in names]]]
        for member_name, choices in sorted(open_votes.items()):
            rows.append([member_name, *["Đồng ý" if choices.get(n.pk) else "Không đồng ý" for n in names]])
        blocks.append(
            Block(
                kind=BlockKind.HEADING,
                label="IV",
                level=1,
                text="BIỂU QUYẾT CÔNG KHAI CỦA TỪNG THÀNH VIÊN",
                children=[Block(kind=BlockKind.TABLE, rows=rows)],
            )
        )

    passed = [line for line in tally if line.outcome == "passed"]
    conclusion = [
        Block(
            kind=BlockKind.BULLET,
            marker="-",
            text=f"{line.nomination.recipient_name}: {line.nomination.award_type.name} "
            f"({line.agree}/{members} phiếu đồng ý, {_pct(line.percent)}%).",
        )
        for line in passed
    ] or [Block(kind=BlockKind.PARAGRAPH, text="Không có đề nghị nào đạt.")]
    blocks.append(
        Block(
            kind=BlockKind.HEADING,
            label=["I", "II", "III", "IV", "V"][len(blocks)],
            level=1,
            text="KẾT LUẬN",
            children=[
                Block(
                    kind=BlockKind.PARAGRAPH,
                    text=f"Hội đồng thống nhất đề nghị Chủ tịch Ủy ban nhân dân {commune.name} khen thưởng "
                    f"{len(passed)} trường hợp sau:",
                ),
                *conclusion,
                Block(
                    kind=BlockKind.PARAGRAPH,
                    text="Biên bản được lập xong vào cùng ngày, đã thông qua trước Hội đồng.",
                ),
            ],
        )
    )
    # Keep the builder's opening paragraphs (meeting, presence), replace its bare results section.
    head = [b for b in document.body if b.kind == BlockKind.PARAGRAPH]
    document.body = head + blocks
    document.abstract = f"Họp Hội đồng Thi đua – Khen thưởng xét khen thưởng năm {session.year}"
    return document


def _chair_signer(session, *, prefix: str, body: str):
    """ "TM. <body>" / "CHỦ TỊCH" and the council chair's name (the commune chairman chairs the council)."""
    from thidua.commendations.models import CouncilMember, CouncilRole
    from thidua.documents.model import Signer

    chair = None
    if session is not None:
        chair = CouncilMember.objects.filter(
            council_id=session.council_id, role=CouncilRole.CHAIR, active=True
        ).first()
    return Signer(title_lines=[f"{prefix} {body}", "CHỦ TỊCH"], name=chair.full_name if chair else "")


def _nominee(item) -> dict:
    """A nominee row of the builders: name, kind, unit, and the achievement in one line."""
    kind = {"individual": "cá nhân", "collective": "tập thể", "household": "hộ gia đình"}[item.recipient_kind]
    nomination = getattr(item, "nomination", None) or item
    unit = getattr(nomination, "unit", None)
    achievement = getattr(nomination, "achievement", "") or ""
    return {
        "name": item.recipient_name,
        "kind": kind,
        "position": unit.name if unit else "",
        "achievement": f"{item.award_type.name}: {achievement}".strip().rstrip(":"),
    }


def _award_label(award_types) -> str:
    names = sorted({a.name for a in award_types})
    return names[0] if len(names) == 1 else "danh hiệu thi đua và hình thức khen thưởng"


def submission_model(decision, *, awards, date, minutes=None):
    """Tờ trình of the council to the commune chairman for the awards of a draft decision."""
    from thidua.documents.templates_lib import submission_document

    commune = decision.commune
    session = decision.session
    council_name = session.council.name.upper() if session else "HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG"
    bases = [
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
        "Căn cứ Nghị định số 152/2025/NĐ-CP của Chính phủ quy định chi tiết Luật Thi đua, khen thưởng;",
    ]
    if minutes is not None and minutes.number:
        bases.append(
            f"Căn cứ Biên bản số {minutes.number_symbol} ngày {minutes.date:%d/%m/%Y} "
            f"họp Hội đồng Thi đua – Khen thưởng xét khen thưởng năm {decision.year};"
        )
    addressee = f"Chủ tịch Ủy ban nhân dân {commune.name}"
    return submission_document(
        issuer=council_name,
        parent_issuer=f"ỦY BAN NHÂN DÂN {commune.name.upper()}",
        place=_place(commune),
        date=date,
        addressee=addressee,
        award=_award_label(a.award_type for a in awards),
        reason=f"trong năm {decision.year}",
        bases=bases,
        nominees=[_nominee(a) for a in awards],
        summary=[
            "Các trường hợp đề nghị đã được thẩm định đủ tiêu chuẩn, được Hội đồng bỏ phiếu thông qua và "
            "đã công khai theo quy định; các ý kiến phản ánh (nếu có) đã được xem xét, giải quyết."
        ],
        signer=_chair_signer(session, prefix="TM.", body="HỘI ĐỒNG"),
        recipients=["Như trên"],
    )


def notice_model(notice, *, nominations, public_url: str = ""):
    """Thông báo công khai of the commune for the list the council passed, with the notice period."""
    from thidua.documents.templates_lib import public_notice

    commune = notice.commune
    posted_at = ["Trụ sở Ủy ban nhân dân xã", "Nhà văn hóa các ấp"]
    if public_url:
        posted_at.append(f"Trang công khai: {public_url}")
    return public_notice(
        issuer=f"ỦY BAN NHÂN DÂN {commune.name.upper()}",
        place=_place(commune),
        date=notice.starts_on,
        award=_award_label(n.award_type for n in nominations),
        candidates=[_nominee(n) for n in nominations],
        start=notice.starts_on,
        end=notice.ends_on,
        posted_at=posted_at,
        contact="Văn phòng – Thống kê, Ủy ban nhân dân xã (thường trực Hội đồng Thi đua – Khen thưởng)",
        signer=_chair_signer(notice.session, prefix="TM.", body="ỦY BAN NHÂN DÂN"),
        recipients=["Các ấp, cơ quan, đơn vị, đoàn thể xã", "Đài truyền thanh xã"],
    )
