"""Views: the permission matrix of every page, what people see, public forms and their spam guards."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thidua.access import SYSTEM
from thidua.examples import services
from thidua.examples.models import Bulletin, Delivery, Example, ExamplePhoto, ExampleState

pytestmark = pytest.mark.django_db

ALL = ["admin", "officer", "leader", "council", "representative", "viewer"]
COMMUNE = ["admin", "officer", "leader", "council", "viewer"]
STAFF = ["admin", "officer"]
# A real 2×2 PNG: example photos are decoded and written again (`examples.photos`).
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x02\x00\x00\x00\x02\x08\x02\x00\x00\x00\xfd\xd4\x9as"
    b"\x00\x00\x00\x16IDATx\x9cc<!'\xc7\xc0\xc0\xc0\xc4\xc0\xc0\xc0\xc0\xc0\x00\x00\r\x04\x01\x08}q\xcaf"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def world(tree):
    hamlet_example = services.example_propose(
        actor=SYSTEM, unit=tree.hamlet, kind="good_deed", title="Trả lại của rơi", story="Chuyện kể."
    )
    commune_example = services.example_propose(
        actor=SYSTEM, unit=tree.commune, kind="model", title="Mô hình tuyến đường hoa", story="Mô hình."
    )
    services.example_verify(actor=SYSTEM, example=commune_example)
    services.example_publish(actor=SYSTEM, example=commune_example)
    verified_example = services.example_propose(
        actor=SYSTEM, unit=tree.hamlet, kind="initiative", title="Sáng kiến lò sấy", story="Lò sấy dừa."
    )
    services.example_verify(actor=SYSTEM, example=verified_example)
    bulletin = services.bulletin_create(
        actor=SYSTEM,
        unit=tree.commune,
        title="Bản tin tuần 10/3",
        week_start=dt.date(2025, 3, 10),
        text="Đài Truyền thanh kính chào.",
        examples=[commune_example],
    )
    services.bulletin_send(actor=SYSTEM, bulletin=bulletin)
    return type(
        "World",
        (),
        {
            "hamlet_example": hamlet_example,
            "commune_example": commune_example,
            "verified_example": verified_example,
            "bulletin": bulletin,
            "delivery": Delivery.objects.get(bulletin=bulletin, hamlet=tree.hamlet),
        },
    )


def _get_pages(w):
    """url → roles that get 200; other roles of the commune get 403, users who cannot see the unit 404."""
    return {
        reverse("examples:list"): ALL + ["outsider"],  # filtered to what each may see
        reverse("examples:create"): STAFF + ["representative", "outsider"],
        reverse("examples:detail", args=[w.hamlet_example.pk]): ALL,
        reverse("examples:detail", args=[w.commune_example.pk]): COMMUNE,
        reverse("examples:bulletins"): ALL + ["outsider"],
        reverse("examples:bulletin_create"): STAFF + ["outsider"],
        reverse("examples:bulletin", args=[w.bulletin.pk]): COMMUNE,
        reverse("examples:bulletin_txt", args=[w.bulletin.pk]): COMMUNE,
        reverse("examples:bulletin_docx", args=[w.bulletin.pk]): COMMUNE,
        reverse("examples:delivery", args=[w.delivery.pk]): ALL,
    }


def _hidden_from(url: str, role: str, w) -> bool:
    commune_only = [
        reverse("examples:detail", args=[w.commune_example.pk]),
        reverse("examples:bulletin", args=[w.bulletin.pk]),
        reverse("examples:bulletin_txt", args=[w.bulletin.pk]),
        reverse("examples:bulletin_docx", args=[w.bulletin.pk]),
    ]
    if role == "outsider":
        return url not in (
            reverse("examples:list"),
            reverse("examples:bulletins"),
            reverse("examples:create"),
            reverse("examples:bulletin_create"),
        )
    return role == "representative" and url in commune_only


def test_every_staff_page_has_its_permission_matrix(client, personas, world):
    for url, allowed in _get_pages(world).items():
        client.logout()
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login" in response["Location"], url
        for role, user in personas.items():
            client.force_login(user)
            status = client.get(url).status_code
            if role in allowed:
                expected = 200
            elif _hidden_from(url, role, world):
                expected = 404
            else:
                expected = 403
            assert status == expected, (url, role, status)


def _post_pages(w, tree):
    return {
        reverse("examples:verify", args=[w.hamlet_example.pk]): ({}, STAFF),
        reverse("examples:reject", args=[w.hamlet_example.pk]): ({"reason": "x"}, STAFF),
        reverse("examples:publish", args=[w.verified_example.pk]): ({}, STAFF),
        reverse("examples:photo_add", args=[w.hamlet_example.pk]): (
            {"file": SimpleUploadedFile("a.png", PNG, "image/png")},
            STAFF + ["representative"],
        ),
        reverse("examples:adopt", args=[w.commune_example.pk]): (
            {"unit": tree.hamlet2.pk, "adopted_on": "2025-04-01"},
            STAFF,
        ),
        reverse("examples:bulletin_broadcast", args=[w.bulletin.pk]): ({"broadcast_on": "2025-03-12"}, STAFF),
        reverse("examples:bulletin_send", args=[w.bulletin.pk]): ({}, STAFF),
        reverse("examples:delivery_ack", args=[w.delivery.pk]): ({}, STAFF + ["representative"]),
    }


@pytest.mark.parametrize("role", ["anonymous", "outsider", "leader", "council", "viewer", "representative"])
def test_state_changes_are_refused_to_those_not_allowed(client, personas, world, tree, role):
    for url, (data, allowed) in _post_pages(world, tree).items():
        if role in allowed:
            continue
        client.logout()
        if role != "anonymous":
            client.force_login(personas[role])
        response = client.post(url, data)
        if role == "anonymous":
            assert response.status_code == 302 and "/accounts/login" in response["Location"]
        elif role == "outsider" or (role == "representative" and ("bulletins" in url or "adopt" in url)):
            # The commune's bulletin and commune-level example are not visible from a hamlet.
            assert response.status_code == 404, (url, role)
        else:
            assert response.status_code == 403, (url, role)
    world.hamlet_example.refresh_from_db()
    assert world.hamlet_example.state == ExampleState.PROPOSED
    assert not world.bulletin.deliveries.filter(acknowledged_at__isnull=False).exists()
    assert Bulletin.objects.get().state == "draft"
    assert Example.objects.get(pk=world.verified_example.pk).state == ExampleState.VERIFIED
    assert not ExamplePhoto.objects.exists()


def test_officer_walks_an_example_to_the_portal(client, personas, world):
    client.force_login(personas["officer"])
    pk = world.hamlet_example.pk
    client.post(reverse("examples:verify", args=[pk]))
    client.post(reverse("examples:publish", args=[pk]))
    assert Example.objects.get(pk=pk).state == ExampleState.PUBLISHED
    client.logout()
    portal = client.get("/")
    assert "Trả lại của rơi" in portal.content.decode()
    assert client.get(reverse("examples:public_detail", args=[pk])).status_code == 200


def test_representative_proposes_from_the_form(client, personas, tree):
    client.force_login(personas["representative"])
    response = client.post(
        reverse("examples:create"),
        {
            "unit": tree.hamlet.pk,
            "kind": "initiative",
            "title": "Máy sạ lúa cải tiến",
            "story": "Tiết kiệm giống.",
        },
    )
    example = Example.objects.get()
    assert response.status_code == 302 and example.unit == tree.hamlet
    # Another hamlet is not even offered.
    response = client.post(
        reverse("examples:create"),
        {"unit": tree.hamlet2.pk, "kind": "initiative", "title": "x", "story": "y"},
    )
    assert response.status_code == 200 and Example.objects.count() == 1
    assert "Lựa chọn không hợp lệ" in response.content.decode() or "Hãy chọn" in response.content.decode()


def test_missing_fields_show_messages_next_to_them_and_save_nothing(client, personas, tree):
    client.force_login(personas["officer"])
    response = client.post(
        reverse("examples:create"), {"unit": tree.commune.pk, "kind": "model", "title": ""}
    )
    assert response.status_code == 200
    assert response.content.decode().count("field-error") >= 2
    assert not Example.objects.exists()


def test_unpublished_examples_are_not_public(client, world):
    assert client.get(reverse("examples:public_detail", args=[world.hamlet_example.pk])).status_code == 404
    body = client.get(reverse("examples:public_list")).content.decode()
    assert "Mô hình tuyến đường hoa" in body and "Trả lại của rơi" not in body


def test_photo_upload_checks_type_and_content(client, personas, world):
    client.force_login(personas["representative"])
    url = reverse("examples:photo_add", args=[world.hamlet_example.pk])
    client.post(url, {"file": SimpleUploadedFile("virus.exe", b"MZ...", "application/octet-stream")})
    client.post(url, {"file": SimpleUploadedFile("fake.png", b"MZ not a png", "image/png")})
    assert not ExamplePhoto.objects.exists()
    client.post(url, {"file": SimpleUploadedFile("anh.png", PNG, "image/png"), "caption": "Anh Tư"})
    photo = ExamplePhoto.objects.get()
    # Not published: hidden from citizens, visible to the commune.
    client.logout()
    assert client.get(reverse("examples:photo", args=[photo.pk])).status_code == 404
    client.force_login(personas["viewer"])
    assert client.get(reverse("examples:photo", args=[photo.pk])).status_code == 200
    client.force_login(personas["outsider"])
    assert client.get(reverse("examples:photo", args=[photo.pk])).status_code == 404


def test_photo_too_large_is_refused(client, personas, world, settings):
    settings.THIDUA_MAX_UPLOAD_BYTES = 1024 * 1024  # the one limit of every upload
    client.force_login(personas["officer"])
    big = SimpleUploadedFile("big.png", PNG + b"\x00" * (1024 * 1024), "image/png")
    response = client.post(
        reverse("examples:photo_add", args=[world.hamlet_example.pk]), {"file": big}, follow=True
    )
    assert "Tệp quá lớn" in response.content.decode()
    assert not ExamplePhoto.objects.exists()


def _report(client, tree, **extra):
    data = {
        "name": "Bà Năm",
        "contact": "0909 000 000",
        "hamlet": tree.hamlet.pk,
        "title": "Cứu người đuối nước",
        "story": "Anh Sáu cứu em bé.",
        "website": "",
    }
    data.update(extra)
    return client.post(reverse("examples:public_report"), data, REMOTE_ADDR=extra.pop("ip", "9.9.9.9"))


def test_citizen_reports_a_good_deed_without_login(client, tree):
    assert client.get(reverse("examples:public_report")).status_code == 200
    response = _report(client, tree)
    assert response.status_code == 302
    example = Example.objects.get()
    assert example.state == ExampleState.PROPOSED and example.source == "citizen"


def test_honeypot_refuses_bots(client, tree):
    response = _report(client, tree, website="http://spam.example")
    assert response.status_code == 200 and not Example.objects.exists()


def test_rate_limit_per_address_on_the_report_form(client, tree):
    for _i in range(services.REPORTS_PER_HOUR):
        assert _report(client, tree).status_code == 302
    response = _report(client, tree)
    assert response.status_code == 200 and "nhiều phản ánh" in response.content.decode()
    assert Example.objects.count() == services.REPORTS_PER_HOUR


def test_bad_hamlet_in_report_is_refused(client, tree):
    response = _report(client, tree, hamlet=tree.commune.pk)
    assert response.status_code == 200 and not Example.objects.exists()


def test_bulletin_is_drafted_then_saved(client, personas, tree, world):
    client.force_login(personas["officer"])
    url = reverse("examples:bulletin_create")
    data = {
        "unit": tree.commune.pk,
        "week_start": "2025-03-17",
        "examples": [world.commune_example.pk],
        "draft": "1",
    }
    response = client.post(url, data)
    body = response.content.decode()
    assert response.status_code == 200 and "Mô hình tuyến đường hoa" in body and "kính chào" in body
    assert Bulletin.objects.count() == 1
    text = response.context["form"]["text"].value() + "\nThêm một dòng do cán bộ sửa."
    data.pop("draft")
    data.update({"text": text, "title": response.context["form"]["title"].value(), "save": "1"})
    response = client.post(url, data)
    bulletin = Bulletin.objects.latest("id")
    assert response.status_code == 302 and bulletin.text.endswith("Thêm một dòng do cán bộ sửa.")
    assert list(bulletin.examples.all()) == [world.commune_example]


def test_bulletin_downloads(client, personas, world):
    client.force_login(personas["viewer"])
    txt = client.get(reverse("examples:bulletin_txt", args=[world.bulletin.pk]))
    assert (
        txt["Content-Type"].startswith("text/plain") and "Đài Truyền thanh kính chào." in txt.content.decode()
    )
    docx = client.get(reverse("examples:bulletin_docx", args=[world.bulletin.pk]))
    assert docx.content[:2] == b"PK"


def test_hamlet_head_sees_the_bulletin_on_home_and_acknowledges(client, personas, world):
    client.force_login(personas["representative"])
    home = client.get("/").content.decode()
    assert "Bản tin tuần 10/3" in home
    client.post(reverse("examples:delivery_ack", args=[world.delivery.pk]))
    world.delivery.refresh_from_db()
    assert world.delivery.acknowledged_at is not None
    assert "Bản tin tuần 10/3" not in client.get("/").content.decode()


def test_officer_home_counts_examples_waiting(client, personas, world):
    client.force_login(personas["officer"])
    assert "1 điển hình chờ xác minh" in client.get("/").content.decode()


def test_lists_have_bounded_queries(client, personas, tree, django_assert_max_num_queries):
    for i in range(15):
        e = services.example_propose(
            actor=SYSTEM, unit=tree.hamlet, kind="model", title=f"Mô hình {i}", story="x"
        )
        services.example_verify(actor=SYSTEM, example=e)
        services.example_publish(actor=SYSTEM, example=e)
        services.bulletin_create(
            actor=SYSTEM, unit=tree.commune, title=f"B{i}", week_start=dt.date(2025, 1, 6), text="x"
        )
    client.force_login(personas["officer"])
    for url in (reverse("examples:list"), reverse("examples:bulletins")):
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200
    client.logout()
    for url in (reverse("examples:public_list"), "/"):
        with django_assert_max_num_queries(15):
            assert client.get(url).status_code == 200


def test_officer_proposes_an_example_about_a_person_and_a_movement_link_is_optional(client, personas, tree):
    from thidua.people.models import Gender, Person

    person = Person.objects.create(full_name="Nguyễn Văn Tư", gender=Gender.MALE, unit=tree.hamlet)
    client.force_login(personas["officer"])
    response = client.post(
        reverse("examples:create"),
        {
            "unit": tree.hamlet.pk,
            "kind": "good_deed",
            "title": "Trả của rơi",
            "story": "x",
            "person": person.pk,
        },
    )
    assert response.status_code == 302
    assert Example.objects.get().person == person


def test_person_and_collective_together_are_refused(client, personas, tree):
    from thidua.people.models import Gender, Person

    person = Person.objects.create(full_name="Nguyễn Văn Tư", gender=Gender.MALE, unit=tree.hamlet)
    client.force_login(personas["officer"])
    response = client.post(
        reverse("examples:create"),
        {
            "unit": tree.hamlet.pk,
            "kind": "advanced",
            "title": "x",
            "story": "x",
            "person": person.pk,
            "collective": tree.hamlet.pk,
        },
    )
    assert "không chọn cả hai" in response.content.decode()
    assert not Example.objects.exists()


def test_the_hamlet_head_finds_the_bulletins_sent_to_their_hamlet_in_the_bulletins_list(
    client, world, personas, tree
):
    client.force_login(personas["representative"])
    page = client.get(reverse("examples:bulletins")).content.decode()
    assert reverse("examples:delivery", args=[world.delivery.pk]) in page and "Bản tin tuần 10/3" in page
    assert "Chưa xác nhận" in page and "Chưa có bản tin nào" not in page
    assert (
        reverse("examples:bulletin", args=[world.bulletin.pk]) not in page
    )  # the commune's page is not theirs
    other = Delivery.objects.get(bulletin=world.bulletin, hamlet=tree.hamlet2)
    assert reverse("examples:delivery", args=[other.pk]) not in page  # nor another hamlet's
    # The officer who writes them keeps the commune's list.
    client.force_login(personas["officer"])
    page = client.get(reverse("examples:bulletins")).content.decode()
    assert reverse("examples:bulletin", args=[world.bulletin.pk]) in page and "Bản tin gửi về ấp" not in page


def test_a_bulletin_sent_to_the_hamlets_is_told_to_each_hamlet_head(personas, world, tree):
    from thidua.notifications.models import Kind, Notification

    notes = Notification.objects.filter(kind=Kind.BULLETIN)
    mine = notes.get(recipient=personas["representative"])
    assert mine.link == reverse("examples:delivery", args=[world.delivery.pk]) and mine.unit == tree.hamlet
    assert "Bản tin tuần 10/3" in mine.text and tree.hamlet.name in mine.text
    # Only the hamlets' own heads: not the commune's staff, not another hamlet's news twice.
    assert not notes.filter(recipient__in=[personas["officer"], personas["viewer"]]).exists()
    assert notes.filter(recipient=personas["representative"]).count() == 1
