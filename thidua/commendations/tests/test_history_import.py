"""Award history from past decisions: matching the rows of their lists to people of the commune,
the officer's choices, confirming, undoing, and files that give nothing."""

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from thidua.access import SYSTEM
from thidua.audit.models import AuditEntry
from thidua.commendations import eligibility, services
from thidua.commendations.models import (
    Award,
    HistoryBatch,
    HistoryBatchState,
    HistoryMatch,
    HistoryRow,
)
from thidua.commendations.services import history_import as hi
from thidua.commendations.tests.conftest import make_person, nominate
from thidua.lib.errors import ServiceError
from thidua.people.models import Gender, Person

pytestmark = pytest.mark.django_db

LIST_2023 = """DANH SÁCH CÁ NHÂN ĐẠT DANH HIỆU LAO ĐỘNG TIÊN TIẾN NĂM 2023
(Kèm theo Quyết định số 15/QĐ-UBND ngày 20/12/2023 của Chủ tịch UBND xã Mỹ Thạnh)

| STT | Họ và tên | Chức vụ | Đơn vị |
| 1 | Nguyen Van An | Trưởng ấp | Ấp Mỹ Hòa |
| 2 | Bà Trần Thị Bé | Công chức Văn phòng - Thống kê | UBND xã |
| 3 | Ông Lê Văn Cường | Phó Bí thư Chi bộ | Ấp Thạnh Lợi |
"""


def upload(text, name="qd-15-2023.txt"):
    return [(name, text.encode())]


def rows_by_name(batch):
    return {r.name: r for r in batch.rows.all()}


def test_a_row_is_matched_without_diacritics_and_an_unknown_name_is_a_new_person(tree):
    an = make_person(tree.hamlet, "Nguyễn Văn An")
    batch = hi.history_batch_create(actor=SYSTEM, commune=tree.commune, uploads=upload(LIST_2023))

    rows = rows_by_name(batch)
    assert rows["Nguyen Van An"].match == HistoryMatch.PROPOSED
    assert rows["Nguyen Van An"].person == an
    assert rows["Trần Thị Bé"].match == HistoryMatch.NEW
    assert rows["Trần Thị Bé"].gender == Gender.FEMALE
    assert rows["Lê Văn Cường"].gender == Gender.MALE
    assert rows["Lê Văn Cường"].unit == tree.hamlet2
    assert {r.award_type.code for r in rows.values()} == {"ldtt"}
    assert {(r.year, r.external_ref) for r in rows.values()} == {(2023, "15/QĐ-UBND ngày 20/12/2023")}
    assert not Award.objects.exists()  # nothing is recorded before the officer confirms


def test_a_person_of_another_commune_is_not_proposed(tree):
    make_person(tree.other_hamlet, "Nguyễn Văn An")
    batch = hi.history_batch_create(actor=SYSTEM, commune=tree.commune, uploads=upload(LIST_2023))
    assert rows_by_name(batch)["Nguyen Van An"].match == HistoryMatch.NEW


def test_two_namesakes_in_the_unit_must_be_chosen_never_picked(tree):
    first = make_person(tree.hamlet, "Nguyễn Văn An")
    second = make_person(tree.hamlet, "Nguyễn Văn Ân")
    batch = hi.history_batch_create(actor=SYSTEM, commune=tree.commune, uploads=upload(LIST_2023))
    row = rows_by_name(batch)["Nguyen Van An"]
    assert row.match == HistoryMatch.CHOOSE and row.person is None
    assert set(row.candidates.all()) == {first, second}
    assert row.doubtful

    with pytest.raises(ServiceError) as exc:
        hi.history_batch_confirm(actor=SYSTEM, batch=batch, choices=_genders(batch))
    assert exc.value.code == "must_choose"
    assert not Award.objects.exists() and not Person.objects.filter(full_name="Trần Thị Bé").exists()

    choices = _genders(batch) | {row.pk: hi.RowChoice(person=str(second.pk))}
    hi.history_batch_confirm(actor=SYSTEM, batch=batch, choices=choices)
    assert Award.objects.get(person=second, year=2023).award_type.code == "ldtt"
    assert not Award.objects.filter(person=first).exists()


