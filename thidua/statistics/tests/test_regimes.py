"""The regime in force is chosen by the reporting year: a regime added as a folder of files takes over
from its first year, without code."""

import json
import shutil

import pytest
from django.urls import reverse

from thidua.statistics import definitions
from thidua.statistics.definitions import FormDefinitionError, all_regimes, load_regimes, regime_for
from thidua.statistics.selectors import compute_form
from thidua.statistics.tests.test_forms import table

NEW_TITLE = "SỐ PHONG TRÀO THI ĐUA (BIỂU THỬ CỦA CHẾ ĐỘ MỚI)"


def _regimes_folder(tmp_path, *, new_first_year=2026):
    """The shipped 02/2023 forms, and a later regime whose 0601 counts only the thematic movements."""
    old = tmp_path / "tt02-2023"
    shutil.copytree(definitions.DATA_DIR / "tt02-2023", old)
    new = tmp_path / "zz-new"
    new.mkdir()
    (new / "regime.json").write_text(
        json.dumps({"name": "Chế độ báo cáo thử", "first_year": new_first_year}), encoding="utf-8"
    )
    data = json.loads((old / "0601.json").read_text(encoding="utf-8"))
    data["title"] = NEW_TITLE
    data["regime"] = "Chế độ báo cáo thử"
    data["source"]["where"]["kind"] = "thematic"
    (new / "0601.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return tmp_path


def test_the_shipped_forms_are_circular_02_2023s_for_every_year():
    regimes = all_regimes()
    assert [regime.key for regime in regimes] == ["tt02-2023"]
    for year in (2019, 2023, 2025, 2026):
        assert regime_for(year).name == "Thông tư số 02/2023/TT-BNV"
        assert {"0601", "0602", "0603"} <= set(regime_for(year).forms)


def test_the_regime_in_force_is_the_latest_begun_by_the_reporting_year(tmp_path):
    regimes = load_regimes(_regimes_folder(tmp_path))
    assert [regime.key for regime in regimes] == ["tt02-2023", "zz-new"]
    assert regime_for(2025, regimes).key == "tt02-2023"
    assert regime_for(2026, regimes).key == "zz-new"  # 1 December 2025 onwards
    assert regime_for(2030, regimes).key == "zz-new"
    assert regime_for(2010, regimes).key == "tt02-2023"  # before every regime: the earliest
    assert regime_for(None, regimes).key == "zz-new"
    assert set(regime_for(2026, regimes).forms) == {"0601"}


def test_two_regimes_beginning_the_same_year_are_refused(tmp_path):
    with pytest.raises(FormDefinitionError):
        load_regimes(_regimes_folder(tmp_path, new_first_year=2023))


def test_a_first_year_that_is_no_year_is_refused(tmp_path):
    with pytest.raises(FormDefinitionError):
        load_regimes(_regimes_folder(tmp_path, new_first_year="năm sau"))


@pytest.fixture
def new_regime(tmp_path, monkeypatch):
    monkeypatch.setattr(definitions, "DATA_DIR", _regimes_folder(tmp_path))
    definitions.all_regimes.cache_clear()
    yield
    definitions.all_regimes.cache_clear()


def test_a_regime_added_as_files_fills_its_forms_from_its_first_year(tree, movements, new_regime):
    old = definitions.get_form("0601", 2025)
    new = definitions.get_form("0601", 2026)
    assert old is not None and new is not None
    assert old.title != NEW_TITLE and new.title == NEW_TITLE
    # Year 2026 holds m5 (thematic, 1 December 2025) alone: the new form counts it.
    assert table(compute_form(new, tree.commune, 2026))["total"]["total"] == 1
    # The old regime's forms stay for the old years: 2025 counted as before (hand counts in test_forms).
    assert table(compute_form(old, tree.commune, 2025))["total"]["total"] == 5
    assert definitions.get_form("0602", 2026) is None


@pytest.mark.parametrize("level", ["commune", "province"])
def test_the_new_regimes_form_for_a_year_without_data_is_zeros(tree, movements, new_regime, level):
    form = definitions.get_form("0601", 2027)
    assert form is not None and form.title == NEW_TITLE
    result = compute_form(form, getattr(tree, level), 2027)
    cells = [value for line in result.rows for value in line.values if value is not None]
    assert cells and all(value == 0 for value in cells)


def test_the_pages_offer_the_forms_of_the_years_regime(client, tree, personas, movements, new_regime):
    client.force_login(personas["officer"])
    index = client.get(reverse("statistics:index"), {"year": 2026})
    assert index.context["year"] == 2026
    assert "Chế độ báo cáo thử" in index.content.decode()
    assert [form.id for form in index.context["forms"]] == ["0601"]
    older = client.get(reverse("statistics:index"), {"year": 2025})
    assert "Thông tư số 02/2023/TT-BNV" in older.content.decode()
    assert [form.id for form in older.context["forms"]] == ["0601", "0602", "0603"]
    page = client.get(reverse("statistics:form", args=[tree.commune.pk, 2026, "0601"]))
    assert page.status_code == 200 and NEW_TITLE in page.content.decode()
    assert client.get(reverse("statistics:form", args=[tree.commune.pk, 2026, "0602"])).status_code == 404
    page = client.get(reverse("statistics:form", args=[tree.commune.pk, 2025, "0601"]))
    assert NEW_TITLE not in page.content.decode()
