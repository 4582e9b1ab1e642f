"""A person's requests: everything held about them (and nothing about anyone else) as JSON and PDF,
from their page or `thidua personal-data`, and anonymisation where the archive rules allow it."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.http import Http404
from django.urls import reverse

from thidua.access import SYSTEM
from thidua.audit import digests
from thidua.audit.models import AuditAction, AuditEntry
from thidua.audit.services import audit_verify
from thidua.commendations import services as commendations
from thidua.commendations.models import Award, AwardType, Decision, Discipline, Objection
from thidua.commendations.models.notices import Notice
from thidua.lib.errors import ServiceError
from thidua.people.models import Gender, Person
from thidua.people.services import household_create, membership_add, person_create, person_update
from thidua.privacy import services
from thidua.privacy.models import SensitiveKind, SensitiveRead
from thidua.privacy.person_export import person_data


def _nominate(tree, person, achievement):
    return commendations.nomination_create(
        actor=SYSTEM,
        unit=tree.hamlet,
        award_type=AwardType.objects.get(code="ldtt"),
        year=2025,
        achievement=achievement,
        person=person,
    )


@pytest.fixture
def family(tree, personas):
    """Two men of nearly the same name in one household, each with his own phone, nomination and
    objection; only the first is a member of the farmers' association."""
    an = person_create(
        actor=SYSTEM, full_name="Nguyễn Văn An", gender=Gender.MALE, unit=tree.hamlet, phone="0912 111 222"
    )
    anh = person_create(
        actor=SYSTEM, full_name="Nguyễn Văn Anh", gender=Gender.MALE, unit=tree.hamlet, phone="0933444555"
    )
    person_update(actor=personas["officer"], person=an, birth_year=1961, note="Cựu chiến binh")
    person_update(actor=personas["officer"], person=anh, birth_year=1988, note="Thợ hồ")
    household_create(actor=SYSTEM, head=an, hamlet=tree.hamlet, members=[anh], address="Tổ 3")
    membership_add(actor=SYSTEM, person=an, unit=tree.farmers, title="Hội viên")
    _nominate(tree, an, "Nuôi cá giỏi")
    _nominate(tree, anh, "Xây nhà tình thương")
    Discipline.objects.create(person=anh, kind="discipline", severity=1, year=2024, note="Vi phạm của Anh")
    notice = Notice.objects.create(
        commune=tree.commune, title="Công khai", starts_on=dt.date(2025, 12, 1), ends_on=dt.date(2025, 12, 10)
    )
    Objection.objects.create(notice=notice, name="nguyen van an", contact="0912.111.222", text="Tôi góp ý")
    Objection.objects.create(
        notice=notice, name="Nguyễn Văn An", contact="0999 000 111", text="Người trùng tên"
    )
    an.refresh_from_db()
    anh.refresh_from_db()
    return an, anh


def _text(data) -> str:
    return json.dumps(data, ensure_ascii=False)


def test_a_persons_export_holds_their_data_and_none_of_their_household_namesakes(family):
    an, anh = family
    data = person_data(an)
    text = _text(data)
    assert data["person"]["phone"] == "0912 111 222" and data["person"]["birth_year"] == 1961
    assert data["household"]["is_head"] and data["household"]["address"] == "Tổ 3"
    assert [m["unit"]["name"] for m in data["memberships"]] == ["Hội Nông dân xã"]
    assert [n["achievement"] for n in data["nominations"]] == ["Nuôi cá giỏi"]
    for theirs in (
        "0933444555",
        "1988",
        "Thợ hồ",
        "Xây nhà tình thương",
        "Vi phạm của Anh",
        "Nguyễn Văn Anh",
    ):
        assert theirs not in text
    assert data["disciplines"] == []
    own = {str(an.pk)} | {str(n["id"]) for n in data["nominations"]}
    assert data["audit"] and all(
        e["object_id"] in own or e["model"] == "people.membership" for e in data["audit"]
    )


