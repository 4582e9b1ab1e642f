"""What a movement tells people: a registration waiting for approval, figures overdue."""

import datetime as dt
from decimal import Decimal

from django.core import mail

from thidua.access import SYSTEM
from thidua.accounts.models import Role
from thidua.movements import services
from thidua.notifications.models import Kind, Notification

from .conftest import period


def told(kind):
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def test_a_submitted_registration_is_told_to_the_commune_reviewers_only(movement, tree, personas, make_user):
    make_user("ap2", Role.REPRESENTATIVE, tree.hamlet2)
    make_user("tinh", Role.OFFICER, tree.province)
    draft = services.commitment_save(
        actor=personas["representative"], movement=movement, unit=tree.hamlet, year=2026, titles="Ấp văn hóa"
    )
    assert told(Kind.COMMITMENT_REVIEW) == set()  # a draft waits for nobody
    services.commitment_submit(actor=personas["representative"], commitment=draft)
    # COMMITMENT_REVIEW on the commune: its admin, officer and leader; not the province above, not the
    # hamlet heads, the viewer, the council member or another commune's officer.
    assert told(Kind.COMMITMENT_REVIEW) == {"admin", "officer", "leader"}
    note = Notification.objects.filter(kind=Kind.COMMITMENT_REVIEW).first()
    assert "Ấp Mỹ Hòa" in note.text and note.link == f"/movements/commitments/{draft.pk}/"
    assert note.unit == tree.commune


def test_a_registration_saved_and_sent_at_once_is_told_too(movement, tree, personas):
    """The registration form's "gửi" saves and submits in one step."""
    services.commitment_save(
        actor=personas["representative"],
        movement=movement,
        unit=tree.hamlet,
        year=2026,
        titles="Ấp văn hóa",
        submit=True,
    )
    assert told(Kind.COMMITMENT_REVIEW) == {"admin", "officer", "leader"}
    assert "Ấp Mỹ Hòa" in Notification.objects.filter(kind=Kind.COMMITMENT_REVIEW).first().text


def test_overdue_figures_are_told_to_the_late_hamlet_once_a_day(
    movement, targets, tree, personas, make_user, django_capture_on_commit_callbacks
):
    other_head = make_user("truongap2", Role.REPRESENTATIVE, tree.hamlet2, email="ap2@example.org")
    personas["representative"].email = "ap1@example.org"
    personas["representative"].save()
    q1 = period(movement, "Quý 1/2026")
    services.progress_report(actor=SYSTEM, target=targets["hamlet2_income"], period=q1, value=Decimal(41))
    late_day = q1.due + dt.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.overdue_remind(actor=personas["officer"], movement=movement, today=late_day)
    assert first >= 1
    recipients = told(Kind.FIGURES_OVERDUE)
    assert "representative" in recipients and other_head.username not in recipients
    assert [m.to for m in mail.outbox] == [["ap1@example.org"]]
    # The button pressed again, or cron the same day: nobody is told twice.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.overdue_remind(actor=personas["officer"], movement=movement, today=late_day) == 0
    assert Notification.objects.filter(kind=Kind.FIGURES_OVERDUE).count() == first and len(mail.outbox) == 1
    # Mailed at once: the digest does not repeat it.
    assert not Notification.objects.filter(kind=Kind.FIGURES_OVERDUE, emailed_at__isnull=True).exists()
    # The next day, still late: told again.
    with django_capture_on_commit_callbacks(execute=True):
        again = services.overdue_remind(
            actor=personas["officer"], movement=movement, today=late_day + dt.timedelta(days=1)
        )
    assert again == first


def test_duties_past_their_due_date_are_told_to_their_unit_once_a_day_until_done(
    movement, tree, personas, make_user
):
    officer = personas["officer"]
    due = dt.date(2026, 3, 31)
    late = services.duty_add(
        actor=officer,
        movement=movement,
        unit=tree.hamlet,
        text="Ra mắt mô hình “Đường hoa nông thôn mới”",
        due_date=due,
    )
    done = services.duty_add(
        actor=officer, movement=movement, unit=tree.hamlet2, text="Tuyên truyền", due_date=due
    )
    services.duty_set_status(actor=officer, duty=done, status="done")
    services.duty_add(
        actor=officer,
        movement=movement,
        unit=tree.hamlet2,
        text="Tổng kết",
        due_date=due + dt.timedelta(days=1),
    )
    # On the due date itself nothing is late.
    assert services.duties_remind(actor=SYSTEM, today=due) == 0
    day_after = due + dt.timedelta(days=1)
    assert services.duties_remind(actor=SYSTEM, today=day_after) >= 1
    assert told(Kind.DUTY_OVERDUE) == {"representative"}  # hamlet 2's duties are done or not yet due
    note = Notification.objects.get(kind=Kind.DUTY_OVERDUE)
    assert "Đường hoa nông thôn mới" in note.text and "31/03/2026" in note.text
    assert note.link == f"/movements/{movement.pk}/" and note.emailed_at is None  # the digest mails it
    # cron again the same day: nobody told twice; the next day, still late: told again.
    assert services.duties_remind(actor=SYSTEM, today=day_after) == 0
    assert services.duties_remind(actor=SYSTEM, today=day_after + dt.timedelta(days=1)) >= 1
    services.duty_set_status(actor=personas["representative"], duty=late, status="done")
    assert services.duties_remind(actor=SYSTEM, today=day_after + dt.timedelta(days=2)) == 0
