"""The decision, its annex, the public notice and the Tờ trình worded as an official words them,
for the demo's kind of list: two collectives, a household and three individuals."""

import datetime as dt
import io

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH

from thidua.commendations.law import in_force
from thidua.commendations.papers import award_decision, public_notice, submission_document
from thidua.commendations.papers.common import grants_text
from thidua.commendations.tests.test_papers import both
from thidua.documents.model import Signer
from thidua.documents.render_docx import render_docx
from thidua.documents.render_pdf import document_source

ISSUER = "ỦY BAN NHÂN DÂN XÃ MỸ THẠNH"
CHAIR = Signer(title_lines=["CHỦ TỊCH"], name="Phạm Thanh Diễn")
REASON = "trong phong trào thi đua “Đồng khởi mới” năm 2020"
SIGNED = dt.date(2020, 12, 13)
# In the order a list may come in: kinds mixed; the papers group them.
AWARDEES = [
    {
        "name": "Lâm Bích Hà",
        "kind": "cá nhân",
        "position": "Viên chức, xã Mỹ Thạnh",
        "award": "danh hiệu Lao động tiên tiến",
        "amount": 450_000,
        "achievement": "Hoàn thành tốt nhiệm vụ.",
    },
    {"name": "Hội Nông dân xã Mỹ Thạnh", "kind": "tập thể", "award": "Giấy khen", "amount": 900_000},
    {
        "name": "Hộ ông Trần Văn Sơn",
        "kind": "hộ gia đình",
        "position": "Ấp Mỹ Hòa",
        "award": "Giấy khen",
        "amount": 700_000,
        "achievement": "Hiến 300 m² đất làm đường.",
    },
    {
        "name": "Lê Văn Hải",
        "kind": "cá nhân",
        "position": "Ấp Mỹ Hòa",
        "award": "danh hiệu Lao động tiên tiến",
        "amount": 450_000,
    },
    {"name": "Hội Liên hiệp Phụ nữ xã Mỹ Thạnh", "kind": "tập thể", "award": "Giấy khen", "amount": 900_000},
    {
        "name": "Nguyễn Kim Hà",
        "kind": "cá nhân",
        "position": "Ấp Mỹ Hòa",
        "award": "danh hiệu Lao động tiên tiến",
        "amount": 450_000,
    },
]
GRANTS = "Giấy khen cho 02 tập thể, 01 hộ gia đình và danh hiệu Lao động tiên tiến cho 03 cá nhân"


def _decision(date=SIGNED, awardees=AWARDEES):
    return award_decision(
        issuer=ISSUER,
        place="Mỹ Thạnh",
        date=date,
        abstract="Về việc khen thưởng thành tích trong phong trào thi đua “Đồng khởi mới” năm 2020",
        authority_line=f"CHỦ TỊCH {ISSUER}",
        year=2020,
        reason=REASON,
        base_salary=1_490_000,
        awardees=awardees,
        signer=CHAIR,
    )


@pytest.fixture(scope="module")
def decision():
    return _decision()


def test_article_1_names_each_award_and_how_many_of_each_kind_receive_it(decision):
    assert decision.body[0].text == (
        f"Tặng {GRANTS} đã có thành tích xuất sắc trong phong trào thi đua “Đồng khởi mới” năm 2020 "
        "(có danh sách kèm theo)."
    )


def test_the_seed_list_reads_two_collectives_and_three_individuals():
    seed = [a for a in AWARDEES if a["kind"] != "hộ gia đình"]
    assert grants_text(seed) == "Giấy khen cho 02 tập thể và danh hiệu Lao động tiên tiến cho 03 cá nhân"
    one_award = [{"kind": "tập thể", "award": "Giấy khen"}, {"kind": "hộ gia đình", "award": "Giấy khen"}]
    assert grants_text(one_award) == "Giấy khen cho 01 tập thể và 01 hộ gia đình"


def test_article_2_states_the_total_in_figures_and_words_and_its_fund(decision):
    decree = in_force(SIGNED).decree_short
    assert decision.body[1].text == (
        f"Tiền thưởng theo {decree}, mức lương cơ sở 1.490.000 đồng, tổng cộng 3.850.000 đồng "
        "(Bằng chữ: Ba triệu tám trăm năm mươi nghìn đồng); mức thưởng của từng tập thể, hộ gia đình, "
        "cá nhân theo danh sách kèm theo. Kinh phí khen thưởng trích từ Quỹ thi đua, khen thưởng xã "
        "thuộc ngân sách xã năm 2020."
    )


def test_article_3_names_who_carries_it_out_as_the_commune_was_organised_on_its_date(decision):
    assert decision.body[2].text == (
        "Công chức Văn phòng – Thống kê, công chức Tài chính – Kế toán xã, Thủ trưởng các ngành, "
        "đoàn thể xã có liên quan và các tập thể, hộ gia đình, cá nhân có tên tại Điều 1 chịu trách "
        "nhiệm thi hành Quyết định này. Quyết định này có hiệu lực kể từ ngày ký./."
    )
    # Since the two-level government of 1 July 2025 the commune has its own offices.
    later = _decision(date=dt.date(2025, 12, 13)).body[2].text
    assert later.startswith(
        "Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã, Trưởng phòng Kinh tế xã, "
        "Thủ trưởng các cơ quan, đơn vị có liên quan và các tập thể, hộ gia đình, cá nhân có tên tại Điều 1"
    )


