"""Consent of the person named in a good example: recorded before publication, withdrawn at any
time, and the portal follows at once."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from thidua.access import SYSTEM
from thidua.audit.models import AuditEntry
from thidua.examples import services
from thidua.examples.models import Consent, ConsentMethod, Example, ExamplePhoto, ExampleState
from thidua.lib.errors import ServiceError
from thidua.people.models import Gender, Person

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# A real 2×2 PNG: example photos are decoded and written again (`examples.photos`).
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x02\x00\x00\x00\x02\x08\x02\x00\x00\x00\xfd\xd4\x9as"
    b"\x00\x00\x00\x16IDATx\x9cc<!'\xc7\xc0\xc0\xc0\xc4\xc0\xc0\xc0\xc0\xc0\x00\x00\r\x04\x01\x08}q\xcaf"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)
TODAY = timezone.localdate


def _person(tree, name="Nguyễn Văn Tư"):
    return Person.objects.create(full_name=name, gender=Gender.MALE, unit=tree.hamlet)


def _verified(tree, *, person=None, collective=None, kind="good_deed", title="Trả lại ví tiền nhặt được"):
    example = services.example_propose(
        actor=SYSTEM,
        unit=tree.hamlet,
        kind=kind,
        title=title,
        story="Nhặt được ví, mang đến ấp trả lại.",
        person=person,
        collective=collective,
    )
    return services.example_verify(actor=SYSTEM, example=example)


def _consent(example, actor=SYSTEM, **extra):
    values = {"given_on": TODAY() - dt.timedelta(days=3), "method": ConsentMethod.WRITTEN}
    values.update(extra)
    return services.consent_record(actor=actor, example=example, **values)


def _on_portal(tree, person) -> Example:
    example = _verified(tree, person=person)
    _consent(example)
    return services.example_publish(actor=SYSTEM, example=example)


# --- The service ------------------------------------------------------------------------------


def test_an_example_naming_a_person_is_not_published_without_their_consent(tree):
    example = _verified(tree, person=_person(tree))
    with pytest.raises(ServiceError) as refused:
        services.example_publish(actor=SYSTEM, example=example)
    assert refused.value.message == str(services.CONSENT_MISSING)
    example.refresh_from_db()
    assert example.state == ExampleState.VERIFIED and example.published_at is None


def test_a_good_deed_reported_by_a_citizen_needs_consent_too(tree):
    example = services.example_report(
        hamlet=tree.hamlet,
        name="Bà Năm",
        contact="0909",
        title="Cứu em bé",
        story="Anh Sáu cứu.",
        ip="1.2.3.4",
    )
    services.example_verify(actor=SYSTEM, example=example)
    with pytest.raises(ServiceError, match=re.escape(str(services.CONSENT_MISSING))):
        services.example_publish(actor=SYSTEM, example=example)
    _consent(example, given_by="Lê Văn Sáu")
    assert services.example_publish(actor=SYSTEM, example=example).state == ExampleState.PUBLISHED


def test_an_example_about_a_collective_is_published_without_consent(tree):
    example = _verified(tree, collective=tree.farmers, kind="model", title="Tổ hợp tác dừa")
    assert services.example_publish(actor=SYSTEM, example=example).state == ExampleState.PUBLISHED


def test_consent_is_recorded_with_when_how_and_by_whom_and_audited(tree, personas):
    person = _person(tree)
    example = _verified(tree, person=person)
    consent = _consent(
        example, actor=personas["officer"], method=ConsentMethod.ORAL, note="Tại nhà văn hóa ấp"
    )
    assert consent.given_by == person.full_name  # the example's person, unless someone else is named
    assert consent.recorded_by == personas["officer"] and consent.in_force
    entry = AuditEntry.objects.get(model="examples.consent", object_id=str(consent.pk))
    assert entry.actor == personas["officer"] and entry.after["method"] == ConsentMethod.ORAL
    assert (
        services.example_publish(actor=personas["officer"], example=example).state == ExampleState.PUBLISHED
    )


@pytest.mark.parametrize("role", ["leader", "council", "viewer", "representative", "outsider"])
def test_only_reviewers_record_or_withdraw_consent(tree, personas, role):
    example = _verified(tree, person=_person(tree))
    with pytest.raises(Exception) as refused:
        _consent(example, actor=personas[role])
    assert type(refused.value).__name__ in ("PermissionDenied", "Http404")
    consent = _consent(example)
    with pytest.raises(Exception) as refused:
        services.consent_withdraw(actor=personas[role], consent=consent, withdrawn_on=TODAY())
    assert type(refused.value).__name__ in ("PermissionDenied", "Http404")
    consent.refresh_from_db()
    assert consent.in_force


def test_bad_consent_input_is_refused_and_saves_nothing(tree):
    example = _verified(tree, title="Việc tốt không tên")  # neither a person nor a name to default to
    with pytest.raises(ServiceError) as refused:
        _consent(example)
    assert refused.value.field == "given_by"
    named = _verified(tree, person=_person(tree))
    with pytest.raises(ServiceError, match=re.escape(str(services.CONSENT_FUTURE_DATE))):
        _consent(named, given_on=TODAY() + dt.timedelta(days=1))
    with pytest.raises(ServiceError) as refused:
        _consent(named, method="by_pigeon")
    assert refused.value.field == "method"
    with pytest.raises(ServiceError) as refused:
        _consent(named, scan=SimpleUploadedFile("dong-y.pdf", b"<html>not a pdf</html>", "application/pdf"))
    assert refused.value.field == "scan"
    assert not Consent.objects.exists()


def test_one_consent_in_force_at_a_time_also_in_the_database(tree):
    example = _verified(tree, person=_person(tree))
    consent = _consent(example)
    with pytest.raises(ServiceError, match=re.escape(str(services.CONSENT_IN_FORCE))):
        _consent(example)
    with pytest.raises(IntegrityError), transaction.atomic():
        Consent.objects.create(example=example, given_by="x", given_on=TODAY(), method=ConsentMethod.ORAL)
    services.consent_withdraw(actor=SYSTEM, consent=consent, withdrawn_on=TODAY())
    assert _consent(example).in_force  # the person may agree again; the withdrawn record stays
    assert example.consents.count() == 2


def test_withdrawal_unpublishes_the_example_and_is_audited(tree, personas):
    example = _on_portal(tree, _person(tree))
    consent = example.consents.get()
    services.consent_withdraw(
        actor=personas["officer"], consent=consent, withdrawn_on=TODAY(), note="Gọi điện thoại"
    )
    consent.refresh_from_db()
    example.refresh_from_db()
    assert consent.withdrawn_by == personas["officer"] and consent.withdrawal_note == "Gọi điện thoại"
    assert example.state == ExampleState.VERIFIED and example.published_at is None
    verbs = set(AuditEntry.objects.filter(actor=personas["officer"]).values_list("model", "verb"))
    assert ("examples.consent", "rút lại sự đồng ý được nêu gương") in verbs
    assert any(model == "examples.example" and "rút lại sự đồng ý" in verb for model, verb in verbs)
    # Published again only with a new consent.
    with pytest.raises(ServiceError, match=re.escape(str(services.CONSENT_MISSING))):
        services.example_publish(actor=SYSTEM, example=example)
    with pytest.raises(ServiceError, match=re.escape(str(services.CONSENT_ALREADY_WITHDRAWN))):
        services.consent_withdraw(actor=SYSTEM, consent=consent, withdrawn_on=TODAY())


def test_withdrawal_dated_before_the_consent_is_refused(tree):
    example = _on_portal(tree, _person(tree))
    consent = example.consents.get()
    with pytest.raises(ServiceError) as refused:
        services.consent_withdraw(
            actor=SYSTEM, consent=consent, withdrawn_on=consent.given_on - dt.timedelta(days=1)
        )
    assert refused.value.field == "withdrawn_on"
    example.refresh_from_db()
    assert example.state == ExampleState.PUBLISHED


# --- The portal -------------------------------------------------------------------------------


def test_withdrawal_takes_the_example_off_the_portal_at_once(client, tree):
    example = _on_portal(tree, _person(tree))
    photo = services.example_photo_add(
        actor=SYSTEM, example=example, file=SimpleUploadedFile("anh.png", PNG, "image/png")
    )
    detail = reverse("examples:public_detail", args=[example.pk])
    # Seen once, so the portal's lists are in the cache when the consent goes.
    assert example.title in client.get("/").content.decode()
    assert example.title in client.get(reverse("examples:public_list")).content.decode()
    assert client.get(detail).status_code == 200
    assert client.get(reverse("examples:photo", args=[photo.pk])).status_code == 200
    services.consent_withdraw(actor=SYSTEM, consent=example.consents.get(), withdrawn_on=TODAY())
    assert example.title not in client.get("/").content.decode()
    assert example.title not in client.get(reverse("examples:public_list")).content.decode()
    assert client.get(detail).status_code == 404
    assert client.get(reverse("examples:photo", args=[photo.pk])).status_code == 404


def test_an_example_published_before_consents_existed_stays_off_the_portal_until_one_is_recorded(
    client, tree
):
    example = Example.objects.create(
        unit=tree.hamlet,
        kind="good_deed",
        title="Hiến đất làm đường",
        story="Ông Bảy hiến 200 m² đất.",
        person=_person(tree, "Trần Văn Bảy"),
        state=ExampleState.PUBLISHED,
        published_at=timezone.now(),
    )
    ExamplePhoto.objects.create(example=example, caption="x")
    assert "Hiến đất làm đường" not in client.get(reverse("examples:public_list")).content.decode()
    assert client.get(reverse("examples:public_detail", args=[example.pk])).status_code == 404
    _consent(example)
    assert "Hiến đất làm đường" in client.get(reverse("examples:public_list")).content.decode()


# --- The officer's screens --------------------------------------------------------------------


def _post(client, url, data):
    return client.post(url, data, follow=True).content.decode()


def test_officer_records_consent_with_a_scan_publishes_and_withdraws_from_the_page(client, personas, tree):
    example = _verified(tree, person=_person(tree))
    client.force_login(personas["officer"])
    page = reverse("examples:detail", args=[example.pk])
    body = client.get(page).content.decode()
    assert "chưa có sự đồng ý" in body and "Ghi nhận sự đồng ý" in body
    body = _post(client, reverse("examples:publish", args=[example.pk]), {})
    assert str(services.CONSENT_MISSING).split(":")[0] in body
    body = _post(
        client,
        reverse("examples:consent_add", args=[example.pk]),
        {
            "given_on": (TODAY() - dt.timedelta(days=2)).isoformat(),
            "method": ConsentMethod.WRITTEN,
            "given_by": "",
            "scan": SimpleUploadedFile("giay-dong-y.pdf", PDF, "application/pdf"),
        },
    )
    consent = Consent.objects.get()
    assert "đã đồng ý công bố" in body and consent.scan is not None and consent.given_by == "Nguyễn Văn Tư"
    scan = client.get(reverse("examples:consent_scan", args=[consent.pk]))
    assert scan.status_code == 200 and b"".join(scan.streaming_content) == PDF
    _post(client, reverse("examples:publish", args=[example.pk]), {})
    assert Example.objects.get(pk=example.pk).state == ExampleState.PUBLISHED
    body = _post(
        client,
        reverse("examples:consent_withdraw", args=[consent.pk]),
        {"withdrawn_on": TODAY().isoformat(), "note": "Đến trụ sở đề nghị"},
    )
    assert "đã rút lại" in body and Example.objects.get(pk=example.pk).state == ExampleState.VERIFIED


def test_a_bad_consent_form_shows_a_message_and_saves_nothing(client, personas, tree):
    example = _verified(tree, person=_person(tree))
    client.force_login(personas["officer"])
    body = _post(
        client,
        reverse("examples:consent_add", args=[example.pk]),
        {"given_on": "", "method": ConsentMethod.WRITTEN},
    )
    assert "Nhập ngày đồng ý." in body
    body = _post(
        client,
        reverse("examples:consent_add", args=[example.pk]),
        {
            "given_on": TODAY().isoformat(),
            "method": ConsentMethod.WRITTEN,
            "scan": SimpleUploadedFile("giay.pdf", b"MZ not a pdf", "application/pdf"),
        },
    )
    assert not Consent.objects.exists()


ROLES = ["admin", "officer", "leader", "council", "representative", "viewer", "outsider"]
REVIEWERS = ["admin", "officer"]


@pytest.fixture
def consent_pages(tree):
    """A hamlet's example with a consent in force (and its scan), and one without."""
    example = _verified(tree, person=_person(tree))
    consent = _consent(example, scan=SimpleUploadedFile("giay.pdf", PDF, "application/pdf"))
    bare = _verified(tree, person=_person(tree, "Lê Thị Hoa"), title="Giúp người già neo đơn")
    return example, consent, bare