def test_the_unit_tells_namesakes_apart(tree):
    make_person(tree.hamlet2, "Nguyễn Văn An")
    here = make_person(tree.hamlet, "Nguyễn Văn An")
    batch = hi.history_batch_create(actor=SYSTEM, commune=tree.commune, uploads=upload(LIST_2023))
    row = rows_by_name(batch)["Nguyen Van An"]
    assert row.match == HistoryMatch.PROPOSED and row.person == here


def _genders(batch):
    return {r.pk: hi.RowChoice(gender=Gender.FEMALE) for r in batch.rows.filter(match=HistoryMatch.NEW)}


def test_confirming_records_awards_and_new_people_audited_and_an_imported_ldtt_counts(tree, award):
    an = make_person(tree.hamlet, "Nguyễn Văn An", year=2023)
    batch = hi.history_batch_create(actor=SYSTEM, commune=tree.commune, uploads=upload(LIST_2023))
    hi.history_batch_confirm(actor=SYSTEM, batch=batch)

    batch.refresh_from_db()
    assert batch.state == HistoryBatchState.CONFIRMED
    awards = Award.objects.filter(year=2023, award_type__code="ldtt")
    assert awards.count() == 3
    assert {a.external_ref for a in awards} == {"15/QĐ-UBND ngày 20/12/2023"}
    assert all(a.decision_id is None and a.commune == tree.commune for a in awards)
    be = Person.objects.get(full_name="Trần Thị Bé")
    assert be.gender == Gender.FEMALE and be.unit == tree.commune
    assert Person.objects.get(full_name="Lê Văn Cường").unit == tree.hamlet2
    assert Person.objects.search("tran thi be").get() == be  # indexed for search like any person
    logged = AuditEntry.objects.filter(model="commendations.award").count()
    assert logged == 3
    assert AuditEntry.objects.filter(model="people.person", object_id=str(be.pk)).exists()
    assert AuditEntry.objects.filter(model="commendations.historybatch", object_id=str(batch.pk)).count() == 2

    # Chiến sĩ thi đua cơ sở needs the Lao động tiên tiến of the same year: the imported one counts.
    cstdcs = nominate(tree, award("cstdcs"), person=an, checked=False, year=2023)
    checks = {c.code: c for c in eligibility.evaluate(cstdcs)}
    assert checks["ldtt_same_year"].result == eligibility.PASS


def test_the_same_row_imported_twice_is_not_recorded_twice(tree):
    make_person(tree.hamlet, "Nguyễn Văn An")
    first = hi.history_batch_create(actor=SYSTEM, commune=tree.commune, uploads=upload(LIST_2023))
    hi.history_batch_confirm(actor=SYSTEM, batch=first)
    again = hi.history_batch_create(
        actor=SYSTEM, commune=tree.commune, uploads=upload(LIST_2023, "ban-sao.txt")
    )
    # the people created by the first import are found now
    assert {r.match for r in again.rows.all()} == {HistoryMatch.PROPOSED}
    hi.history_batch_confirm(actor=SYSTEM, batch=again)

    assert Award.objects.filter(year=2023).count() == 3
    assert all(r.duplicate and r.award is None for r in again.rows.all())
    assert Person.objects.filter(full_name="Trần Thị Bé").count() == 1