def test_a_decision_without_money_says_so_instead_of_a_zero_total():
    unpaid = [dict(a, amount=0) for a in AWARDEES]
    assert _decision(awardees=unpaid).body[1].text == (
        "Danh hiệu, hình thức khen thưởng tại Điều 1 không kèm tiền thưởng."
    )


def test_the_annex_groups_kinds_with_counts_and_subtotals_then_the_total_in_words(decision):
    annex = decision.annexes[0]
    assert annex.title == "DANH SÁCH TẬP THỂ, HỘ GIA ĐÌNH, CÁ NHÂN ĐƯỢC KHEN THƯỞNG"
    table, words = annex.blocks
    assert table.rows == [
        [
            "STT",
            "Họ và tên / Tập thể",
            "Chức vụ, đơn vị",
            "Danh hiệu, hình thức khen thưởng",
            "Số tiền (đồng)",
        ],
        ["I", "TẬP THỂ (02 tập thể)", "", "", "1.800.000"],
        ["01", "Hội Nông dân xã Mỹ Thạnh", "", "Giấy khen", "900.000"],
        ["02", "Hội Liên hiệp Phụ nữ xã Mỹ Thạnh", "", "Giấy khen", "900.000"],
        ["II", "HỘ GIA ĐÌNH (01 hộ gia đình)", "", "", "700.000"],
        ["01", "Hộ ông Trần Văn Sơn", "Ấp Mỹ Hòa", "Giấy khen", "700.000"],
        ["III", "CÁ NHÂN (03 cá nhân)", "", "", "1.350.000"],
        ["01", "Lâm Bích Hà", "Viên chức, xã Mỹ Thạnh", "Lao động tiên tiến", "450.000"],
        ["02", "Lê Văn Hải", "Ấp Mỹ Hòa", "Lao động tiên tiến", "450.000"],
        ["03", "Nguyễn Kim Hà", "Ấp Mỹ Hòa", "Lao động tiên tiến", "450.000"],
        ["", "TỔNG CỘNG", "", "", "3.850.000"],
    ]
    assert table.bold_rows == [1, 4, 6, 10]
    assert table.column_align(4) == "r" and table.column_align(1) == "l"
    assert words.text == "Bằng chữ: Ba triệu tám trăm năm mươi nghìn đồng."


def test_the_annex_subtitle_names_the_decision_by_its_own_number_and_date(decision):
    assert decision.annexes[0].subtitle == (
        "(Kèm theo Quyết định số … ngày 13/12/2020 của Chủ tịch UBND xã Mỹ Thạnh)"
    )
    decision.number, decision.symbol = "02", "QĐ-UBND"
    decision.attach_annexes()
    assert decision.annexes[0].subtitle == (
        "(Kèm theo Quyết định số 02/QĐ-UBND ngày 13/12/2020 của Chủ tịch UBND xã Mỹ Thạnh)"
    )


def test_money_is_right_aligned_and_no_table_cell_is_justified_in_docx_and_pdf(decision):
    word = docx.Document(io.BytesIO(render_docx(decision)))
    annex = word.tables[-1]
    total = annex.rows[-1].cells
    assert total[4].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert total[1].paragraphs[0].runs[0].bold and not annex.rows[2].cells[1].paragraphs[0].runs[0].bold
    aligns = {p.alignment for row in annex.rows for cell in row.cells for p in cell.paragraphs}
    assert WD_ALIGN_PARAGRAPH.JUSTIFY not in aligns
    source = document_source(decision)
    assert (
        'table.cell(align: right, [#set par(justify: false); #text(size: 13pt, weight: "bold", "3.850.000")])'
        in source
    )
    for text in both(decision):
        assert "Bằng chữ: Ba triệu tám trăm năm mươi nghìn đồng." in text
        assert "(Kèm theo Quyết định số 02/QĐ-UBND ngày 13/12/2020 của Chủ tịch UBND xã Mỹ Thạnh)" in text


