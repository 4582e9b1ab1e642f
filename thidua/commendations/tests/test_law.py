"""The law of a paper's date: a paper cites, and an award pays by, what was in force on its date —
the 2003 law (amended 2005, 2013) with Decree 91/2017 until 31 Dec 2023, Law 06/2022 with Decree
98/2023 from 1 Jan 2024, Decree 152/2025 from 1 Jul 2025 — and nothing is drafted for a date thidua
has no law for."""

import datetime as dt
import json
from decimal import Decimal
from types import SimpleNamespace

import pytest

from thidua.commendations import law, rules, services
from thidua.commendations.models import Award, AwardType, Decision
from thidua.commendations.papers import award_decision, decision_paper, submission_paper
from thidua.commendations.tests.conftest import make_person
from thidua.documents.model import Signer
from thidua.documents.render_text import render_text
from thidua.lib.errors import ServiceError

LAW_2003 = "Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003"
AMENDED = ("ngày 14 tháng 6 năm 2005", "ngày 16 tháng 11 năm 2013")
LAW_2022 = "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"
DECREE_91 = "Nghị định số 91/2017/NĐ-CP"
DECREE_98 = "Nghị định số 98/2023/NĐ-CP"
DECREE_152 = "Nghị định số 152/2025/NĐ-CP"
LOCAL_2015 = "Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015"
LOCAL_2025 = "Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025"


def _decision_on(day: dt.date):
    return award_decision(
        issuer="ỦY BAN NHÂN DÂN XÃ MỸ THẠNH",
        place="Mỹ Thạnh",
        date=day,
        abstract=f"Về việc khen thưởng thành tích năm {day.year}",
        authority_line="CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ MỸ THẠNH",
        year=day.year,
        base_salary=1_490_000,
        awardees=[{"name": "Hội Nông dân xã", "award": "Giấy khen", "amount": 900_000}],
        signer=Signer(title_lines=["CHỦ TỊCH"], name="Phạm Thanh Diễn"),
    )


def _text(document) -> str:
    return " ".join(render_text(document).split())


def _money_article(document) -> str:
    """Điều 2: the money, and the decree it is reckoned by."""
    return next(block.text for block in document.body if block.label == "2")


def test_a_2020_decision_cites_the_2003_law_as_amended_and_decree_91_and_pays_by_it():
    document = _decision_on(dt.date(2020, 12, 22))
    text = _text(document)
    assert f"Căn cứ {LAW_2003}; Luật sửa đổi" in text and all(a in text for a in AMENDED)
    assert f"Căn cứ {DECREE_91} ngày 31 tháng 7 năm 2017 của Chính phủ" in text
    assert f"Căn cứ {LOCAL_2015}; Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ" in text
    assert DECREE_91 in _money_article(document)
    assert "2022" not in text and "152/2025" not in text and "98/2023" not in text


def test_a_2024_decision_cites_law_06_2022_and_decree_98():
    document = _decision_on(dt.date(2024, 12, 20))
    text = _text(document)
    assert f"Căn cứ {LAW_2022};" in text and f"Căn cứ {DECREE_98} ngày 31 tháng 12 năm 2023" in text
    assert DECREE_98 in _money_article(document)
    assert LAW_2003 not in text and "152/2025" not in text and "91/2017" not in text


def test_a_december_2025_decision_cites_decree_152_and_the_local_government_law_of_2025():
    document = _decision_on(dt.date(2025, 12, 22))
    assert document.bases[:3] == [
        f"Căn cứ {LOCAL_2025}",
        f"Căn cứ {LAW_2022}",
        f"Căn cứ {law.in_force(dt.date(2025, 12, 22)).decree}",
    ]
    text = _text(document)
    assert f"Căn cứ {DECREE_152} ngày 14 tháng 6 năm 2025" in text
    assert DECREE_152 in _money_article(document)
    assert "98/2023" not in text and LOCAL_2015 not in text


@pytest.mark.parametrize(
    ("day", "decree", "emulation_law"),
    [
        (dt.date(2017, 10, 1), DECREE_91, LAW_2003),
        (dt.date(2023, 12, 31), DECREE_91, LAW_2003),
        (dt.date(2024, 1, 1), DECREE_98, LAW_2022),
        (dt.date(2025, 6, 30), DECREE_98, LAW_2022),
        (dt.date(2025, 7, 1), DECREE_152, LAW_2022),
        (dt.date(2030, 1, 1), DECREE_152, LAW_2022),
    ],
)
def test_the_frame_changes_on_the_day_a_law_takes_effect(day, decree, emulation_law):
    frame = law.in_force(day)
    assert frame.decree_short == decree and frame.law.startswith(emulation_law)
    assert frame.law_bases == [f"Căn cứ {frame.law}", f"Căn cứ {frame.decree}"]


