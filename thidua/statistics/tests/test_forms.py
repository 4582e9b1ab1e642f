"""The forms' totals against counts made by hand from the fixed dataset of conftest.py."""

import datetime as dt

import pytest

from thidua.statistics.definitions import FormDefinitionError, all_forms, get_form, parse
from thidua.statistics.derived import duration_months
from thidua.statistics.selectors import cell_records, compute_form, reporting_period
from thidua.statistics.tests.conftest import HAS_LEVEL

needs_level = pytest.mark.skipif(not HAS_LEVEL, reason="AwardType.level is not in the catalogue yet")


def table(result):
    """{row key: {column key: value}} of a filled form (heading rows left out)."""
    keys = [column.key for column in result.form.columns]
    return {
        line.row.key: dict(zip(keys, line.values, strict=True))
        for line in result.rows
        if not line.row.heading
    }


def test_the_reporting_year_runs_from_first_december_to_thirtieth_november():
    assert reporting_period(2025) == (dt.date(2024, 12, 1), dt.date(2025, 11, 30))


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (dt.date(2025, 1, 1), dt.date(2025, 12, 31), 12),
        (dt.date(2024, 1, 1), dt.date(2024, 12, 31), 12),  # a leap year is one year too
        (dt.date(2025, 3, 1), dt.date(2028, 2, 29), 36),
        (dt.date(2025, 11, 30), dt.date(2030, 11, 29), 60),
        (dt.date(2025, 6, 1), dt.date(2025, 8, 31), 3),
        (dt.date(2025, 1, 1), dt.date(2026, 1, 31), 13),
    ],
)
def test_a_movement_lasts_its_whole_months(start, end, months):
    assert duration_months(start, end) == months


def test_every_shipped_form_loads_and_its_header_covers_its_columns():
    forms = all_forms()
    assert {"0601", "0602", "0603"} <= set(forms)
    for form in forms.values():
        assert form.width == form.leading + len(form.columns)


def test_a_header_that_does_not_cover_the_columns_is_refused():
    data = {
        "id": "x",
        "number": "x",
        "regime": "x",
        "title": "x",
        "source": {"model": "movements.Movement", "date_field": "period_start", "unit_field": "unit"},
        "header": [["", "Mã số", "Tổng số"]],
        "column_numbers": ["A", "B", "1", "2"],
        "columns": [{"key": "a", "label": "a", "where": {}}, {"key": "b", "label": "b", "where": {}}],
        "rows": [{"key": "t", "label": "Tổng số", "where": {}}],
    }
    with pytest.raises(FormDefinitionError):
        parse(data)


def test_movements_of_the_commune_by_hand(tree, movements):
    # Counted: the commune's plan for the province's movement (1 year, launched by the province),
    # m2 (exactly 3 years, thematic), m3 (the farmers' association, 3 months, thematic), m4 (starts
    # 1 Dec 2024, 2 years), m7 (the hamlet's, starts 30 Nov 2025, 5 years). Not counted: m5 (starts
    # 1 Dec 2025), m6 (a draft), the other commune's.
    values = table(compute_form(get_form("0601"), tree.commune, 2025))
    assert values["total"] == {"total": 5, "central": 0, "province": 1, "unit": 4}
    assert values["scope-nation"]["total"] == 0
    assert values["scope-locality"] == {"total": 3, "central": 0, "province": 1, "unit": 2}
    assert values["scope-cluster"]["total"] == 0
    assert values["scope-body"] == {"total": 2, "central": 0, "province": 0, "unit": 2}
    assert [values[k]["total"] for k in ("under-1y", "1y", "1y-3y", "3y-5y", "5y-plus")] == [1, 1, 1, 1, 1]
    assert values["1y"]["province"] == 1
    assert values["3y-5y"]["unit"] == 1  # exactly three years is "from 3 to under 5"
    assert values["5y-plus"]["unit"] == 1
    assert values["thematic"] == {"total": 2, "central": 0, "province": 0, "unit": 2}
    assert values["regular"] == {"total": 3, "central": 0, "province": 1, "unit": 2}


def test_the_province_counts_a_cascaded_movement_once(tree, movements):
    # m1 with the two communes' plans is one movement; then m2, m3, m4, m7 and the other commune's m8.
    values = table(compute_form(get_form("0601"), tree.province, 2025))
    assert values["total"] == {"total": 6, "central": 0, "province": 1, "unit": 5}
    assert values["scope-locality"]["total"] == 4
    assert values["scope-body"]["total"] == 2
    assert values["thematic"]["total"] == 3
    assert values["regular"]["total"] == 3
    assert values["under-1y"]["total"] == 2
    assert values["1y"]["total"] == 1


def test_a_movement_starting_first_december_counts_in_the_next_year(tree, movements):
    values = table(compute_form(get_form("0601"), tree.commune, 2026))
    # m5 (1 Dec 2025) only: the others started in 2025 or earlier.
    assert values["total"]["total"] == 1
    assert values["thematic"]["total"] == 1