def test_the_same_row_twice_in_one_upload_is_recorded_once(tree):
    make_person(tree.hamlet, "Nguyễn Văn An")
    uploads = upload(LIST_2023, "a.txt") + upload(LIST_2023, "b.txt")
    batch = hi.history_batch_create(actor=SYSTEM, commune=tree.commune, uploads=uploads)
    an_rows = [r.pk for r in batch.rows.filter(name="Nguyen Van An")]
    hi.history_batch_confirm(actor=SYSTEM, batch=batch, choices={pk: hi.RowChoice() for pk in an_rows})
    assert Award.objects.filter(person__full_name="Nguyễn Văn An", year=2023).count() == 1


def test_undo_removes_the_whole_batch_as_one_audited_action(tree):
    an = make_person(tree.hamlet, "Nguyễn Văn An")
    before_awards = Award.objects.count()
    batch = hi.history_batch_create(actor=SYSTEM, commune=tree.commune, uploads=upload(LIST_2023))
    hi.history_batch_confirm(actor=SYSTEM, batch=batch)
    hi.history_batch_undo(actor=SYSTEM, batch=batch)

    batch.refresh_from_db()
    assert batch.state == HistoryBatchState.UNDONE
    assert Award.objects.count() == before_awards
    assert not Person.objects.filter(full_name__in=["Trần Thị Bé", "Lê Văn Cường"]).exists()
    assert Person.objects.filter(pk=an.pk).exists()  # a person the commune already had stays
    assert AuditEntry.objects.filter(model="commendations.award", action="delete").count() == 3
    with pytest.raises(ServiceError) as exc:
        hi.history_batch_undo(actor=SYSTEM, batch=batch)
    assert exc.value.code == "not_confirmed"


def test_undo_is_refused_when_an_award_was_annulled_since_and_nothing_is_removed(tree):
    make_person(tree.hamlet, "Nguyễn Văn An")
    batch = hi.history_batch_create(actor=SYSTEM, commune=tree.commune, uploads=upload(LIST_2023))
    hi.history_batch_confirm(actor=SYSTEM, batch=batch)
    Award.objects.filter(recipient_name="Nguyễn Văn An").update(annulled=True)

    with pytest.raises(ServiceError) as exc:
        hi.history_batch_undo(actor=SYSTEM, batch=batch)
    assert exc.value.code == "award_used"
    assert Award.objects.filter(year=2023).count() == 3
    assert Person.objects.filter(full_name="Trần Thị Bé").exists()


def test_an_award_of_the_wrong_kind_or_none_is_refused(tree, award):
    make_person(tree.hamlet, "Nguyễn Văn An")
    text = LIST_2023.replace("ĐẠT DANH HIỆU LAO ĐỘNG TIÊN TIẾN", "ĐƯỢC KHEN THƯỞNG")
    batch = hi.history_batch_create(actor=SYSTEM, commune=tree.commune, uploads=upload(text))
    row = rows_by_name(batch)["Nguyen Van An"]
    assert row.award_type is None and row.doubtful
    with pytest.raises(ServiceError) as exc:
        hi.history_batch_confirm(actor=SYSTEM, batch=batch)
    assert exc.value.code == "no_award_type"
    collective = {r.pk: hi.RowChoice(award_type=award("ttldtt").pk) for r in batch.rows.all()}
    with pytest.raises(ServiceError) as exc:
        hi.history_batch_confirm(actor=SYSTEM, batch=batch, choices=collective)
    assert exc.value.code == "wrong_award_kind"
    assert not Award.objects.exists()


