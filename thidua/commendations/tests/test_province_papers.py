"""The papers the province issues on the communes' proposals speak as the province."""

import datetime as dt

import pytest

from thidua.commendations import services
from thidua.commendations.models import AwardType, Decision, Notice
from thidua.commendations.papers.certificates import decision_certificates
from thidua.commendations.tests.conftest import BALLOT_BOX, complete, make_person
from thidua.documents.render_text import render_text

pytestmark = pytest.mark.django_db
YEAR = 2025


@pytest.fixture
def province_decision(tree, personas, province_people, draft):
    """A signed decision of the province on Mỹ Thạnh's dossier: a person's Bằng khen, a collective's
    Bằng khen, a Chiến sĩ thi đua cấp tỉnh and a Cờ thi đua; the council's minutes and Tờ trình."""
    officer = personas["officer"]
    extra = [
        ("bk-tinh-tapthe", {"collective": tree.farmers}),
        ("cstd-tinh", {"person": make_person(tree.hamlet, "Đặng Văn Đức")}),
        ("co-tinh", {"collective": tree.farmers}),
    ]
    for code, who in extra:
        services.proposal_line_add(
            actor=officer,
            proposal=draft,
            award_type=AwardType.objects.get(code=code),
            achievement="Hoàn thành xuất sắc nhiệm vụ",
            **who,
        )
    complete(draft, officer)
    services.proposal_submit(actor=officer, proposal=draft, today=dt.date(2025, 11, 21))
    province = province_people
    services.proposal_receive(actor=province.officer, proposal=draft, today=dt.date(2025, 11, 25))
    services.proposal_appraise(actor=province.officer, proposal=draft)
    session = services.session_create(
        actor=province.officer,
        council=province.council,
        title="Phiên xét khen thưởng cấp tỉnh 2025",
        year=YEAR,
        held_on=dt.date(2025, 12, 15),
    )
    services.proposal_to_council(actor=province.officer, proposal=draft, session=session)
    services.session_open(actor=province.leader, session=session, passphrase=BALLOT_BOX)
    lines = list(draft.nominations.all())
    for member in province.members:
        services.ballot_cast(user=member.user, session=session, choices={n.pk: True for n in lines})
    services.session_close(actor=province.leader, session=session, passphrase=BALLOT_BOX)
    services.session_minutes_issue(actor=province.officer, session=session)
    # The session's page offers a public list; a province that publishes one issues its notice.
    notice = services.notice_publish(actor=province.officer, session=session, today=dt.date(2025, 12, 15))
    services.notice_document_issue(actor=province.officer, notice=notice)
    decision = services.proposal_decision_create(actor=province.officer, session=session)
    services.decision_submission_issue(actor=province.officer, decision=decision, date=dt.date(2025, 12, 16))
    services.decision_sign(
        actor=province.leader,
        decision=decision,
        signed_on=dt.date(2025, 12, 31),
        signer_name="Nguyễn Văn Đông",
    )
    decision = Decision.objects.select_related(
        "session__minutes_document", "submission_document", "document"
    ).get(pk=decision.pk)
    decision.notice = Notice.objects.select_related("document").get(pk=notice.pk)
    return decision


COMMUNE_WORDS = (
    "Tỉnh Thử Nghiệm",
    "UBND xã",
    "Ủy ban nhân dân xã",
    "Hội đồng Thi đua – Khen thưởng xã",
    "Giấy khen",
    "các ấp",
    "| Ấp Mỹ Hòa |",
)


def speaks_as_the_province(paper: str, *, lists: bool = True) -> None:
    """No commune wording in a paper the province issues; its lists name each line's commune."""
    if lists:
        assert "| Đỗ Thị Đào | Ấp Mỹ Hòa, xã Mỹ Thạnh |" in paper
        assert "| Hội Nông dân xã | xã Mỹ Thạnh |" in paper
    for words in COMMUNE_WORDS:
        assert words not in paper, words


def test_the_council_minutes_speak_as_the_province(province_decision):
    paper = render_text(province_decision.session.minutes_document.model)
    head = paper.split("BIÊN BẢN")[0]
    assert head.startswith("UBND TỈNH THỬ NGHIỆM\nHỘI ĐỒNG THI ĐUA – KHEN THƯỞNG\n")
    assert "\nThử Nghiệm, ngày 15 tháng 12 năm 2025" in head
    assert (
        "tại trụ sở Ủy ban nhân dân tỉnh Thử Nghiệm, Hội đồng Thi đua – Khen thưởng tỉnh Thử Nghiệm họp"
        in paper
    )
    assert "Hội đồng thống nhất đề nghị Chủ tịch Ủy ban nhân dân tỉnh Thử Nghiệm tặng " in paper
    assert "Bằng khen cho 01 tập thể, 01 cá nhân" in paper
    speaks_as_the_province(paper, lists=False)


