"""Reading a decision's list of awardees into rows, from a Word table, "|" text and line lists."""

import datetime as dt
import io

import docx
import pytest

from thidua.documents.reader.annex import COLLECTIVE, INDIVIDUAL, read_annex, read_annex_file
from thidua.documents.reader.parsed import DocumentReadError

HEADER = """ỦY BAN NHÂN DÂN
XÃ MỸ THẠNH
Số: {number}
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Mỹ Thạnh, ngày {day} tháng 12 năm {year}

QUYẾT ĐỊNH
{abstract}

CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ MỸ THẠNH

Căn cứ Luật Thi đua, khen thưởng năm 2022;

QUYẾT ĐỊNH:

Điều 1. {article}
Điều 2. Văn phòng HĐND và UBND xã và các cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành.

Nơi nhận:
- Như Điều 2;
- Lưu: VT.
CHỦ TỊCH

Nguyễn Văn Bình
"""


def decision_text(annex: str, *, number="15/QĐ-UBND", day=20, year=2023, abstract="", article="") -> str:
    abstract = abstract or f"Về việc công nhận danh hiệu Lao động tiên tiến năm {year}"
    article = article or "Công nhận danh hiệu Lao động tiên tiến cho 03 cá nhân (có danh sách kèm theo)."
    return HEADER.format(number=number, day=day, year=year, abstract=abstract, article=article) + "\n" + annex


def rows_of(reading):
    return [(r.name, r.position, r.unit, r.award, r.kind) for r in reading.rows]


def test_word_table_rows_are_read_with_their_columns_and_the_decision():
    document = docx.Document()
    for line in HEADER.format(
        number="15/QĐ-UBND",
        day=20,
        year=2023,
        abstract="Về việc công nhận danh hiệu Lao động tiên tiến năm 2023",
        article="Công nhận danh hiệu Lao động tiên tiến cho 02 cá nhân (có danh sách kèm theo).",
    ).splitlines():
        document.add_paragraph(line)
    document.add_paragraph("DANH SÁCH CÁ NHÂN ĐẠT DANH HIỆU LAO ĐỘNG TIÊN TIẾN NĂM 2023")
    document.add_paragraph(
        "(Kèm theo Quyết định số 15/QĐ-UBND ngày 20/12/2023 của Chủ tịch UBND xã Mỹ Thạnh)"
    )
    table = document.add_table(rows=3, cols=5)
    for row, values in zip(
        table.rows,
        [
            ("STT", "Họ và tên", "Chức vụ", "Nơi công tác", "Ghi chú"),
            ("1", "Nguyễn Văn An", "Trưởng ấp", "Ấp Mỹ Hòa", ""),
            ("2", "Trần Thị Bé", "Công chức Văn phòng - Thống kê", "UBND xã", "Nữ"),
        ],
        strict=True,
    ):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)

    reading = read_annex_file(buffer.getvalue(), "qd.docx")

    assert reading.number_symbol == "15/QĐ-UBND"
    assert reading.decided_on == dt.date(2023, 12, 20)
    assert reading.year == 2023
    assert reading.issuer == "ỦY BAN NHÂN DÂN XÃ MỸ THẠNH"
    assert [(r.name, r.position, r.unit, r.kind) for r in reading.rows] == [
        ("Nguyễn Văn An", "Trưởng ấp", "Ấp Mỹ Hòa", INDIVIDUAL),
        ("Trần Thị Bé", "Công chức Văn phòng - Thống kê", "UBND xã", INDIVIDUAL),
    ]
    assert all("lao dong tien tien" in _fold(r.award) for r in reading.rows)


def _fold(text):
    from thidua.lib.text import fold

    return fold(text)


