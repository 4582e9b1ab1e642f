"""Property: a document model rendered to .docx or to text reads back to the same model."""

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thidua.documents.model import Annex, Block, BlockKind, Document, Signer
from thidua.documents.reader import read_document
from thidua.documents.render_docx import render_docx
from thidua.documents.render_text import render_text

PLACES = ["Mỹ Thạnh", "Giồng Trôm", "Phong Nẫm", "Lương Hòa", "Bình Thành", "Hưng Lễ", "Tân Hào"]
WORDS = [
    "phong",
    "trào",
    "thi",
    "đua",
    "xây",
    "dựng",
    "nông",
    "thôn",
    "mới",
    "hộ",
    "gia",
    "đình",
    "cán",
    "bộ",
    "công",
    "chức",
    "nhân",
    "dân",
    "tích",
    "cực",
    "hưởng",
    "ứng",
    "đẩy",
    "mạnh",
    "cải",
    "cách",
    "hành",
    "chính",
    "tuyên",
    "truyền",
    "vận",
    "động",
    "đoàn",
    "thể",
    "ấp",
    "văn",
    "hóa",
    "kết",
    "quả",
    "thực",
    "hiện",
    "nhiệm",
    "vụ",
    "chỉ",
    "tiêu",
    "năm",
    "sản",
    "xuất",
    "kinh",
    "doanh",
    "giỏi",
    "bảo",
    "vệ",
    "môi",
    "trường",
    "an",
    "ninh",
    "trật",
    "tự",
    "khen",
    "thưởng",
    "kịp",
    "thời",
    "điển",
    "hình",
    "tiên",
    "tiến",
    "gương",
    "người",
    "tốt",
    "việc",
    "tốt",
]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng"]
MIDDLES = ["Văn", "Thị", "Thanh", "Hữu", "Ngọc", "Minh"]
GIVEN = ["Diễn", "Hạnh", "Tâm", "Phúc", "Lợi", "Thảo", "Dũng", "Ánh"]
SIGNERS = [["CHỦ TỊCH"], ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]]
RECIPIENTS = [
    "Phòng Nội vụ huyện",
    "TT. Đảng ủy, HĐND xã",
    "Các ngành, đoàn thể xã",
    "Trưởng các ấp",
    "HĐTĐKT xã",
]
TYPES = {
    "KẾ HOẠCH": "KH-UBND",
    "BÁO CÁO": "BC-UBND",
    "THÔNG BÁO": "TB-UBND",
    "TỜ TRÌNH": "TTr-UBND",
    "CÔNG VĂN": "UBND-VP",  # no type line; "V/v …" under the number
}


@st.composite
def sentence(draw, min_words=6, end="."):
    words = draw(st.lists(st.sampled_from(WORDS), min_size=min_words, max_size=18))
    text = " ".join(words)
    return text[0].upper() + text[1:] + end


@st.composite
def title(draw):
    return " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=2, max_size=6))).capitalize()


@st.composite
def leaf(draw):
    kind = draw(st.sampled_from([BlockKind.PARAGRAPH, BlockKind.BULLET, BlockKind.TABLE]))
    if kind == BlockKind.TABLE:
        cols = draw(st.integers(2, 4))
        rows = draw(
            st.lists(
                st.lists(st.sampled_from(WORDS + ["90%", "12"]), min_size=cols, max_size=cols),
                min_size=1,
                max_size=4,
            )
        )
        return Block(kind=kind, rows=rows)
    if kind == BlockKind.BULLET:
        return Block(kind=kind, marker=draw(st.sampled_from(["-", "+"])), text=draw(sentence()))
    return Block(kind=kind, text=draw(sentence()))