def test_collective_rows_are_matched_to_the_communes_units(tree):
    text = """DANH SÁCH TẬP THỂ ĐƯỢC TẶNG GIẤY KHEN NĂM 2022
(Kèm theo Quyết định số 30/QĐ-UBND ngày 15/12/2022 của Chủ tịch UBND xã Mỹ Thạnh)

I. TẬP THỂ
1. Ấp Mỹ Hòa
2. Hội Nông dân xã
3. Tổ hợp tác rau sạch Thạnh Lợi
"""
    batch = hi.history_batch_create(actor=SYSTEM, commune=tree.commune, uploads=upload(text))
    rows = rows_by_name(batch)
    assert rows["Ấp Mỹ Hòa"].unit == tree.hamlet and not rows["Ấp Mỹ Hòa"].doubtful
    assert rows["Hội Nông dân xã"].unit == tree.farmers
    assert {r.award_type.code for r in rows.values()} == {"gk-tapthe"}
    unknown = rows["Tổ hợp tác rau sạch Thạnh Lợi"]
    assert unknown.unit is None and unknown.doubtful
    with pytest.raises(ServiceError) as exc:
        hi.history_batch_confirm(actor=SYSTEM, batch=batch)
    assert exc.value.code == "no_collective" and not Award.objects.exists()
    hi.history_batch_confirm(actor=SYSTEM, batch=batch, choices={unknown.pk: hi.RowChoice(person="skip")})
    assert set(Award.objects.values_list("collective", flat=True)) == {tree.hamlet.pk, tree.farmers.pk}


def test_a_folder_in_a_zip_is_read_file_by_file(tree):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("2023/qd-15.txt", LIST_2023)
        archive.writestr("2023/ghi-chu.jpg", b"\xff\xd8 not a decision")
        archive.writestr("__MACOSX/2023/._qd-15.txt", b"junk")
    batch = hi.history_batch_create(
        actor=SYSTEM, commune=tree.commune, uploads=[("quyet-dinh.zip", buffer.getvalue())]
    )
    assert [f["name"] for f in batch.files] == ["2023/qd-15.txt"]
    assert batch.rows.count() == 3


def test_a_zip_bomb_is_refused_before_it_is_opened(tree, settings):
    settings.THIDUA_UPLOAD_MAX_UNCOMPRESSED_BYTES = 1024 * 1024
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("qd.txt", "a" * (5 * 1024 * 1024))
    with pytest.raises(ServiceError) as exc:
        hi.history_batch_create(actor=SYSTEM, commune=tree.commune, uploads=[("qd.zip", buffer.getvalue())])
    assert "nén" in str(exc.value)
    assert not HistoryBatch.objects.exists()


def test_files_that_give_no_list_are_refused_in_vietnamese_and_nothing_is_saved(tree):
    uploads = [
        ("rac.docx", b"\x00\x01\x02 not a document" * 40),
        ("meo.pdf", b"%PDF-1.4 broken"),
        ("cong-van.txt", "Kính gửi các ấp.\nĐề nghị báo cáo trước ngày 5.".encode()),
    ]
    with pytest.raises(ServiceError) as exc:
        hi.history_batch_create(actor=SYSTEM, commune=tree.commune, uploads=uploads)
    assert exc.value.code == "nothing_read"
    assert str(exc.value).startswith(str(hi.NOTHING_READ))
    assert "Traceback" not in str(exc.value)
    assert not HistoryBatch.objects.exists() and not HistoryRow.objects.exists()


def test_a_bad_file_beside_good_ones_is_named_and_the_rest_is_read(tree):
    uploads = upload(LIST_2023) + [("hong.pdf", b"%PDF-1.4 broken")]
    batch = hi.history_batch_create(actor=SYSTEM, commune=tree.commune, uploads=uploads)
    errors = {f["name"]: f["error"] for f in batch.files}
    assert errors["qd-15-2023.txt"] == ""
    assert "PDF" in errors["hong.pdf"]


def test_only_those_who_may_record_awards_import(tree, personas):
    for role in ("viewer", "council"):
        with pytest.raises(PermissionDenied):
            hi.history_batch_create(actor=personas[role], commune=tree.commune, uploads=upload(LIST_2023))
    for role in ("representative", "outsider"):  # the commune's records are not theirs to see
        with pytest.raises(Http404):
            hi.history_batch_create(actor=personas[role], commune=tree.commune, uploads=upload(LIST_2023))
    batch = hi.history_batch_create(actor=personas["leader"], commune=tree.commune, uploads=upload(LIST_2023))
    assert batch.created_by == personas["leader"]


