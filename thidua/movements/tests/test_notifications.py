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