def test_a_movement_counts_in_the_year_of_its_launching_plan(tree, movements):
    """Launched by a plan of 30 Nov 2025 for a period from 1 Jan 2026: a movement of 2025."""
    from thidua.statistics.tests.conftest import _movement

    launched = _movement(
        tree.commune, "Xuân yêu thương", "thematic", dt.date(2026, 1, 1), dt.date(2026, 2, 28)
    )
    launched.plan_date = dt.date(2025, 11, 30)
    launched.save(update_fields=["plan_date"])
    assert (
        table(compute_form(get_form("0601"), tree.commune, 2025))["thematic"]["total"] == 3
    )  # m2, m3 and it
    assert "Xuân yêu thương" in [
        m.name for m in cell_records(get_form("0601"), tree.commune, 2025, "thematic", "total")
    ]
    # 2026 keeps only m5 (1 Dec 2025, no plan date)
    assert table(compute_form(get_form("0601"), tree.commune, 2026))["total"]["total"] == 1


def test_a_communes_plan_counts_in_the_year_the_province_launched_the_movement(tree, movements):
    """The commune's plan for the province's movement is dated 5 Dec 2025, the province's launch
    20 Nov 2025: both forms count it in 2025 and neither in 2026, so the communes feed the province."""
    m1, plan = movements["m1"], movements["m1_commune"]
    m1.plan_date = dt.date(2025, 11, 20)
    m1.save(update_fields=["plan_date"])
    plan.plan_date = dt.date(2025, 12, 5)
    plan.save(update_fields=["plan_date"])
    for unit in (tree.commune, tree.province):
        assert table(compute_form(get_form("0601"), unit, 2025))["total"]["province"] == 1
        assert table(compute_form(get_form("0601"), unit, 2026))["total"]["province"] == 0


@needs_level
def test_province_awards_of_the_commune_by_hand(tree, awards):
    # Counted (decision signed 1 Dec 2024 … 30 Nov 2025, not annulled, province level): a1 Bằng khen,
    # a2 CSTĐ, a3 Cờ, a6 TTLĐXS (no column of its own), a7 Bằng khen to a household, a8 thematic
    # Bằng khen, a9 sudden Bằng khen. Not: a4 (1 Dec 2025), a5 (annulled), a10 (draft decision),
    # a11 (30 Nov 2024), a12/a13 (state level), a14 (commune level).
    values = table(compute_form(get_form("0603"), tree.commune, 2025))
    assert values["total"] == {"total": 7, "certificate": 4, "emulation-soldier": 1, "flag": 1, "insignia": 0}
    assert values["collective"] == {
        "total": 2,
        "certificate": 0,
        "emulation-soldier": 0,
        "flag": 1,
        "insignia": 0,
    }
    assert values["household"]["total"] == 1
    assert values["individual"] == {
        "total": 4,
        "certificate": 3,
        "emulation-soldier": 1,
        "flag": 0,
        "insignia": 0,
    }
    assert values["regular"]["total"] == 5
    assert values["regular"]["certificate"] == 2
    assert values["thematic"]["total"] == 1
    assert values["sudden"]["total"] == 1
    for key in ("foreign", "dedication", "seniority", "resistance", "enterprise", "workers"):
        assert values[key]["total"] == 0


@needs_level
def test_province_awards_summed_for_the_province(tree, awards):
    values = table(compute_form(get_form("0603"), tree.province, 2025))
    assert values["total"]["total"] == 8  # the commune's seven and the other commune's b1
    assert values["total"]["certificate"] == 5
    assert values["individual"]["total"] == 5


@needs_level
def test_state_awards_by_hand(tree, awards):
    commune = table(compute_form(get_form("0602"), tree.commune, 2025))
    assert commune["total"]["total"] == 2
    assert commune["total"]["medal-individual"] == 1
    assert commune["total"]["pm-collective"] == 1
    assert commune["total"]["other-individual"] == 0
    assert commune["by-province"]["total"] == 2
    assert commune["by-ministry"]["total"] == 0
    assert commune["collective"]["total"] == 1
    assert commune["individual"]["total"] == 1
    assert commune["regular"]["total"] == 2
    province = table(compute_form(get_form("0602"), tree.province, 2025))
    assert province["total"]["total"] == 3
    assert province["total"]["pm-individual"] == 1


@needs_level
def test_an_award_dated_first_december_counts_in_the_next_year(tree, awards):
    values = table(compute_form(get_form("0603"), tree.commune, 2026))
    assert values["total"]["total"] == 1  # a4, decided 1 Dec 2025


def test_a_field_the_database_lacks_gives_zeros_and_a_warning_not_an_error(tree, awards):
    """A form written for a newer catalogue (here a field no AwardType has) still opens."""
    import json

    data = json.loads(json.dumps(_form_file("0603")))
    data["source"]["where"]["award_type__grade"] = "cao"
    result = compute_form(parse(data), tree.commune, 2025)
    assert table(result)["total"]["total"] == 0
    assert any("award_type__grade" in warning for warning in result.warnings)
    data = json.loads(json.dumps(_form_file("0603")))
    data["columns"][1]["where"] = {"award_type__grade": "cao"}
    result = compute_form(parse(data), tree.commune, 2025)
    assert table(result)["total"]["certificate"] == 0
    assert table(result)["total"]["total"] == (7 if HAS_LEVEL else 0)