def test_pipe_table_with_sections_across_it_carries_kind_and_award_to_its_rows():
    annex = """DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG
(Kèm theo Quyết định số 20/QĐ-UBND ngày 22/12/2024 của Chủ tịch UBND xã Mỹ Thạnh)

| TT | Tên tập thể, cá nhân | Chức vụ, đơn vị | Hình thức khen thưởng |
| I. TẬP THỂ |  |  |  |
| 1 | Ấp Mỹ Hòa |  | Giấy khen |
| II. CÁ NHÂN |  |  |  |
| 1 | Ông Nguyễn Văn An | Trưởng ấp, Ấp Mỹ Hòa | Chiến sĩ thi đua cơ sở |
| 2 | Bà Trần Thị Bé | Công chức Văn phòng - Thống kê, UBND xã | Lao động tiên tiến |
| Tổng cộng |  |  | 03 |
"""
    reading = read_annex(decision_text(annex, number="20/QĐ-UBND", day=22, year=2024))

    assert rows_of(reading) == [
        ("Ấp Mỹ Hòa", "", "", "Giấy khen", COLLECTIVE),
        ("Nguyễn Văn An", "Trưởng ấp", "Ấp Mỹ Hòa", "Chiến sĩ thi đua cơ sở", INDIVIDUAL),
        ("Trần Thị Bé", "Công chức Văn phòng - Thống kê", "UBND xã", "Lao động tiên tiến", INDIVIDUAL),
    ]
    assert reading.year == 2024


def test_numbered_lines_under_headings_are_rows_of_the_heading_kind():
    annex = """DANH SÁCH
TẬP THỂ, CÁ NHÂN ĐƯỢC TẶNG GIẤY KHEN
(Kèm theo Quyết định số 07/QĐ-UBND ngày 05/01/2021 của Chủ tịch UBND xã Mỹ Thạnh)

I. TẬP THỂ (02 tập thể)
1. Ấp Mỹ Hòa
2. Chi hội Phụ nữ ấp Mỹ An
II. CÁ NHÂN (02 cá nhân)
1. Ông Nguyễn Văn An, Trưởng ấp Mỹ Hòa
2. Bà Trần Thị Bé, Công chức Văn phòng - Thống kê, UBND xã
"""
    text = decision_text(
        annex,
        number="07/QĐ-UBND",
        day=5,
        year=2021,
        abstract="Về việc tặng Giấy khen cho tập thể, cá nhân có thành tích xuất sắc năm 2020",
        article="Tặng Giấy khen của Chủ tịch UBND xã cho 02 tập thể và 02 cá nhân.",
    )
    reading = read_annex(text)

    assert [(r.name, r.kind) for r in reading.rows] == [
        ("Ấp Mỹ Hòa", COLLECTIVE),
        ("Chi hội Phụ nữ ấp Mỹ An", COLLECTIVE),
        ("Nguyễn Văn An", INDIVIDUAL),
        ("Trần Thị Bé", INDIVIDUAL),
    ]
    assert reading.rows[2].unit == "Ấp Mỹ Hòa"
    assert reading.rows[3].unit == "UBND xã"
    assert all(_fold(r.award) == "giay khen" for r in reading.rows)
    # the list's own subtitle names the decision, the title of the awards carries no year
    assert reading.number_symbol == "07/QĐ-UBND"


