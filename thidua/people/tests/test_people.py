import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from thidua.access import SYSTEM
from thidua.audit.models import AuditEntry
from thidua.people.importing import COLUMNS, import_people
from thidua.people.models import Person
from thidua.people.services import person_create


@pytest.fixture
def dien(tree):
    return person_create(
        actor=SYSTEM, full_name="Phạm Thanh Diễn", gender="male", unit=tree.commune, birth_year=1970
    )


@pytest.mark.parametrize(
    "query", ["pham thanh dien", "Pham Thanh Dien", "Phạm Thanh Diễn", "PHAM THANH", "thanh dien"]
)
def test_search_ignores_diacritics_and_case(dien, query):
    assert list(Person.objects.search(query)) == [dien]


def test_search_page_finds_a_person_typed_without_diacritics(client, personas, dien):
    client.force_login(personas["officer"])
    response = client.get(reverse("people:list"), {"q": "pham thanh dien"})
    assert "Phạm Thanh Diễn" in response.content.decode()


def test_search_page_answers_htmx_with_only_the_results(client, personas, dien):
    client.force_login(personas["officer"])
    response = client.get(reverse("people:list"), {"q": "dien"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert 'id="results"' in body and "<html" not in body and "Phạm Thanh Diễn" in body


def test_search_stays_inside_the_users_units(client, personas, tree, dien):
    person_create(actor=SYSTEM, full_name="Phạm Thanh Diễn", gender="male", unit=tree.other_hamlet)
    client.force_login(personas["outsider"])
    page = client.get(reverse("people:list"), {"q": "dien"}).context["page"]
    assert [p.unit for p in page] == [tree.other_hamlet]


def test_unit_search_ignores_diacritics(client, personas, tree):
    client.force_login(personas["officer"])
    response = client.get(reverse("units:list"), {"q": "ap my hoa"})
    assert [u.name for u in response.context["page"]] == ["Ấp Mỹ Hòa"]


def test_officer_edits_a_person_and_sees_the_change_in_the_audit_trail(client, personas, dien, tree):
    client.force_login(personas["officer"])
    url = reverse("people:edit", args=[dien.pk])
    data = {
        "full_name": "Phạm Thanh Diễn",
        "gender": "male",
        "birth_year": "1970",
        "position": "Chủ tịch UBND xã",
        "category": "official",
        "unit": tree.commune.pk,
        "phone": "",
        "note": "",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    page = client.get(reverse("people:detail", args=[dien.pk])).content.decode()
    assert "Chủ tịch UBND xã" in page and "officer" in page
    entry = AuditEntry.objects.filter(model="people.person", object_id=str(dien.pk), action="update").get()
    assert entry.after["position"] == "Chủ tịch UBND xã"


def test_bad_input_is_refused_in_vietnamese_and_what_was_typed_is_kept(client, personas, tree):
    client.force_login(personas["officer"])
    count = Person.objects.count()
    response = client.post(
        reverse("people:new"),
        {
            "full_name": "Nguyễn Văn Tèo",
            "gender": "male",
            "birth_year": "1850",
            "category": "farmer",
            "unit": tree.hamlet.pk,
            "phone": "09x",
            "note": "",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Năm sinh phải từ 1900" in body and "Số điện thoại chỉ gồm chữ số" in body
    assert 'value="Nguyễn Văn Tèo"' in body
    assert Person.objects.count() == count


def test_a_person_cannot_be_placed_in_another_commune(client, personas, tree):
    client.force_login(personas["officer"])
    response = client.post(
        reverse("people:new"),
        {"full_name": "Lê Văn A", "gender": "male", "category": "farmer", "unit": tree.other_hamlet.pk},
    )
    assert "không thuộc phạm vi bạn quản lý" in response.content.decode()
    assert not Person.objects.filter(full_name="Lê Văn A").exists()


def _workbook(rows, header=COLUMNS) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


GOOD = ["Nguyễn Thị Hoa", "Nữ", 1980, "", "Nông dân", "Ấp Mỹ Hòa", "0912345678"]
BAD = ["Trần Văn B", "Không rõ", "năm ngoái", "", "Nông dân", "Ấp Không Có", "0912"]


def test_a_file_with_errors_saves_nothing_and_says_where(tree):
    report = import_people(actor=SYSTEM, unit=tree.commune, data=_workbook([GOOD, BAD]))
    assert not report.saved and Person.objects.count() == 0
    places = {(e.row, e.column) for e in report.errors}
    assert places == {(3, "B"), (3, "C"), (3, "F")}


def test_only_valid_rows_are_imported_when_asked(tree):
    report = import_people(actor=SYSTEM, unit=tree.commune, data=_workbook([GOOD, BAD]), only_valid=True)
    assert report.saved and report.created == 1 and report.skipped == 1
    hoa = Person.objects.get()
    assert hoa.unit == tree.hamlet and hoa.gender == "female" and hoa.search_key == "nguyen thi hoa"
    assert AuditEntry.objects.filter(model="people.person", action="import").count() == 1


def test_formulas_and_merged_cells_are_refused(tree):
    wb = Workbook()
    ws = wb.active
    ws.append(COLUMNS)
    ws.append(["Nguyễn Văn C", "Nam", "=1900+80", "", "", "", ""])
    ws.append(["Nguyễn Văn D", "Nam", 1980, "", "", "", ""])
    ws.merge_cells("D3:E3")
    buffer = io.BytesIO()
    wb.save(buffer)
    report = import_people(actor=SYSTEM, unit=tree.commune, data=buffer.getvalue())
    messages = " ".join(e.message for e in report.errors)
    assert "công thức" in messages and "Ô gộp" in messages and not report.saved


def test_upload_page_rejects_a_file_that_is_not_a_workbook(client, personas):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(personas["officer"])
    response = client.post(
        reverse("people:import"), {"file": SimpleUploadedFile("a.xlsx", b"not a workbook")}
    )
    assert "không phải là bảng tính Excel" in response.content.decode()


def test_template_workbook_has_the_columns_and_the_units(client, personas, tree):
    client.force_login(personas["officer"])
    response = client.get(reverse("people:import_template"))
    wb = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in wb["Cá nhân"][1]] == COLUMNS
    assert "Ấp Mỹ Hòa" in [r[0].value for r in wb["Đơn vị"].iter_rows(min_row=2)]


def test_a_name_is_found_from_any_of_its_words(dien, tree):
    person_create(actor=SYSTEM, full_name="Nguyễn Văn Diện", gender="male", unit=tree.hamlet)
    assert {p.full_name for p in Person.objects.search("dien")} == {"Phạm Thanh Diễn", "Nguyễn Văn Diện"}
    assert list(Person.objects.search("thanh di")) == [dien]


def test_renaming_a_person_moves_their_search_keys(dien, personas):
    from thidua.people.services import person_update

    person_update(actor=personas["officer"], person=dien, full_name="Phạm Thanh Tùng")
    assert list(Person.objects.search("tung")) == [dien]
    assert list(Person.objects.search("dien")) == []


def test_the_search_page_lists_each_person_once(client, personas, tree):
    person_create(actor=SYSTEM, full_name="Lê Lê Lê", gender="male", unit=tree.hamlet)
    client.force_login(personas["officer"])
    page = client.get(reverse("people:list"), {"q": "le"}).context["page"]
    assert [p.full_name for p in page] == ["Lê Lê Lê"]


def test_a_hamlet_page_lists_its_households_and_a_person_page_their_family(client, personas, tree):
    from thidua.people.services import household_create

    head = person_create(actor=SYSTEM, full_name="Trần Văn Cha", gender="male", unit=tree.hamlet)
    child = person_create(actor=SYSTEM, full_name="Trần Thị Con", gender="female", unit=tree.hamlet)
    household = household_create(actor=SYSTEM, head=head, hamlet=tree.hamlet, address="Số 7")
    child.household = household
    child.save()
    client.force_login(personas["representative"])
    body = client.get(reverse("units:detail", args=[tree.hamlet.pk])).content.decode()
    assert "Trần Văn Cha" in body and "Số 7" in body
    body = client.get(reverse("people:detail", args=[head.pk])).content.decode()
    assert "Trần Thị Con" in body


def test_the_person_picker_offers_matching_people_of_the_users_units_only(client, personas, tree, dien):
    person_create(actor=SYSTEM, full_name="Phạm Thanh Diễn", gender="male", unit=tree.other_hamlet)
    url = reverse("people:pick")
    assert client.get(url, {"q": "dien"}).status_code == 302
    client.force_login(personas["officer"])
    body = client.get(url, {"field": "person", "person__q": "pham thanh dien"}).content.decode()
    assert f'value="{dien.pk}"' in body and body.count("Phạm Thanh Diễn") == 1 and "1 người phù hợp" in body
    assert "Không tìm thấy ai" in client.get(url, {"q": "khong co ai"}).content.decode()
    client.force_login(personas["outsider"])
    assert f'value="{dien.pk}"' not in client.get(url, {"q": "dien"}).content.decode()


def test_the_picker_renders_only_the_chosen_person_and_the_form_refuses_one_out_of_scope(tree, dien):
    from django import forms

    from thidua.people.widgets import PersonPicker

    class PickForm(forms.Form):
        person = forms.ModelChoiceField(queryset=Person.objects.in_subtree(tree.commune), widget=PersonPicker)

    for i in range(30):
        person_create(actor=SYSTEM, full_name=f"Người Thứ {i}", gender="male", unit=tree.hamlet)
    html = str(PickForm(initial={"person": dien.pk})["person"])
    assert html.count("<option") == 2 and "Phạm Thanh Diễn" in html and "hx-get" in html
    stranger = person_create(actor=SYSTEM, full_name="Người Xã Khác", gender="male", unit=tree.other_hamlet)
    assert not PickForm({"person": stranger.pk}).is_valid()
    assert PickForm({"person": dien.pk}).is_valid()


def test_an_officer_of_another_commune_cannot_add_a_person_here(personas, tree):
    from django.http import Http404

    with pytest.raises(Http404):
        person_create(actor=personas["outsider"], full_name="Người Lạ", gender="male", unit=tree.hamlet)
    assert not Person.objects.filter(full_name="Người Lạ").exists()


def test_moving_a_person_needs_the_right_on_the_unit_they_move_to(personas, tree, dien):
    from django.http import Http404

    from thidua.people.services import person_update

    with pytest.raises(Http404):
        person_update(actor=personas["officer"], person=dien, unit=tree.other_hamlet)
    dien.refresh_from_db()
    assert dien.unit == tree.commune


def test_a_household_links_its_members_and_each_change_is_audited(personas, tree):
    from thidua.people.services import household_create

    head = person_create(actor=SYSTEM, full_name="Chủ Hộ", gender="male", unit=tree.hamlet)
    child = person_create(actor=SYSTEM, full_name="Con", gender="female", unit=tree.hamlet)
    household = household_create(actor=personas["officer"], head=head, members=[child], hamlet=tree.hamlet)
    assert set(household.members.all()) == {head, child}
    assert AuditEntry.objects.filter(model="people.person", action="update").count() == 2


@pytest.mark.parametrize("narrow", [100, 0])
def test_a_units_list_reads_the_same_people_in_the_same_order_whichever_way_its_scope_is_read(
    client, personas, tree, monkeypatch, narrow
):
    """A narrow scope is read by its units' ids, a wide one by path: the page is the same."""
    from thidua.people import selectors

    monkeypatch.setattr(selectors, "NARROW_SCOPE_UNITS", narrow)
    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)
    for name, unit in [("Võ Văn Ba", tree.hamlet), ("Lê Thị Một", tree.hamlet2), ("Trần Hai", tree.hamlet)]:
        person_create(actor=SYSTEM, full_name=name, gender="male", unit=unit)
    person_create(actor=SYSTEM, full_name="An Ngoài Xã", gender="male", unit=tree.other_hamlet)
    client.force_login(personas["officer"])
    pages = [client.get(reverse("people:list"), {"page": n}).context["page"].object_list for n in (1, 2)]
    assert [[p.full_name for p in page] for page in pages] == [["Lê Thị Một", "Trần Hai"], ["Võ Văn Ba"]]
    hamlet = client.get(reverse("people:list"), {"unit": tree.hamlet.pk}).context["page"]
    assert [p.full_name for p in hamlet.object_list] == ["Trần Hai", "Võ Văn Ba"] and not hamlet.has_next