@pytest.mark.parametrize(
    ("day", "local"),
    [
        (dt.date(2020, 6, 30), LOCAL_2015),
        (dt.date(2020, 7, 1), f"{LOCAL_2015}; Luật sửa đổi"),
        (dt.date(2025, 2, 28), f"{LOCAL_2015}; Luật sửa đổi"),
        (dt.date(2025, 3, 1), "Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025"),
        (dt.date(2025, 6, 30), LOCAL_2025),
    ],
)
def test_the_chairmans_competence_is_the_local_government_law_of_the_day(day, local):
    assert law.in_force(day).decision_bases[0].startswith(f"Căn cứ {local}")


def test_before_the_first_law_thidua_knows_it_refuses_instead_of_citing_todays():
    assert law.find_in_force(dt.date(2017, 9, 30)) is None
    with pytest.raises(ServiceError) as refused:
        law.in_force(dt.date(2015, 3, 13))
    assert refused.value.code == "no_law_for_date"
    assert "13/03/2015" in str(refused.value) and "01/10/2017" in str(refused.value)
    with pytest.raises(ServiceError):
        _decision_on(dt.date(2016, 12, 20))


def test_the_submission_cites_the_law_of_its_own_date():
    record = SimpleNamespace(commune=SimpleNamespace(name="Xã Mỹ Thạnh"), session=None, year=2020)
    paper = submission_paper(record, awards=[], date=dt.date(2020, 12, 20))
    assert paper.bases[:2] == law.in_force(dt.date(2020, 12, 20)).law_bases
    text = _text(paper)
    assert LAW_2003 in text and DECREE_91 in text and "152/2025" not in text
    later = submission_paper(record, awards=[], date=dt.date(2025, 12, 20))
    assert DECREE_152 in _text(later) and LAW_2003 not in _text(later)
    with pytest.raises(ServiceError) as refused:
        submission_paper(record, awards=[], date=dt.date(2016, 12, 20))
    assert refused.value.code == "no_law_for_date"


def test_every_frame_knows_every_shipped_award_and_the_newest_is_the_catalogue():
    shipped = {a["code"]: Decimal(a["coefficient"]) for a in rules.load_data()["awards"]}
    frames = json.loads(law.DATA_FILE.read_text(encoding="utf-8"))["emulation"]
    for frame in frames:
        assert set(frame["coefficients"]) == set(shipped), frame["name"]
    newest = frames[-1]
    assert newest["until"] is None
    assert {code: Decimal(value) for code, value in newest["coefficients"].items()} == shipped
    # The frames follow each other without a gap or an overlap.
    for earlier, later in zip(frames, frames[1:], strict=False):
        assert dt.date.fromisoformat(earlier["until"]) + dt.timedelta(days=1) == dt.date.fromisoformat(
            later["since"]
        )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "day", "coefficient"),
    [
        ("ldtt", dt.date(2020, 12, 22), "0.300"),
        ("gk-tapthe", dt.date(2020, 12, 22), "0.600"),
        ("ttldtt", dt.date(2024, 6, 1), "0.800"),
        ("gk-ho", dt.date(2025, 6, 30), None),  # Decree 98's household amount is not known
        ("gk-ho", dt.date(2025, 7, 1), "0.450"),
        ("gdvh", dt.date(2020, 12, 22), None),
        ("gdvh", dt.date(2024, 6, 1), "0.000"),
        ("ldtt", dt.date(2017, 9, 30), None),
    ],
)
def test_an_award_uses_the_coefficient_of_its_date(tree, code, day, coefficient):
    award_type = AwardType.objects.get(code=code)
    assert rules.award_rules(award_type, tree.commune, day)["coefficient"] == coefficient


@pytest.mark.django_db
def test_a_local_edit_of_the_catalogue_counts_today_not_in_2020(tree):
    AwardType.objects.filter(code="ldtt").update(coefficient=Decimal("0.4"))
    ldtt = AwardType.objects.get(code="ldtt")
    assert rules.award_rules(ldtt, tree.commune, dt.date(2025, 12, 22))["coefficient"] == "0.400"
    assert rules.award_rules(ldtt, tree.commune, dt.date(2020, 12, 22))["coefficient"] == "0.300"