def test_list_alone_with_run_together_columns_reads_names_roles_and_awards():
    # A PDF's text layer or a scan: one line a row, columns joined by single spaces.
    text = """DANH SÁCH CÁ NHÂN ĐẠT DANH HIỆU THI ĐUA
(Kèm theo Quyết định số 112/QĐ-UBND ngày 28 tháng 12 năm 2022 của Chủ tịch UBND xã Mỹ Thạnh)
STT Họ và tên Chức vụ Đơn vị Danh hiệu
1 Nguyễn Văn An Trưởng ấp Ấp Mỹ Hòa Lao động tiên tiến
2 Trần Thị Bé Công chức Văn phòng UBND xã Chiến sĩ thi đua cơ sở
3 Lê Văn Cường Phó Bí thư Chi bộ Ấp Mỹ An Lao động tiên tiến
Tổng cộng: 03 cá nhân
"""
    reading = read_annex_file(text.encode(), "danh-sach.txt")

    assert reading.number_symbol == "112/QĐ-UBND"
    assert reading.decided_on == dt.date(2022, 12, 28)
    assert reading.year == 2022
    assert rows_of(reading) == [
        ("Nguyễn Văn An", "Trưởng ấp", "Ấp Mỹ Hòa", "Lao động tiên tiến", INDIVIDUAL),
        ("Trần Thị Bé", "Công chức Văn phòng", "UBND xã", "Chiến sĩ thi đua cơ sở", INDIVIDUAL),
        ("Lê Văn Cường", "Phó Bí thư Chi bộ", "Ấp Mỹ An", "Lao động tiên tiến", INDIVIDUAL),
    ]


def test_columns_kept_apart_by_spaces_are_read_by_the_header():
    text = """DANH SÁCH HỘ GIA ĐÌNH, CÁ NHÂN ĐƯỢC KHEN THƯỞNG NĂM 2019
(Kèm theo Quyết định số 30/QĐ-UBND ngày 02/12/2019 của Chủ tịch UBND xã Mỹ Thạnh)
STT    Họ và tên         Đơn vị          Danh hiệu
1      Phạm Thị Diễm     Ấp Mỹ Hòa       Lao động tiên tiến
2      Võ Văn Em         Ấp Mỹ An        Chiến sĩ thi đua cơ sở
"""
    reading = read_annex_file(text.encode(), "ds.txt")

    assert [(r.name, r.unit, r.award) for r in reading.rows] == [
        ("Phạm Thị Diễm", "Ấp Mỹ Hòa", "Lao động tiên tiến"),
        ("Võ Văn Em", "Ấp Mỹ An", "Chiến sĩ thi đua cơ sở"),
    ]
    assert reading.year == 2019


def test_award_named_by_a_heading_line_goes_to_the_rows_under_it():
    text = """DANH SÁCH CÁ NHÂN ĐƯỢC CÔNG NHẬN DANH HIỆU THI ĐUA NĂM 2023
(Kèm theo Quyết định số 15/QĐ-UBND ngày 20/12/2023 của Chủ tịch UBND xã Mỹ Thạnh)

Danh hiệu Chiến sĩ thi đua cơ sở: 01 cá nhân
1. Ông Nguyễn Văn An, Trưởng ấp Mỹ Hòa
Danh hiệu Lao động tiên tiến: 02 cá nhân
1. Bà Trần Thị Bé, Công chức Văn phòng - Thống kê, UBND xã
2. Ông Lê Văn Cường, Phó Bí thư Chi bộ, Ấp Mỹ An
"""
    reading = read_annex_file(text.encode(), "ds.txt")

    assert [(r.name, r.award) for r in reading.rows] == [
        ("Nguyễn Văn An", "Chiến sĩ thi đua cơ sở"),
        ("Trần Thị Bé", "Lao động tiên tiến"),
        ("Lê Văn Cường", "Lao động tiên tiến"),
    ]
    assert reading.rows[2].unit == "Ấp Mỹ An"


def test_a_document_without_a_list_says_so():
    reading = read_annex(decision_text("", article="Giao Văn phòng UBND xã tổ chức thực hiện."))
    assert reading.rows == []
    assert reading.warnings


def test_bad_bytes_are_refused_with_a_message_in_vietnamese():
    with pytest.raises(DocumentReadError) as exc:
        read_annex_file(b"\x00\x01\x02garbage" * 50, "qd.docx")
    assert "Tệp" in str(exc.value)


