"""The notifications app: told once a day per key, each person sees only their own, marks read,
the daily digest (once a day, opt-out, one-click unsubscribe), and `thidua cron` runs it."""

import datetime as dt
import io
import re
import unicodedata

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from thidua.access import SYSTEM
from thidua.audit.models import AuditEntry
from thidua.notifications import digest, selectors, services
from thidua.notifications.models import Kind, Notification, Preference

NOW = timezone.make_aware(dt.datetime(2026, 12, 1, 6, 0))
TODAY = dt.date(2026, 12, 1)


def tell(user, text="Ấp Mỹ Hòa chậm báo cáo", **extra):
    return services.notify(
        actor=SYSTEM, recipients=[user], kind=extra.pop("kind", Kind.OTHER), text=text, **extra
    )


def login(client, user):
    client.force_login(user)
    return client


# --- notify ------------------------------------------------------------------------------


def test_a_keyed_notification_is_made_once_a_day_per_person(personas):
    officer, leader = personas["officer"], personas["leader"]
    first = services.notify(
        actor=SYSTEM, recipients=[officer, leader], kind=Kind.OTHER, text="Nhắc", key="k:1", today=TODAY
    )
    assert {u.pk for u in first} == {officer.pk, leader.pk}
    again = services.notify(
        actor=SYSTEM, recipients=[officer, leader], kind=Kind.OTHER, text="Nhắc", key="k:1", today=TODAY
    )
    assert again == [] and Notification.objects.count() == 2
    tomorrow = services.notify(
        actor=SYSTEM,
        recipients=[officer],
        kind=Kind.OTHER,
        text="Nhắc",
        key="k:1",
        today=TODAY + dt.timedelta(1),
    )
    assert tomorrow == [officer] and Notification.objects.count() == 3


def test_no_key_means_each_event_is_told(personas):
    tell(personas["officer"])
    tell(personas["officer"])
    assert Notification.objects.filter(recipient=personas["officer"]).count() == 2


def test_an_inactive_person_is_not_told_and_a_bad_kind_is_refused(personas):
    viewer = personas["viewer"]
    viewer.is_active = False
    viewer.save()
    assert tell(viewer) == []
    with pytest.raises(ValueError):
        services.notify(actor=SYSTEM, recipients=[personas["officer"]], kind="nonsense", text="x")
    with pytest.raises(TypeError):
        services.notify(actor=None, recipients=[personas["officer"]], kind=Kind.OTHER, text="x")


# --- the list, the bell, marking read ------------------------------------------------------


