"""The forms' rows by form of commendation (regular, thematic, sudden, foreign, dedication, seniority)
counted by hand, every method row together making the total."""

import unicodedata

import pytest

from thidua.statistics.definitions import get_form
from thidua.statistics.selectors import cell_records, compute_form
from thidua.statistics.tests.conftest import D, _decision, _type
from thidua.statistics.tests.test_forms import needs_level, table

METHODS = ("regular", "thematic", "sudden", "foreign", "dedication", "seniority", "resistance")

pytestmark = needs_level


def _grant(commune, award_type, name, decision, kind="individual"):
    from thidua.commendations.models import Award

    return Award.objects.create(
        award_type=award_type,
        year=decision.signed_on.year,
        commune=commune,
        recipient_kind=kind,
        recipient_name=name,
        decision=decision,
    )


@pytest.fixture
def methods(tree):
    """Province-level and state-level awards of every form of commendation, decided on 30 Nov 2025."""
    signed = _decision(tree.province, 201, D(2025, 11, 30))
    late = _decision(tree.province, 202, D(2025, 12, 1))  # reporting year 2026
    c = tree.commune
    province = {
        "yearly": _type("pm-bk", "Bằng khen của Chủ tịch UBND tỉnh", "province", "yearly"),
        "foreign": _type("pm-bk-dn", "Bằng khen của Chủ tịch UBND tỉnh (đối ngoại)", "province", "foreign"),
        "dedication": _type(
            "pm-bk-ch", "Bằng khen của Chủ tịch UBND tỉnh (quá trình cống hiến)", "province", "dedication"
        ),
        "seniority": _type("pm-knc", "Kỷ niệm chương của tỉnh (niên hạn)", "province", "seniority"),
    }
    state = {
        "friendship": _type("pm-hcm-hn", "Huân chương Hữu nghị", "state", "yearly"),
        # typed decomposed: the name still begins with "Huy chương Hữu nghị"
        "friendship-badge": _type(
            "pm-hc-hn", unicodedata.normalize("NFD", "Huy chương Hữu nghị"), "state", "yearly"
        ),
        # written as the law writes it, in quotes
        "glorious": _type("pm-hc-vv3", "Huy chương “Chiến sĩ vẻ vang” hạng Ba", "state", "yearly"),
        "labour": _type("pm-hcld3", "Huân chương Lao động hạng Ba", "state", "yearly"),
        "labour-dedication": _type(
            "pm-hcld3-ch", "Huân chương Lao động hạng Ba (cống hiến)", "state", "dedication"
        ),
        "pm-foreign": _type(
            "pm-bk-ttg-dn", "Bằng khen của Thủ tướng Chính phủ", "state", "foreign", "collective"
        ),
    }
    return {
        "p1": _grant(c, province["yearly"], "Nguyễn Văn Đức", signed),
        "p2": _grant(c, province["foreign"], "John Smith", signed),
        "p3": _grant(c, province["foreign"], "Công ty TNHH Đối Tác", signed, "collective"),
        "p4": _grant(c, province["dedication"], "Trần Văn Đạt", signed),
        "p5": _grant(c, province["seniority"], "Lê Thị Đào", signed),
        "p6": _grant(c, province["dedication"], "Phạm Văn Đông", late),
        "p7": _grant(tree.other, province["foreign"], "Kim Min-jun", signed),
        "s1": _grant(c, state["friendship"], "Anna Petrova", signed),
        "s2": _grant(c, state["friendship-badge"], "Hội hữu nghị Việt – Lào", signed, "collective"),
        "s3": _grant(c, state["glorious"], "Võ Văn Định", signed),
        "s4": _grant(c, state["labour"], "Hoàng Văn Đạo", signed),
        "s5": _grant(c, state["labour-dedication"], "Đỗ Thị Diệu", signed),
        "s6": _grant(c, state["pm-foreign"], "Đại học Quốc gia Lào", signed, "collective"),
    }


def _methods_add_up(values):
    for column, total in values["total"].items():
        assert sum(values[key][column] for key in METHODS) == total, column