def _paper():
    from thidua.commendations.papers.decision import award_decision
    from thidua.documents.model import Signer

    paper = award_decision(
        issuer="ỦY BAN NHÂN DÂN XÃ MỸ THẠNH",
        place="Mỹ Thạnh",
        date=dt.date(2025, 12, 1),
        abstract="Về việc khen thưởng năm 2025",
        authority_line="CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ MỸ THẠNH",
        year=2025,
        base_salary=2_340_000,
        awardees=[
            {"name": "Ấp Mỹ Hòa", "kind": "tập thể", "award": "Giấy khen", "amount": 1_950_000},
            {
                "name": "Nguyễn Văn A",
                "kind": "cá nhân",
                "position": "Trưởng ấp Mỹ Hòa",
                "award": "danh hiệu Lao động tiên tiến",
                "amount": 702_000,
            },
            {
                "name": "Trần Thị Bé",
                "kind": "cá nhân",
                "position": "Công chức Văn phòng - Thống kê",
                "award": "danh hiệu Chiến sĩ thi đua cơ sở",
                "amount": 1_000_000,
            },
        ],
        signer=Signer(title_lines=["CHỦ TỊCH"], name="Phạm Thanh Diễn"),
    )
    paper.number, paper.symbol = "02", "QĐ-UBND"
    return paper


@pytest.mark.parametrize("kind", ["txt", "docx", "pdf"])
def test_a_decision_printed_by_thidua_reads_back_from_text_word_and_pdf(kind):
    # The annex is a table with group headings and money; the PDF's text wraps cells over lines.
    from thidua.documents.render_docx import render_docx
    from thidua.documents.render_pdf import render_pdf
    from thidua.documents.render_text import render_text

    paper = _paper()
    data = {
        "txt": lambda: render_text(paper).encode(),
        "docx": lambda: render_docx(paper),
        "pdf": lambda: render_pdf(paper),
    }[kind]()
    reading = read_annex_file(data, f"qd.{kind}")

    assert (reading.number_symbol, reading.decided_on, reading.year) == (
        "02/QĐ-UBND",
        dt.date(2025, 12, 1),
        2025,
    )
    assert [(r.name, r.kind, r.award) for r in reading.rows] == [
        ("Ấp Mỹ Hòa", COLLECTIVE, "Giấy khen"),
        ("Nguyễn Văn A", INDIVIDUAL, "Lao động tiên tiến"),
        ("Trần Thị Bé", INDIVIDUAL, "Chiến sĩ thi đua cơ sở"),
    ]
    assert reading.rows[1].unit == "Ấp Mỹ Hòa"
    assert reading.rows[2].position == "Công chức Văn phòng - Thống kê"


def test_a_scans_rows_with_column_rules_read_as_bars_are_rows():
    # OCR reads a table's vertical rules as "|", without the outer ones.
    text = """DANH SÁCH CÁ NHÂN ĐẠT DANH HIỆU LAO ĐỘNG TIÊN TIẾN NĂM 2021
(Kèm theo Quyết định số 40/QĐ-UBND ngày 10/12/2021 của Chủ tịch UBND xã Mỹ Thạnh)
STT | Họ và tên | Chức vụ | Đơn vị
1 | Nguyễn Văn An | Trưởng ấp | Ấp Mỹ Hòa
2 | Trần Thị Bé | Công chức Tư pháp - Hộ tịch | UBND xã
"""
    reading = read_annex_file(text.encode(), "scan.txt")
    assert [(r.name, r.position, r.unit) for r in reading.rows] == [
        ("Nguyễn Văn An", "Trưởng ấp", "Ấp Mỹ Hòa"),
        ("Trần Thị Bé", "Công chức Tư pháp - Hộ tịch", "UBND xã"),
    ]
    assert reading.year == 2021 and reading.number_symbol == "40/QĐ-UBND"