@pytest.mark.parametrize(
    "role", ["admin", "officer", "leader", "council", "representative", "viewer", "outsider"]
)
def test_every_role_sees_its_own_list_and_bell_and_nobody_elses(client, personas, role):
    me = personas[role]
    other = personas["viewer" if role != "viewer" else "officer"]
    tell(me, "Việc của tôi: Đinh Văn Đức")
    tell(other, "Việc của người khác")
    login(client, me)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Việc của tôi: Đinh Văn Đức" in page and "Việc của người khác" not in page
    assert 'id="nav-unread"' in page and '<span class="badge warn">1</span>' in page
    mine = Notification.objects.get(recipient=me)
    theirs = Notification.objects.get(recipient=other)
    # Another's notification does not exist for me, an admin included.
    assert client.post(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert client.post(reverse("notifications:open", args=[mine.pk])).status_code == 302


def test_anonymous_is_sent_to_login(client, personas):
    note = tell(personas["officer"])[0]
    for url in (
        reverse("notifications:list"),
        reverse("notifications:preferences"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.post(reverse("notifications:read_all")).status_code == 302
    assert client.post(reverse("notifications:open", args=[Notification.objects.get().pk])).status_code == 302
    assert Notification.objects.get().read_at is None and note


def test_opening_a_notification_marks_it_read_and_goes_to_the_thing(client, personas):
    officer = personas["officer"]
    tell(officer, link="/movements/7/")
    note = Notification.objects.get()
    login(client, officer)
    response = client.post(reverse("notifications:open", args=[note.pk]))
    assert response.status_code == 302 and response["Location"] == "/movements/7/"
    note.refresh_from_db()
    assert note.read_at is not None
    assert client.get(reverse("notifications:open", args=[note.pk])).status_code == 405


def test_an_outside_link_is_never_followed(client, personas):
    officer = personas["officer"]
    tell(officer, link="https://example.com/lua-dao")
    login(client, officer)
    response = client.post(reverse("notifications:open", args=[Notification.objects.get().pk]))
    assert response["Location"] == reverse("notifications:list")


def test_mark_all_read_touches_only_my_unread(client, personas):
    officer, viewer = personas["officer"], personas["viewer"]
    for _ in range(3):
        tell(officer)
    tell(viewer)
    login(client, officer)
    response = client.post(reverse("notifications:read_all"), follow=True)
    assert "Đã đánh dấu 3 thông báo là đã đọc." in response.content.decode()
    assert selectors.unread_count(officer) == 0 and selectors.unread_count(viewer) == 1
    page = response.content.decode()
    assert 'id="nav-unread"' in page and '<span class="badge warn">' not in page


def test_the_list_is_paged_newest_first_with_bounded_queries(client, personas, django_assert_max_num_queries):
    officer = personas["officer"]
    for i in range(30):
        tell(officer, f"Thông báo số {i:02d}")
    login(client, officer)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("notifications:list")).content.decode()
    assert page.index("Thông báo số 29") < page.index("Thông báo số 10")
    assert "Thông báo số 04" not in page
    assert "Thông báo số 04" in client.get(reverse("notifications:list") + "?page=2").content.decode()


# --- preferences and the digest ------------------------------------------------------------


def with_email(user, email="canbo@example.org"):
    user.email = email
    user.save()
    return user


def test_the_digest_lists_unread_news_once_a_day_in_vietnamese(personas, settings):
    settings.THIDUA_SITE_URL = "https://thidua.mythanh.gov.vn"
    officer = with_email(personas["officer"])
    tell(officer, "Ấp Mỹ Hòa chậm báo cáo", link="/movements/3/")
    tell(officer, "Đã đọc rồi")
    Notification.objects.filter(text="Đã đọc rồi").update(read_at=NOW)
    tell(personas["viewer"], "Không có địa chỉ thư")  # no address: no mail
    assert digest.digests_send(actor=SYSTEM, now=NOW) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["canbo@example.org"]
    assert "01/12/2026" in message.subject and "1 việc" in message.subject
    assert "Ấp Mỹ Hòa chậm báo cáo" in message.body and "Đã đọc rồi" not in message.body
    assert "https://thidua.mythanh.gov.vn/movements/3/" in message.body
    html = message.alternatives[0][0]
    assert message.alternatives[0][1] == "text/html" and "Ấp Mỹ Hòa chậm báo cáo" in html
    assert message.extra_headers["List-Unsubscribe"].startswith(
        "<https://thidua.mythanh.gov.vn/notifications/"
    )
    # Once a day: something new the same day waits for tomorrow's digest.
    tell(officer, "Việc mới trong ngày")
    assert digest.digests_send(actor=SYSTEM, now=NOW + dt.timedelta(hours=3)) == 0
    assert digest.digests_send(actor=SYSTEM, now=NOW + dt.timedelta(days=1)) == 1
    assert "Việc mới trong ngày" in mail.outbox[1].body and "Ấp Mỹ Hòa" not in mail.outbox[1].body


def test_a_digest_that_cannot_be_sent_is_tried_again_next_run(personas, monkeypatch):
    officer = with_email(personas["officer"])
    tell(officer)

    def refuse(self, fail_silently=False):
        raise OSError("máy chủ thư không trả lời")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    assert digest.digests_send(actor=SYSTEM, now=NOW) == 0
    assert Notification.objects.get().emailed_at is None
    monkeypatch.undo()
    assert digest.digests_send(actor=SYSTEM, now=NOW) == 1


def test_nothing_new_means_no_digest_and_already_mailed_news_is_not_repeated(personas):
    officer = with_email(personas["officer"])
    assert digest.digests_send(actor=SYSTEM, now=NOW) == 0
    services.notify(actor=SYSTEM, recipients=[officer], kind=Kind.FIGURES_OVERDUE, text="x", emailed=True)
    assert digest.digests_send(actor=SYSTEM, now=NOW) == 0 and mail.outbox == []


def test_a_long_day_is_cut_and_counted(personas):
    officer = with_email(personas["officer"])
    for i in range(digest.DIGEST_LINES + 3):
        tell(officer, f"Việc {i}")
    digest.digests_send(actor=SYSTEM, now=NOW)
    assert "và 3 thông báo khác" in mail.outbox[0].body


def test_preferences_page_turns_the_digest_off_and_on_audited(client, personas):
    officer = with_email(personas["officer"])
    login(client, officer)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert 'name="digest"' in page and "checked" in page
    client.post(reverse("notifications:preferences"), {})
    assert Preference.objects.get(user=officer).digest is False
    tell(officer)
    assert digest.digests_send(actor=SYSTEM, now=NOW) == 0
    client.post(reverse("notifications:preferences"), {"digest": "on"})
    assert Preference.objects.get(user=officer).digest is True
    assert digest.digests_send(actor=SYSTEM, now=NOW) == 1
    assert AuditEntry.objects.filter(verb="chọn nhận thư thông báo", actor=officer).count() == 2


def test_preferences_page_says_when_there_is_no_address(client, personas):
    login(client, personas["viewer"])
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "chưa có địa chỉ thư điện tử" in page


def test_the_unsubscribe_link_asks_then_turns_the_digest_off_without_login(client, personas):
    officer = with_email(personas["officer"])
    tell(officer)
    digest.digests_send(actor=SYSTEM, now=NOW)
    url = re.search(r"https?://\S+/notifications/unsubscribe/\S+/", mail.outbox[0].body).group(0)
    path = url.split("8000", 1)[-1] if "8000" in url else url
    # Opening the link (a mail scanner does) changes nothing.
    response = client.get(path)
    assert response.status_code == 200 and "Ngừng gửi thư" in response.content.decode()
    assert selectors.digest_on(officer)
    response = client.post(path)
    assert response.status_code == 200 and 'id="unsubscribed"' in response.content.decode()
    assert not selectors.digest_on(officer)
    tell(officer)
    assert digest.digests_send(actor=SYSTEM, now=NOW + dt.timedelta(days=1)) == 0


def test_a_forged_or_altered_unsubscribe_link_changes_nothing(client, personas):
    officer = with_email(personas["officer"])
    token = digest.unsubscribe_token(officer)
    for bad in (token[:-2] + "xx", "abc", digest.unsubscribe_token(personas["viewer"]).replace(":", ";")):
        response = client.post(reverse("notifications:unsubscribe", args=[bad]))
        assert response.status_code == 404 and "không hợp lệ" in response.content.decode()
    assert selectors.digest_on(officer) and not Preference.objects.exists()


def test_cron_sends_the_digest_once_however_often_it_runs(personas):
    officer = with_email(personas["officer"], "Đức.canbo@example.org".replace("Đ", "D"))
    tell(officer, unicodedata.normalize("NFD", "Hồ sơ của Đoàn Thị Ánh bị trả lại"))
    call_command("cron", stdout=(out := io.StringIO()))
    assert "notification digests sent: 1" in out.getvalue()
    call_command("cron", stdout=(again := io.StringIO()))
    assert "notification digests sent: 0" in again.getvalue()
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_the_old_movement_messages_are_copied_as_already_mailed(personas, tree):
    """The data migration's copy, run with the models as they were before the movements' table went
    (the table made again for the test, outside a transaction as SQLite's schema editor needs)."""
    import importlib

    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    from thidua.movements import services as movement_services

    before = [("movements", "0009_report_timeliness"), ("notifications", "0001_notifications")]
    old_apps = MigrationLoader(connection).project_state(before).apps
    OldNotification = old_apps.get_model("movements", "Notification")
    movement = movement_services.movement_create(
        actor=SYSTEM,
        unit=tree.commune,
        name="Thi đua 2026",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
    )
    with connection.schema_editor() as editor:
        editor.create_model(OldNotification)
    try:
        OldNotification.objects.create(
            recipient_id=personas["officer"].pk, movement_id=movement.pk, text="Ấp Mỹ Hòa chậm"
        )
        read = OldNotification.objects.create(
            recipient_id=personas["leader"].pk, text="Tỉnh trả lại hồ sơ", read_at=NOW
        )
        migration = importlib.import_module(
            "thidua.notifications.migrations.0002_copy_movement_notifications"
        )
        migration.copy(old_apps, None)
    finally:
        with connection.schema_editor() as editor:
            editor.delete_model(OldNotification)
    overdue = Notification.objects.get(recipient=personas["officer"])
    assert (overdue.kind, overdue.link, overdue.unit) == (
        Kind.FIGURES_OVERDUE,
        f"/movements/{movement.pk}/",
        tree.commune,
    )
    assert overdue.emailed_at is not None and overdue.read_at is None
    returned = Notification.objects.get(recipient=personas["leader"])
    assert (returned.kind, returned.read_at, returned.link) == (Kind.PROPOSAL, read.read_at, "")