def test_the_objections_a_person_sent_count_only_when_name_and_phone_both_match(family):
    an, anh = family
    sent = person_data(an)["sent"]["objections"]
    assert [o["text"] for o in sent] == ["Tôi góp ý"]
    assert person_data(anh)["sent"]["objections"] == []


def test_the_command_prints_the_same_json_as_the_page(family, client, personas):
    an, _anh = family
    out = StringIO()
    call_command("personal_data", "--person", str(an.pk), "--json", stdout=out)
    printed = json.loads(out.getvalue())
    client.force_login(personas["officer"])
    downloaded = json.loads(client.get(reverse("privacy:person_json", args=[an.pk])).content)
    for data in (printed, downloaded):
        data.pop("generated_at")
    assert printed == downloaded
    assert printed["person"]["full_name"] == "Nguyễn Văn An"


def test_the_officer_gets_the_pdf_and_the_reads_are_logged(family, client, personas):
    an, _anh = family
    client.force_login(personas["officer"])
    response = client.get(reverse("privacy:person_pdf", args=[an.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert SensitiveRead.objects.filter(
        person=an, kind=SensitiveKind.CONTACT, reader=personas["officer"]
    ).exists()


@pytest.mark.parametrize("role", ["leader", "council", "representative", "viewer", "outsider"])
def test_only_the_units_admin_and_officer_reach_a_persons_data(family, client, personas, role):
    an, _anh = family
    client.force_login(personas[role])
    for name in ("privacy:person", "privacy:person_json", "privacy:person_pdf"):
        assert client.get(reverse(name, args=[an.pk])).status_code in (403, 404)


def test_the_persons_page_offers_the_downloads_to_the_officer(family, client, personas):
    an, _anh = family
    client.force_login(personas["admin"])
    response = client.get(reverse("privacy:person", args=[an.pk]))
    assert response.status_code == 200
    assert reverse("privacy:person_pdf", args=[an.pk]).encode() in response.content
    detail = client.get(reverse("people:detail", args=[an.pk]))
    assert reverse("privacy:person", args=[an.pk]).encode() in detail.content


# --- anonymisation


def _withdraw_all(person):
    for nomination in person.nominations.all():
        commendations.nomination_withdraw(actor=SYSTEM, nomination=nomination)


def _signed_award(tree, person) -> Award:
    decision = Decision.objects.create(
        commune=tree.commune,
        title="Khen thưởng năm 2025",
        year=2025,
        number=12,
        number_label="12/QĐ-UBND",
        state=Decision.State.SIGNED,
        signed_on=dt.date(2025, 12, 20),
    )
    return Award.objects.create(
        award_type=AwardType.objects.get(code="ldtt"),
        year=2025,
        commune=tree.commune,
        recipient_kind="individual",
        person=person,
        recipient_name=person.full_name,
        decision=decision,
    )


def test_anonymising_removes_contact_details_from_the_record_and_the_log_and_the_log_verifies(
    family, personas
):
    an, anh = family
    _withdraw_all(an)
    services.person_anonymise(actor=personas["officer"], person=an, reason="Đơn yêu cầu ngày 01/12/2026")
    an.refresh_from_db()
    assert (an.phone, an.birth_year, an.note, an.household_id) == ("", None, "", None)
    assert an.full_name == "Nguyễn Văn An" and not an.memberships.exists()
    log = _text(
        list(AuditEntry.objects.filter(model="people.person", object_id=str(an.pk)).values("before", "after"))
    )
    assert "0912 111 222" not in log and "Cựu chiến binh" not in log and "1961" not in log
    assert "Nguyễn Văn An" in log  # the name stays
    assert _text(person_data(anh)["person"]).count("0933444555") == 1  # the other man is untouched
    assert AuditEntry.objects.filter(action=AuditAction.REDACT).exists()
    assert audit_verify().ok


def test_the_name_stays_when_a_signed_decision_names_the_person_and_the_refusal_says_why(
    family, personas, tree
):
    an, _anh = family
    _withdraw_all(an)
    _signed_award(tree, an)
    with pytest.raises(ServiceError) as refused:
        services.person_anonymise(actor=personas["officer"], person=an, reason="Yêu cầu xóa", full=True)
    assert refused.value.code == "name_in_decision" and "12/QĐ-UBND" in refused.value.message
    an.refresh_from_db()
    assert an.phone == "0912 111 222"  # nothing half done
    assert not AuditEntry.objects.filter(action=AuditAction.REDACT).exists()


def test_full_anonymisation_removes_the_name_everywhere_when_no_decision_names_the_person(family, personas):
    an, _anh = family
    _withdraw_all(an)
    services.person_anonymise(actor=personas["officer"], person=an, reason="Yêu cầu xóa", full=True)
    an.refresh_from_db()
    assert an.full_name == services.anonymised_name(an)
    assert an.nominations.get().recipient_name == an.full_name
    about = AuditEntry.objects.filter(
        model__in=["people.person", "commendations.nomination", "people.household"]
    )
    assert 'Nguyễn Văn An"' not in _text(list(about.values("object_repr", "before", "after")))
    assert digests.REDACTED in _text(list(about.values("object_repr")))
    assert audit_verify().ok


def test_anonymising_waits_for_an_open_nomination(family, personas):
    an, _anh = family
    with pytest.raises(ServiceError) as refused:
        services.person_anonymise(actor=personas["officer"], person=an, reason="Yêu cầu")
    assert refused.value.code == "open_nomination"


def test_anonymising_needs_a_reason_and_the_right_to_manage_the_person(family, personas):
    an, _anh = family
    _withdraw_all(an)
    with pytest.raises(ServiceError):
        services.person_anonymise(actor=personas["officer"], person=an, reason=" ")
    with pytest.raises(Http404):
        services.person_anonymise(actor=personas["outsider"], person=an, reason="Yêu cầu")
    assert Person.objects.get(pk=an.pk).phone == "0912 111 222"


def test_the_officer_anonymises_from_the_persons_page(family, client, personas):
    an, _anh = family
    _withdraw_all(an)
    client.force_login(personas["officer"])
    url = reverse("privacy:person", args=[an.pk])
    response = client.post(url, {"reason": "Đơn yêu cầu"})
    assert response.status_code == 302
    assert Person.objects.get(pk=an.pk).phone == ""


def test_a_signed_award_is_in_the_export_with_its_decision(family, tree):
    an, anh = family
    _signed_award(tree, an)
    awards = person_data(an)["awards"]
    assert [(a["award_type"], a["decision"]["number"]) for a in awards] == [
        (str(AwardType.objects.get(code="ldtt")), "12/QĐ-UBND")
    ]
    assert person_data(anh)["awards"] == []


def test_the_name_stays_while_a_good_example_tells_of_the_person(family, personas, tree):
    from thidua.examples.services import example_propose

    an, _anh = family
    _withdraw_all(an)
    example_propose(
        actor=SYSTEM, unit=tree.hamlet, kind="good_deed", title="Ông An nuôi cá", story="Ông An …", person=an
    )
    with pytest.raises(ServiceError) as refused:
        services.person_anonymise(actor=personas["officer"], person=an, reason="Yêu cầu xóa", full=True)
    assert refused.value.code == "name_in_example" and "Ông An nuôi cá" in refused.value.message


def test_the_citizen_who_reported_a_good_deed_of_the_person_stays_out_of_their_export(family, tree):
    from thidua.audit import changes
    from thidua.examples.services import example_report

    an, _anh = family
    report = example_report(
        hamlet=tree.hamlet, name="Trần Thị Báo", contact="0977 888 999", title="Ông An cứu người",
        story="Ông An cứu em bé", ip="10.0.0.9",
    )  # fmt: skip
    with transaction.atomic():
        changes.update(report, actor=SYSTEM, person=an)
    text = _text(person_data(an))
    assert "Ông An cứu người" in text
    assert "Trần Thị Báo" not in text and "0977 888 999" not in text