def test_the_council_submission_speaks_as_the_province(province_decision):
    paper = render_text(province_decision.submission_document.model)
    head = paper.split("TỜ TRÌNH")[0]
    assert head.startswith("UBND TỈNH THỬ NGHIỆM\nHỘI ĐỒNG THI ĐUA – KHEN THƯỞNG\nSố: 02/TTr-HĐTĐKT")
    assert "\nThử Nghiệm, ngày 16 tháng 12 năm 2025" in head
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Thử Nghiệm." in paper
    assert (
        "Hội đồng Thi đua – Khen thưởng tỉnh Thử Nghiệm kính đề nghị Chủ tịch Ủy ban nhân dân tỉnh Thử "
        "Nghiệm xét, tặng Bằng khen cho 01 tập thể, 01 cá nhân, danh hiệu Cờ thi đua của UBND tỉnh cho "
        "01 tập thể và danh hiệu Chiến sĩ thi đua cấp tỉnh cho 01 cá nhân" in paper
    )
    # No public notice is claimed: the Sở Nội vụ appraised the communes' proposals.
    assert "Sở Nội vụ thẩm định" in paper and "công khai" not in paper
    assert (
        "(Kèm theo Tờ trình số 02/TTr-HĐTĐKT ngày 16/12/2025 của Hội đồng Thi đua – Khen thưởng tỉnh Thử Nghiệm)"
        in paper
    )
    speaks_as_the_province(paper)


def test_the_decision_and_its_annex_speak_as_the_province(province_decision):
    paper = render_text(province_decision.document.model)
    assert paper.startswith("ỦY BAN NHÂN DÂN\nTỈNH THỬ NGHIỆM\nSố: 02/QĐ-UBND")
    assert "\nThử Nghiệm, ngày 31 tháng 12 năm 2025" in paper
    assert "\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM\n" in paper
    assert (
        "Xét đề nghị của Giám đốc Sở Nội vụ (Cơ quan Thường trực Hội đồng Thi đua – Khen thưởng tỉnh) "
        "tại Tờ trình số 02/TTr-HĐTĐKT ngày 16 tháng 12 năm 2025." in paper
    )
    assert "Điều 1. Tặng Bằng khen cho 01 tập thể, 01 cá nhân" in paper
    assert "Quỹ thi đua, khen thưởng tỉnh thuộc ngân sách tỉnh năm 2025" in paper
    assert "(Kèm theo Quyết định số 02/QĐ-UBND ngày 31/12/2025 của Chủ tịch UBND tỉnh Thử Nghiệm)" in paper
    assert "| Bằng khen | 4.680.000 |" in paper and "| Cờ thi đua của UBND tỉnh | 18.720.000 |" in paper
    speaks_as_the_province(paper)


def test_the_public_notice_speaks_as_the_province(province_decision):
    paper = render_text(province_decision.notice.document.model)
    assert paper.startswith("ỦY BAN NHÂN DÂN\nTỈNH THỬ NGHIỆM\nSố: ")
    assert "TB-UBND" in paper and "\nThử Nghiệm, ngày 15 tháng 12 năm 2025" in paper
    assert "Ủy ban nhân dân tỉnh Thử Nghiệm thông báo công khai danh sách đề nghị tặng Bằng khen" in paper
    assert "Trụ sở Ủy ban nhân dân tỉnh; Cổng thông tin điện tử tỉnh" in paper
    assert "Sở Nội vụ (cơ quan thường trực Hội đồng Thi đua – Khen thưởng tỉnh)" in paper
    assert "Ủy ban nhân dân các xã, phường có liên quan" in paper
    assert "Nhà văn hóa" not in paper and "Đài truyền thanh xã" not in paper
    speaks_as_the_province(paper)


def test_each_certificate_is_the_provinces_paper(province_decision):
    certs = {
        (c.recipient, c.paper): c.model()
        for c in decision_certificates(province_decision, verify_url=lambda code: f"https://x/{code}")
    }
    assert set(certs) == {
        ("Đỗ Thị Đào", "BẰNG KHEN"),
        ("Hội Nông dân xã", "BẰNG KHEN"),
        ("Hội Nông dân xã", "CỜ THI ĐUA"),
        ("Đặng Văn Đức", "GIẤY CHỨNG NHẬN"),
    }
    for cert in certs.values():
        assert cert.grantor == "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM"
        assert cert.place == "Thử Nghiệm" and cert.signer.title_lines == ["CHỦ TỊCH"]
        assert cert.signer.name == "Nguyễn Văn Đông"
        assert cert.decision == "Quyết định số 02/QĐ-UBND ngày 31 tháng 12 năm 2025"
    assert certs["Đỗ Thị Đào", "BẰNG KHEN"].achievement == "Đã có thành tích xuất sắc năm 2025"
    assert certs["Đặng Văn Đức", "GIẤY CHỨNG NHẬN"].title == "Danh hiệu “Chiến sĩ thi đua cấp tỉnh” năm 2025"
    flag = certs["Hội Nông dân xã", "CỜ THI ĐUA"]
    assert flag.title == "" and flag.achievement == "Đơn vị dẫn đầu phong trào thi đua năm 2025"


def test_the_paper_of_each_award_is_named_by_its_kind(db):
    names = {a.code: a.paper_name for a in AwardType.objects.filter(code__in=PAPERS)}
    assert names == PAPERS


PAPERS = {
    "gk-canhan": "Giấy khen",
    "ldtt": "Giấy chứng nhận",
    "bk-tinh-canhan": "Bằng khen",
    "bk-tinh-ho": "Bằng khen",
    "cstd-tinh": "Giấy chứng nhận",
    "ttldxs": "Giấy chứng nhận",
    "co-tinh": "Cờ thi đua",
}
