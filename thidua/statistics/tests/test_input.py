"""Decomposed Vietnamese (NFD, as some keyboards send it) in the forms' addresses, query parameters
and the command: the same records are found, or the request is refused cleanly (never a crash)."""

import unicodedata
from urllib.parse import quote

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from thidua.statistics.tests.test_forms import needs_level

YEAR = 2025


def nfd(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    assert decomposed != text
    return decomposed


def cell_url(unit, row, column, code="0603"):
    return reverse("statistics:cell", args=[unit.pk, YEAR, code, row, column])


@needs_level
def test_a_decomposed_page_number_lists_the_same_records_as_the_first_page(client, tree, personas, awards):
    client.force_login(personas["officer"])
    url = cell_url(tree.commune, "individual", "certificate")
    first = client.get(url)
    decomposed = client.get(url, {"page": nfd("Xã Mỹ Thạnh")})
    assert first.status_code == decomposed.status_code == 200
    for name in ("Nguyễn Văn Đức", "Phạm Văn Định", "Võ Thị Đoan"):
        assert name in decomposed.content.decode()
    assert decomposed.context["count"] == first.context["count"] == 3
    assert [a.pk for a in decomposed.context["page"]] == [a.pk for a in first.context["page"]]


@needs_level
def test_a_decomposed_recipient_name_is_listed_and_counted_like_a_composed_one(
    client, tree, personas, awards
):
    award = awards["a1"]
    award.recipient_name = nfd("Ủy ban nhân dân xã Mỹ Thạnh")
    award.save(update_fields=["recipient_name"])
    client.force_login(personas["officer"])
    response = client.get(cell_url(tree.commune, "individual", "certificate"))
    assert response.context["count"] == 3
    assert award.pk in [a.pk for a in response.context["page"]]


def test_a_decomposed_year_on_the_index_falls_back_to_the_current_year(client, tree, personas):
    client.force_login(personas["officer"])
    response = client.get(reverse("statistics:index"), {"year": nfd("năm hai nghìn")})
    assert response.status_code == 200
    assert response.context["year"] == response.context["years"][0]


@pytest.mark.parametrize(
    "path",
    [
        "{unit}/2025/{word}/",  # a form code
        "{unit}/2025/0603/{word}/total/",  # a row
        "{unit}/2025/0603/total/{word}/",  # a column
        "{word}/2025/0603/",  # a unit
        "{unit}/{word}/0603/",  # a year
    ],
)
def test_decomposed_words_in_a_forms_address_are_not_found(client, tree, personas, path):
    client.force_login(personas["officer"])
    word = quote(nfd("Thạnh"))
    url = reverse("statistics:index") + path.format(unit=tree.commune.pk, word=word)
    assert client.get(url).status_code == 404


def test_the_command_refuses_a_decomposed_unit_with_a_vietnamese_message(tree):
    with pytest.raises(CommandError, match="Không có xã hoặc tỉnh mã"):
        call_command("statistics", form="0603", year=YEAR, unit=nfd("Xã Mỹ Thạnh"))
    with pytest.raises(CommandError, match="Không có biểu"):
        call_command("statistics", form=nfd("biểu một"), year=YEAR, unit=tree.commune.code or "0")