def _sign(tree, personas, on: dt.date, *lines) -> Decision:
    decision = Decision.objects.create(commune=tree.commune, title="Khen thưởng", year=on.year)
    for award_type, person in lines:
        Award.objects.create(
            award_type=award_type,
            year=on.year,
            commune=tree.commune,
            recipient_kind="individual",
            person=person,
            recipient_name=person.full_name,
            decision=decision,
        )
    services.decision_sign(actor=personas["leader"], decision=decision, signed_on=on)
    decision.refresh_from_db()
    return decision


@pytest.mark.django_db
def test_an_award_signed_in_2020_pays_by_decree_91_at_the_base_salary_of_2020(tree, personas, award):
    person = make_person(tree.hamlet, "Nguyễn Thị Hoa", year=2020)
    decision = _sign(tree, personas, dt.date(2020, 12, 22), (award("ldtt"), person))
    assert decision.base_salary == 1_490_000
    assert decision.awards.get().amount == 450_000  # 0.3 × 1,490,000 = 447,000, rounded up
    assert decision.rules_snapshot["law"] == law.in_force(dt.date(2020, 12, 22)).name
    text = _text(decision.document.model)
    assert LAW_2003 in text and DECREE_91 in _money_article(decision.document.model)
    assert "152/2025" not in text


def _household_award(tree, decision: Decision, award_type: AwardType) -> Award:
    from thidua.access import SYSTEM
    from thidua.people.services import household_create

    head = make_person(tree.hamlet, "Võ Văn Hai", rating=None)
    household = household_create(actor=SYSTEM, head=head, hamlet=tree.hamlet)
    return Award.objects.create(
        award_type=award_type,
        year=decision.year,
        commune=tree.commune,
        recipient_kind="household",
        household=household,
        recipient_name="Hộ ông Võ Văn Hai",
        decision=decision,
    )


@pytest.mark.django_db
def test_an_award_whose_amount_of_the_day_is_unknown_is_not_signed_until_a_local_rule_gives_it(
    tree, personas, award
):
    from thidua.commendations.models import RuleOverride

    decision = Decision.objects.create(commune=tree.commune, title="Khen thưởng", year=2020)
    _household_award(tree, decision, award("gk-ho"))
    with pytest.raises(ServiceError) as refused:
        services.decision_sign(actor=personas["leader"], decision=decision, signed_on=dt.date(2020, 12, 22))
    assert refused.value.code == "coefficient_unknown" and "Giấy khen" in str(refused.value)
    decision.refresh_from_db()
    assert decision.state == Decision.State.DRAFT
    RuleOverride.objects.create(
        unit=tree.province,
        award_type=award("gk-ho"),
        key="coefficient",
        value="0.3",
        effective_from=dt.date(2018, 1, 1),
        legal_basis="Quy định thi đua, khen thưởng của tỉnh",
    )
    services.decision_sign(actor=personas["leader"], decision=decision, signed_on=dt.date(2020, 12, 22))
    assert decision.awards.get().amount == 450_000


@pytest.mark.django_db
def test_a_decision_dated_before_the_law_thidua_knows_is_not_signed(tree, personas, award):
    person = make_person(tree.hamlet, "Trần Văn Lộc", year=2016)
    decision = Decision.objects.create(commune=tree.commune, title="Khen thưởng", year=2016)
    Award.objects.create(
        award_type=award("ldtt"),
        year=2016,
        commune=tree.commune,
        recipient_kind="individual",
        person=person,
        recipient_name=person.full_name,
        decision=decision,
    )
    with pytest.raises(ServiceError) as refused:
        services.decision_sign(actor=personas["leader"], decision=decision, signed_on=dt.date(2016, 12, 20))
    assert refused.value.code == "no_law_for_date"
    decision.refresh_from_db()
    assert decision.state == Decision.State.DRAFT and decision.document_id is None


def test_decision_paper_reads_the_law_of_its_signing_date():
    record = SimpleNamespace(
        commune=SimpleNamespace(name="Xã Mỹ Thạnh"), title="Về việc khen thưởng", year=2023, base_salary=1
    )
    paper = decision_paper(record, [], signed_on=dt.date(2023, 12, 29), signer_name="Phạm Thanh Diễn")
    assert paper.bases[:3] == law.in_force(dt.date(2023, 12, 29)).decision_bases
    assert DECREE_91 in paper.bases[2]


@pytest.mark.django_db
def test_the_demos_2020_decision_cites_the_law_of_2020():
    from thidua.demo import load_demo

    load_demo()
    decision = Decision.objects.get(state=Decision.State.SIGNED, year=2020, is_sample=True)
    frame = law.in_force(decision.signed_on)
    assert frame.decree_short == DECREE_91
    assert decision.document.model.bases[:3] == frame.decision_bases
    assert decision.submission_document.model.bases[:2] == frame.law_bases
    text = _text(decision.document.model)
    assert LAW_2003 in text and DECREE_91 in _money_article(decision.document.model)
    assert "ngày 15 tháng 6 năm 2022" not in text and "152/2025" not in text
    assert decision.base_salary == 1_490_000