@st.composite
def plan_body(draw):
    romans = ["I", "II", "III", "IV"]
    sections = []
    for i in range(draw(st.integers(1, 4))):
        children = []
        for j in range(draw(st.integers(0, 3))):
            items = draw(st.lists(leaf(), max_size=3))
            # A table right after a table would read back as one table.
            items = [
                b
                for k, b in enumerate(items)
                if not (b.kind == "table" and k and items[k - 1].kind == "table")
            ]
            children.append(
                Block(
                    kind=BlockKind.HEADING,
                    label=str(j + 1),
                    level=2,
                    text=draw(st.one_of(title(), sentence())),
                    children=items,
                )
            )
        sections.append(
            Block(
                kind=BlockKind.HEADING,
                label=romans[i],
                level=1,
                text=draw(title()).upper(),
                children=children,
            )
        )
    return sections


@st.composite
def decision_body(draw):
    return [
        Block(kind=BlockKind.ARTICLE, label=str(i + 1), level=1, text=draw(sentence()))
        for i in range(draw(st.integers(1, 4)))
    ]


@st.composite
def annexes(draw):
    """The list of awardees printed after a decision's signature."""
    count = draw(st.integers(0, 2))
    out = []
    for _ in range(count):
        rows = [["STT", "Họ và tên", "Đơn vị"]]
        rows += [
            [f"{i:02d}", f"{draw(st.sampled_from(SURNAMES))} {draw(st.sampled_from(GIVEN))}", draw(title())]
            for i in range(1, draw(st.integers(1, 4)) + 1)
        ]
        out.append(
            Annex(
                title="DANH SÁCH " + draw(title()).upper(),
                subtitle=draw(st.sampled_from(["", "(Kèm theo Quyết định này)"])),
                blocks=[Block(kind=BlockKind.TABLE, rows=rows)],
            )
        )
    return out


@st.composite
def documents(draw):
    decision = draw(st.booleans())
    doc_type = "QUYẾT ĐỊNH" if decision else draw(st.sampled_from(sorted(TYPES)))
    place = draw(st.sampled_from(PLACES))
    issuer = f"ỦY BAN NHÂN DÂN XÃ {place.upper()}"
    return Document(
        doc_type=doc_type,
        issuer=issuer,
        parent_issuer=draw(st.sampled_from(["", "UBND HUYỆN GIỒNG TRÔM"])),
        number=f"{draw(st.integers(1, 999)):02d}",
        symbol="QĐ-UBND" if decision else TYPES[doc_type],
        place=place,
        date=draw(st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31))),
        abstract=("V/v " if doc_type == "CÔNG VĂN" else "Về việc ")
        + draw(sentence(min_words=3, end="")).lower(),
        authority_line=f"CHỦ TỊCH {issuer}" if decision else "",
        addressees=draw(st.lists(st.sampled_from(RECIPIENTS), max_size=3, unique=True))
        if doc_type in ("TỜ TRÌNH", "CÔNG VĂN")
        else [],
        bases=draw(
            st.lists(
                sentence(end="").map(lambda s: "Căn cứ " + s.lower()),
                min_size=1 if decision else 0,
                max_size=3,
            )
        ),
        body=draw(decision_body() if decision else plan_body()),
        signer=Signer(
            title_lines=draw(st.sampled_from(SIGNERS)),
            name=f"{draw(st.sampled_from(SURNAMES))} {draw(st.sampled_from(MIDDLES))} {draw(st.sampled_from(GIVEN))}",
        ),
        recipients=draw(st.lists(st.sampled_from(RECIPIENTS), min_size=1, max_size=4, unique=True))
        + ["Lưu: VT"],
        annexes=draw(annexes()) if decision else [],
    )


def _same(original: Document, data: bytes, filename: str) -> None:
    parsed = read_document(data, filename)
    assert parsed.document.to_dict() == original.to_dict()
    assert parsed.warnings == []


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_docx_round_trip_gives_back_the_same_model(document):
    _same(document, render_docx(document), "round.docx")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_text_round_trip_gives_back_the_same_model(document):
    _same(document, render_text(document).encode("utf-8"), "round.txt")