def _form_file(form_id):
    import json

    from thidua.statistics.definitions import DATA_DIR

    return json.loads((DATA_DIR / "tt02-2023" / f"{form_id}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("code", ["0601", "0602", "0603"])
def test_a_year_without_data_is_a_form_of_zeros(tree, movements, awards, code):
    result = compute_form(get_form(code), tree.province, 2019)
    assert all(value in (0, None) for line in result.rows for value in line.values)
    assert any(value == 0 for line in result.rows for value in line.values)


def test_a_cell_opens_to_the_movements_it_counts(tree, movements):
    records = cell_records(get_form("0601"), tree.commune, 2025, "3y-5y", "total")
    assert [m.name for m in records] == ["Toàn dân đoàn kết xây dựng đời sống văn hóa"]
    province_plans = cell_records(get_form("0601"), tree.commune, 2025, "total", "province")
    assert [m.name for m in province_plans] == ["Đồng khởi – kế hoạch của xã"]


@needs_level
def test_a_cell_opens_to_the_awards_it_counts(tree, awards):
    records = cell_records(get_form("0603"), tree.commune, 2025, "individual", "certificate")
    assert sorted(a.recipient_name for a in records) == ["Nguyễn Văn Đức", "Phạm Văn Định", "Võ Thị Đoan"]
    nobody = cell_records(get_form("0603"), tree.commune, 2025, "foreign", "total")
    assert list(nobody) == []


def test_an_unknown_cell_is_none(tree):
    assert cell_records(get_form("0601"), tree.commune, 2025, "nope", "total") is None
    assert cell_records(get_form("0601"), tree.commune, 2025, "total", "nope") is None


def test_the_command_writes_the_excel(tree, movements, tmp_path):
    from django.core.management import call_command
    from openpyxl import load_workbook

    tree.commune.code = "29999"
    tree.commune.save(update_fields=["code"])
    target = tmp_path / "bieu.xlsx"
    call_command("statistics", form="0601", year=2025, unit="29999", xlsx=target)
    ws = load_workbook(target).active
    total = next(row for row in ws.iter_rows(values_only=True) if row[0] == "Tổng số")
    assert total[2:6] == (5, 0, 1, 4)


def test_the_command_refuses_an_unknown_unit(tree):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError):
        call_command("statistics", form="0601", year=2025, unit="không-có")


def test_a_form_added_as_data_is_filled_without_code(tree, awards):
    """A form of another regime is a file: here, commune-level awards by recipient and method."""
    form = parse(
        {
            "id": "xa-01",
            "number": "01/XA",
            "regime": "Thử nghiệm",
            "title": "KHEN THƯỞNG CẤP XÃ",
            "record": "award",
            "source": {
                "model": "commendations.Award",
                "date_field": "decision__signed_on",
                "unit_field": "commune",
                "where": {"decision__state": "signed", "annulled": False, "award_type__level": "commune"},
            },
            "header": [["", "Mã số", "Tổng số", "Thường xuyên", "Theo chuyên đề"]],
            "column_numbers": ["A", "B", "1", "2", "3"],
            "columns": [
                {"key": "total", "label": "Tổng số", "where": {}},
                {"key": "regular", "label": "Thường xuyên", "where": {"award_type__timing": "yearly"}},
                {
                    "key": "thematic",
                    "label": "Chuyên đề",
                    "where": {"any": [{"award_type__timing": "movement"}]},
                },
            ],
            "rows": [
                {"key": "total", "code": "01", "label": "Tổng số", "where": {}},
                {
                    "key": "people",
                    "code": "02",
                    "label": "Cá nhân",
                    "where": {"recipient_kind": "individual"},
                },
                {
                    "key": "groups",
                    "code": "03",
                    "label": "Tập thể",
                    "where": {"not": {"recipient_kind": "individual"}},
                },
            ],
        }
    )
    values = table(compute_form(form, tree.commune, 2025))
    assert values["total"] == {"total": 1, "regular": 0, "thematic": 1}  # a14, Giấy khen of the commune
    assert values["people"]["thematic"] == 1
    assert values["groups"]["total"] == 0
    records = cell_records(form, tree.commune, 2025, "people", "thematic")
    assert [a.recipient_name for a in records] == ["Lý Văn Đông"]


def test_the_movement_forms_total_column_is_the_sum_of_the_launching_levels(tree, movements):
    for unit in (tree.commune, tree.province, tree.other):
        for line in compute_form(get_form("0601"), unit, 2025).rows:
            if not line.row.heading:
                total, *levels = line.values
                assert total == sum(levels), line.row.key