def test_awardees_listed_in_article_one_without_an_annex_are_read():
    article = (
        "Tặng Giấy khen đột xuất của Chủ tịch Ủy ban nhân dân xã cho 02 cá nhân đã có thành tích dũng cảm "
        "cứu người bị nạn, gồm:\n1. Ông Nguyễn Văn An - Dân quân ấp Mỹ Hòa;\n"
        "2. Anh Võ Văn Em, Đoàn viên Chi đoàn ấp Thạnh Lợi."
    )
    text = decision_text(
        "", number="09/QĐ-UBND", day=3, year=2019, abstract="Về việc khen thưởng đột xuất", article=article
    )
    reading = read_annex(text)
    assert [(r.name, r.position, r.unit) for r in reading.rows] == [
        ("Nguyễn Văn An", "Dân quân ấp Mỹ Hòa", "Ấp Mỹ Hòa"),
        ("Võ Văn Em", "Đoàn viên Chi đoàn ấp Thạnh Lợi", "Ấp Thạnh Lợi"),
    ]
    assert {r.award for r in reading.rows} == {"Giấy khen đột xuất của Chủ tịch Ủy ban nhân dân xã"}
    assert reading.year == 2019


def test_a_table_without_a_position_column_splits_the_name_cell():
    annex = """DANH SÁCH CÁ NHÂN ĐƯỢC TẶNG GIẤY KHEN NĂM 2023
(Kèm theo Quyết định số 15/QĐ-UBND ngày 20/12/2023 của Chủ tịch UBND xã Mỹ Thạnh)

| STT | Họ và tên, chức vụ | Ghi chú |
| 1 | Ông Nguyễn Văn An - Trưởng ấp Mỹ Hòa |  |
| 2 | Bà Trần Thị Bé, Công chức Tư pháp - Hộ tịch |  |
"""
    reading = read_annex(decision_text(annex))
    assert [(r.name, r.position) for r in reading.rows] == [
        ("Nguyễn Văn An", "Trưởng ấp Mỹ Hòa"),
        ("Trần Thị Bé", "Công chức Tư pháp - Hộ tịch"),
    ]


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Danh hiệu Gia đình văn hoá năm 2020:", "Gia đình văn hoá"),
        ("Công nhận danh hiệu “Ấp văn hóa” cho 02 ấp", "Ấp văn hóa"),
        ("Tặng Giấy khen của Chủ tịch UBND xã cho 02 tập thể", "Giấy khen của Chủ tịch UBND xã"),
        ("II. DANH HIỆU CHIẾN SĨ THI ĐUA CƠ SỞ (01 cá nhân)", "CHIẾN SĨ THI ĐUA CƠ SỞ"),
        ("Ông Nguyễn Văn An, Trưởng ấp Mỹ Hòa", ""),
    ],
)
def test_the_award_a_heading_names_is_taken_as_printed(text, phrase):
    from thidua.documents.reader.annex import award_phrase

    assert award_phrase(text) == phrase


def test_a_list_read_by_ocr_into_markdown_has_its_title_and_end_found():
    """An OCR tool's Markdown ("**Nơi nhận:**", "### DANH SÁCH") hides neither the end of Điều 1's
    list nor the title of the annex: the recipients are never taken for awardees."""
    text = (
        decision_text(
            "### DANH SÁCH CÁ NHÂN ĐẠT DANH HIỆU LAO ĐỘNG TIÊN TIẾN NĂM 2023\n"
            "*(Kèm theo Quyết định số 15/QĐ-UBND ngày 20/12/2023 của Chủ tịch UBND xã Mỹ Thạnh)*\n\n"
            "1. Ông Nguyễn Văn An, Trưởng ấp Mỹ Hòa;\n"
            "2. Bà Trần Thị Bé, Chi hội trưởng Hội Phụ nữ ấp Mỹ Lợi.\n"
        )
        .replace("Nơi nhận:", "**Nơi nhận:**")
        .replace("QUYẾT ĐỊNH\n", "**QUYẾT ĐỊNH**\n")
    )
    reading = read_annex(text)
    assert [r.name for r in reading.rows] == ["Nguyễn Văn An", "Trần Thị Bé"]
    assert reading.number_symbol == "15/QĐ-UBND"