def _expected(role: str, allowed: list[str]) -> int:
    if role in allowed:
        return 200
    # Nobody of another commune even learns the example exists; the hamlet head sees it, may not act.
    return 404 if role == "outsider" else 403


@pytest.mark.parametrize("role", ROLES)
def test_the_consent_screens_have_their_permission_matrix(client, personas, consent_pages, role):
    example, consent, bare = consent_pages
    scan = reverse("examples:consent_scan", args=[consent.pk])
    record = reverse("examples:consent_add", args=[bare.pk])
    withdraw = reverse("examples:consent_withdraw", args=[consent.pk])
    client.force_login(personas[role])
    assert client.get(scan).status_code == _expected(role, REVIEWERS)
    data = {"given_on": TODAY().isoformat(), "method": ConsentMethod.ORAL}
    response = client.post(record, data)
    assert response.status_code == (302 if role in REVIEWERS else _expected(role, REVIEWERS))
    assert bare.consents.exists() == (role in REVIEWERS)
    response = client.post(withdraw, {"withdrawn_on": TODAY().isoformat()})
    assert response.status_code == (302 if role in REVIEWERS else _expected(role, REVIEWERS))
    consent.refresh_from_db()
    assert consent.in_force == (role not in REVIEWERS)


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_what_of_a_consent_on_the_example_page(client, personas, consent_pages, role):
    example, consent, _bare = consent_pages
    client.force_login(personas[role])
    response = client.get(reverse("examples:detail", args=[example.pk]))
    if role == "outsider":
        assert response.status_code == 404
        return
    body = response.content.decode()
    assert "đã đồng ý công bố" in body  # everyone who sees the example sees that it may be published
    scan_link = reverse("examples:consent_scan", args=[consent.pk])
    # Who agreed, the signed paper and the forms are the reviewer's.
    assert (scan_link in body) == (role in REVIEWERS)
    assert ("Rút lại sự đồng ý" in body) == (role in REVIEWERS)