def test_province_awards_by_form_of_commendation_by_hand(tree, methods):
    values = table(compute_form(get_form("0603"), tree.commune, 2025))
    # p1 … p5 (p6 is decided on 1 December 2025, p7 belongs to the other commune)
    assert values["total"]["total"] == 5
    assert values["regular"]["total"] == 1
    assert values["foreign"] == {
        "total": 2,
        "certificate": 2,
        "emulation-soldier": 0,
        "flag": 0,
        "insignia": 0,
    }
    assert values["dedication"]["total"] == 1
    assert values["dedication"]["certificate"] == 1
    assert values["seniority"] == {
        "total": 1,
        "certificate": 0,
        "emulation-soldier": 0,
        "flag": 0,
        "insignia": 1,
    }
    assert values["thematic"]["total"] == values["sudden"]["total"] == values["resistance"]["total"] == 0
    _methods_add_up(values)
    province = table(compute_form(get_form("0603"), tree.province, 2025))
    assert province["foreign"]["total"] == 3  # p2, p3 and the other commune's p7
    _methods_add_up(province)
    assert table(compute_form(get_form("0603"), tree.commune, 2026))["dedication"]["total"] == 1  # p6


def test_state_awards_by_form_of_commendation_by_hand(tree, methods):
    values = table(compute_form(get_form("0602"), tree.commune, 2025))
    assert values["total"]["total"] == 6
    # Huân chương and Huy chương Hữu nghị go to foreigners only; a catalogue entry may also say so.
    assert values["foreign"]["total"] == 3  # s1, s2 (its name typed decomposed), s6
    assert values["foreign"]["medal-individual"] == 1
    assert values["foreign"]["badge-collective"] == 1
    assert values["foreign"]["pm-collective"] == 1
    # Huy chương Chiến sĩ vẻ vang is given for years of service.
    assert values["seniority"]["total"] == 1
    assert values["seniority"]["badge-individual"] == 1
    assert values["dedication"]["total"] == 1
    assert values["dedication"]["medal-individual"] == 1
    # the yearly catalogue entries of the friendship and service medals are not "regular" as well
    assert values["regular"]["total"] == 1  # s4
    _methods_add_up(values)
    _methods_add_up(table(compute_form(get_form("0602"), tree.province, 2025)))


def test_a_method_cell_opens_to_its_awards(tree, methods):
    foreign = cell_records(get_form("0602"), tree.commune, 2025, "foreign", "total")
    assert {a.recipient_name for a in foreign} == {
        "Anna Petrova",
        "Đại học Quốc gia Lào",
        "Hội hữu nghị Việt – Lào",
    }
    seniority = cell_records(get_form("0603"), tree.province, 2025, "seniority", "insignia")
    assert [a.recipient_name for a in seniority] == ["Lê Thị Đào"]


@pytest.mark.parametrize("code", ["0601", "0602", "0603"])
@pytest.mark.parametrize("level", ["commune", "province"])
def test_a_year_without_data_is_a_form_of_zeros_at_both_levels(tree, methods, code, level):
    result = compute_form(get_form(code), getattr(tree, level), 2020)
    cells = [value for line in result.rows for value in line.values if value is not None]
    assert cells and all(value == 0 for value in cells)
    assert result.warnings == []


def test_the_form_page_and_the_excel_show_the_method_rows(client, tree, personas, methods):
    import io

    from django.urls import reverse
    from openpyxl import load_workbook

    client.force_login(personas["officer"])
    page = client.get(reverse("statistics:form", args=[tree.commune.pk, 2025, "0603"])).content.decode()
    assert reverse("statistics:cell", args=[tree.commune.pk, 2025, "0603", "dedication", "total"]) in page
    assert "Danh mục khen thưởng của phần mềm chưa có" in page  # the resistance row only
    response = client.get(reverse("statistics:xlsx", args=[tree.commune.pk, 2025, "0603"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = {row[0]: row for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert rows["- Đối ngoại"][3] == 2
    assert rows["- Cống hiến"][3] == 1
    assert rows["- Niên hạn"][3] == 1


@pytest.mark.django_db
@pytest.mark.parametrize("timing", ["foreign", "dedication", "seniority"])
def test_an_award_type_of_each_other_form_of_commendation_passes_the_forms_checks(timing):
    from django.core.exceptions import ValidationError

    award_type = _type(f"pm-{timing}", f"Bằng khen của Chủ tịch UBND tỉnh ({timing})", "province", timing)
    award_type.full_clean()
    award_type.timing = "khác"
    with pytest.raises(ValidationError):
        award_type.full_clean()