def test_the_public_notice_names_awards_and_kinds_and_its_dates_in_words():
    notice = public_notice(
        issuer=ISSUER,
        place="Mỹ Thạnh",
        date=dt.date(2020, 12, 6),
        award="Giấy khen",
        candidates=AWARDEES,
        start=dt.date(2020, 12, 6),
        end=dt.date(2020, 12, 11),
        posted_at=["Trụ sở Ủy ban nhân dân xã"],
        contact="Văn phòng – Thống kê xã",
        signer=CHAIR,
        recipients=[],
        council="Hội đồng Thi đua – Khen thưởng xã Mỹ Thạnh",
    )
    assert notice.abstract == "Công khai danh sách đề nghị tặng Giấy khen và danh hiệu Lao động tiên tiến"
    body = [b.text for b in notice.body]
    assert (
        body[0] == f"Ủy ban nhân dân xã Mỹ Thạnh thông báo công khai danh sách đề nghị tặng {GRANTS} như sau:"
    )
    assert "từ ngày 06 tháng 12 năm 2020 đến hết ngày 11 tháng 12 năm 2020." in body[2]
    assert body[4].endswith("báo cáo Hội đồng Thi đua – Khen thưởng xã Mỹ Thạnh xem xét./.")
    rows = notice.body[1].rows
    assert rows[0] == ["STT", "Họ và tên / Tập thể", "Chức vụ, đơn vị", "Đề nghị tặng", "Tóm tắt thành tích"]
    assert rows[4] == ["II", "HỘ GIA ĐÌNH (01 hộ gia đình)", "", "", ""]
    assert rows[5] == ["01", "Hộ ông Trần Văn Sơn", "Ấp Mỹ Hòa", "Giấy khen", "Hiến 300 m² đất làm đường."]
    assert rows[7][1:4] == ["Lâm Bích Hà", "Viên chức, xã Mỹ Thạnh", "Lao động tiên tiến"]


def test_the_submission_is_sent_by_the_council_in_full_and_its_annex_names_it():
    paper = submission_document(
        issuer="HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG",
        sender="Hội đồng Thi đua – Khen thưởng xã Mỹ Thạnh",
        parent_issuer=ISSUER,
        place="Mỹ Thạnh",
        date=dt.date(2020, 12, 12),
        addressee="Chủ tịch Ủy ban nhân dân xã Mỹ Thạnh",
        award="Giấy khen",
        reason=REASON,
        bases=[],
        nominees=AWARDEES,
        signer=Signer(title_lines=["TM. HỘI ĐỒNG", "CHỦ TỊCH"], name="Phạm Thanh Diễn"),
        recipients=[],
    )
    assert paper.abstract == "Về việc đề nghị tặng Giấy khen và danh hiệu Lao động tiên tiến"
    assert paper.body[0].text == (
        "Hội đồng Thi đua – Khen thưởng xã Mỹ Thạnh kính đề nghị Chủ tịch Ủy ban nhân dân xã Mỹ Thạnh xét, "
        f"tặng {GRANTS} đã có thành tích xuất sắc trong phong trào thi đua “Đồng khởi mới” năm 2020 "
        "(có danh sách kèm theo)."
    )
    annex = paper.annexes[0]
    assert annex.title == "DANH SÁCH ĐỀ NGHỊ TẶNG GIẤY KHEN VÀ DANH HIỆU LAO ĐỘNG TIÊN TIẾN"
    assert annex.subtitle == (
        "(Kèm theo Tờ trình số … ngày 12/12/2020 của Hội đồng Thi đua – Khen thưởng xã Mỹ Thạnh)"
    )
    assert [row[1] for row in annex.blocks[0].rows if row[0] in ("I", "II", "III")] == [
        "TẬP THỂ (02 tập thể)",
        "HỘ GIA ĐÌNH (01 hộ gia đình)",
        "CÁ NHÂN (03 cá nhân)",
    ]


def test_the_screen_shows_the_annex_table_aligned_as_printed(decision):
    from django.template.loader import render_to_string

    html = render_to_string("documents/_blocks.html", {"blocks": decision.annexes[0].blocks})
    assert '<td class="cell-r doc-bold">3.850.000</td>' in html
    assert '<td class="cell-l">Lâm Bích Hà</td>' in html


def _session(kind: str | None, start: int = 2015, end: int = 2020):
    """A session reviewing a period of "Đồng khởi mới" (2015–2020) of `kind`, or no period."""
    from types import SimpleNamespace

    if kind is None:
        return SimpleNamespace(review_period_id=None, review_period=None)
    movement = SimpleNamespace(
        name="Đồng khởi mới", period_start=dt.date(start, 3, 13), period_end=dt.date(end, 12, 31)
    )
    period = SimpleNamespace(kind=kind, movement=movement)
    return SimpleNamespace(review_period_id=1, review_period=period)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (
            "year",
            "Về việc khen thưởng tập thể, cá nhân có thành tích xuất sắc trong phong trào thi đua “Đồng khởi mới” năm 2020",
        ),
        (
            "final",
            "Về việc khen thưởng tập thể, cá nhân có thành tích xuất sắc trong phong trào thi đua “Đồng khởi mới” giai đoạn 2015–2020",
        ),
        (None, "Về việc khen thưởng tập thể, cá nhân có thành tích xuất sắc năm 2020"),
    ],
)
def test_the_decision_abstract_names_the_movement_and_its_year_or_its_whole_span(kind, expected):
    from thidua.commendations.papers import decision_abstract

    assert decision_abstract(_session(kind), 2020) == expected


def test_a_final_review_of_a_one_year_movement_says_its_year():
    from thidua.commendations.papers.common import achievement_scope

    assert achievement_scope(_session("final", 2025, 2025), 2025) == (
        "trong phong trào thi đua “Đồng khởi mới” năm 2025"
    )