@pytest.mark.django_db
def test_the_catalogue_page_names_the_law_its_coefficients_come_from(client, personas):
    from django.urls import reverse
    from django.utils import timezone

    client.force_login(personas["viewer"])
    page = client.get(reverse("commendations:catalogue")).content.decode()
    assert law.in_force(timezone.localdate()).name in page


# --- Eligibility rules and names by the law of the date -----------------------------------------


def _ldtt_awards(tree, award, count: int, year: int) -> None:
    for i in range(count):
        person = make_person(tree.hamlet, f"Người {i}", year=year)
        Award.objects.create(
            award_type=award("ldtt"),
            recipient_kind="individual",
            recipient_name=person.full_name,
            person=person,
            year=year,
            commune=tree.commune,
        )


@pytest.mark.parametrize(("ldtt", "result"), [(6, "fail"), (7, "pass")])
def test_under_decree_91_a_cstdcs_may_be_at_most_15_percent_of_the_communes_ldtt(tree, award, ldtt, result):
    """2020, the 2003 law's frame: one Chiến sĩ thi đua cơ sở needs at least 7 LĐTT (15 % of 7 is
    1,05); with 6 it is refused, naming Decree 91."""
    from thidua.commendations import eligibility
    from thidua.commendations.tests.conftest import nominate

    _ldtt_awards(tree, award, ldtt, 2020)
    person = make_person(tree.hamlet, "Đặng Văn Đức", year=2020)
    nomination = nominate(tree, award("cstdcs"), person=person, checked=False, year=2020)
    checks = {c.code: c for c in eligibility.evaluate(nomination, dt.date(2020, 12, 31))}
    cap = checks["cstdcs_share_of_ldtt"]
    assert cap.result == result and DECREE_91 in cap.explanation
    assert f"{ldtt} Lao động tiên tiến" in cap.explanation


def test_since_the_2022_law_there_is_no_cap_of_cstdcs_over_ldtt(tree, award):
    from thidua.commendations import eligibility
    from thidua.commendations.tests.conftest import nominate

    person = make_person(tree.hamlet, "Đặng Văn Đức", year=2024)
    nomination = nominate(tree, award("cstdcs"), person=person, checked=False, year=2024)
    codes = [c.code for c in eligibility.evaluate(nomination, dt.date(2024, 12, 31))]
    assert "cstdcs_share_of_ldtt" not in codes and "ldtt_same_year" in codes


def test_an_award_is_named_as_the_law_of_the_date_names_it():
    hamlet = SimpleNamespace(code="thonvh", name="Thôn, tổ dân phố văn hóa")
    ldtt = SimpleNamespace(code="ldtt", name="Lao động tiên tiến")
    assert law.in_force(dt.date(2020, 12, 1)).award_name(hamlet) == "Thôn, làng, ấp, bản, tổ dân phố văn hóa"
    assert law.in_force(dt.date(2025, 12, 1)).award_name(hamlet) == "Thôn, tổ dân phố văn hóa"
    assert law.in_force(dt.date(2020, 12, 1)).award_name(ldtt) == "Lao động tiên tiến"
    assert law.in_force(dt.date(2024, 3, 1)).rules_for("cstdcs") == {}


def test_every_dated_rule_of_the_law_file_is_a_rule_thidua_knows():
    from thidua.commendations import eligibility

    data = json.loads(law.DATA_FILE.read_text(encoding="utf-8"))
    named = {rule for frame in data["emulation"] for rules in frame["rules"].values() for rule in rules}
    assert named and named <= set(eligibility.RULES)


def test_a_paper_names_the_award_as_the_law_of_its_date_does():
    from thidua.commendations.papers.common import nominee

    hamlet = SimpleNamespace(
        recipient_name="Ấp Mỹ Hòa",
        recipient_kind="collective",
        award_type=SimpleNamespace(code="thonvh", name="Thôn, tổ dân phố văn hóa", is_title=True),
    )
    assert (
        nominee(hamlet, dt.date(2020, 12, 13))["award"] == "danh hiệu Thôn, làng, ấp, bản, tổ dân phố văn hóa"
    )
    assert nominee(hamlet, dt.date(2025, 12, 13))["award"] == "danh hiệu Thôn, tổ dân phố văn hóa"