def test_anonymous_visitors_are_sent_to_sign_in_from_the_consent_screens(client, consent_pages):
    example, consent, bare = consent_pages
    for response in (
        client.get(reverse("examples:consent_scan", args=[consent.pk])),
        client.post(reverse("examples:consent_add", args=[bare.pk]), {"method": "oral"}),
        client.post(reverse("examples:consent_withdraw", args=[consent.pk]), {"withdrawn_on": "2025-01-01"}),
    ):
        assert response.status_code == 302 and "/accounts/login" in response["Location"]
    consent.refresh_from_db()
    assert consent.in_force and not bare.consents.exists()


def test_an_example_whose_person_link_is_gone_still_needs_the_withdrawn_consent_back(client, tree):
    person = _person(tree)
    example = _on_portal(tree, person)
    services.consent_withdraw(actor=SYSTEM, consent=example.consents.get(), withdrawn_on=TODAY())
    person.delete()  # the example's link goes (SET_NULL); its story still tells of them
    example.refresh_from_db()
    assert example.person is None
    with pytest.raises(ServiceError, match=re.escape(str(services.CONSENT_MISSING))):
        services.example_publish(actor=SYSTEM, example=example)
    Example.objects.filter(pk=example.pk).update(state=ExampleState.PUBLISHED, published_at=timezone.now())
    assert client.get(reverse("examples:public_detail", args=[example.pk])).status_code == 404