def test_names_in_capitals_or_with_the_old_tone_placement_match_and_new_ones_are_written_as_names(tree):
    hoa = make_person(tree.hamlet, "Nguyễn Văn Hòa")
    text = """DANH SÁCH CÁ NHÂN ĐẠT DANH HIỆU LAO ĐỘNG TIÊN TIẾN NĂM 2018
(Kèm theo Quyết định số 50/QĐ-UBND ngày 14/12/2018 của Chủ tịch UBND xã Mỹ Thạnh)

1. Ông NGUYỄN VĂN HOÀ, Trưởng ấp Mỹ Hòa
2. Bà LÊ THỊ THUỶ, Chi hội trưởng Phụ nữ ấp Thạnh Lợi
"""
    batch = hi.history_batch_create(actor=SYSTEM, commune=tree.commune, uploads=upload(text))
    rows = rows_by_name(batch)
    assert rows["NGUYỄN VĂN HOÀ"].person == hoa
    assert rows["LÊ THỊ THUỶ"].match == HistoryMatch.NEW
    hi.history_batch_confirm(actor=SYSTEM, batch=batch)
    thuy = Person.objects.get(search_key="le thi thuy")
    assert thuy.full_name == "Lê Thị Thuỷ" and thuy.unit == tree.hamlet2 and thuy.gender == Gender.FEMALE
    assert Award.objects.filter(person=hoa, year=2018, award_type__code="ldtt").exists()


def test_undo_is_refused_once_a_nomination_of_that_year_was_examined_with_the_imported_title(tree, award):
    an = make_person(tree.hamlet, "Nguyễn Văn An", year=2023)
    batch = hi.history_batch_create(actor=SYSTEM, commune=tree.commune, uploads=upload(LIST_2023))
    hi.history_batch_confirm(actor=SYSTEM, batch=batch)
    nomination = nominate(tree, award("cstdcs"), person=an, checked=False, year=2023)
    # sent, the nomination is examined against the imported title
    services.nomination_submit(actor=SYSTEM, nomination=nomination)

    with pytest.raises(ServiceError) as exc:
        hi.history_batch_undo(actor=SYSTEM, batch=batch)
    assert exc.value.code == "award_used" and "Nguyen Van An" in str(exc.value)
    assert Award.objects.filter(person=an, year=2023).exists()


def test_households_are_found_by_their_heads_name_and_never_created(tree):
    from thidua.people.services import household_create

    head = make_person(tree.hamlet, "Phạm Văn Tư")
    household = household_create(actor=SYSTEM, head=head, hamlet=tree.hamlet)
    text = """DANH SÁCH HỘ GIA ĐÌNH ĐẠT DANH HIỆU GIA ĐÌNH VĂN HÓA NĂM 2022
(Kèm theo Quyết định số 33/QĐ-UBND ngày 16/12/2022 của Chủ tịch UBND xã Mỹ Thạnh)

1. Hộ ông Phạm Văn Tư, Ấp Mỹ Hòa
2. Hộ bà Đặng Thị Năm, Ấp Thạnh Lợi
"""
    batch = hi.history_batch_create(actor=SYSTEM, commune=tree.commune, uploads=upload(text))
    rows = rows_by_name(batch)
    found, unknown = rows["Hộ ông Phạm Văn Tư"], rows["Hộ bà Đặng Thị Năm"]
    assert (found.match, found.household, found.award_type.code) == (
        HistoryMatch.HOUSEHOLD,
        household,
        "gdvh",
    )
    assert unknown.match == HistoryMatch.SKIP and unknown.doubtful

    hi.history_batch_confirm(actor=SYSTEM, batch=batch)
    award = Award.objects.get()
    assert (award.household, award.recipient_kind, award.year) == (household, "household", 2022)
    assert not Person.objects.filter(full_name__icontains="Năm").exists()
