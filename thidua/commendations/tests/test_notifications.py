"""What the commendation work tells people: a ballot open, an objection to resolve, a notice period
ending, a dossier returned — to the right people only, once a day for the reminders."""

import datetime as dt

from django.utils import timezone

from thidua.access import SYSTEM
from thidua.accounts.models import Role
from thidua.commendations import services
from thidua.commendations.models import Attendance, CouncilRole
from thidua.commendations.tests.conftest import BALLOT_BOX, YEAR, complete, make_person, nominate
from thidua.notifications.models import Kind, Notification


def told(kind):
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def _vote(session, user):
    """Agree to the first two (the quota is two)."""
    a, b, _c = session.noms
    services.ballot_cast(
        user=user, session=session, choices={n.pk: n.pk in (a.pk, b.pk) for n in session.noms}
    )


def test_an_open_vote_is_told_to_the_members_present_and_reminded_until_they_vote(open_session, council):
    members = {m.user.username for m in council.members.values()}
    assert told(Kind.BALLOT_OPEN) == members  # told when the vote opened
    note = Notification.objects.filter(kind=Kind.BALLOT_OPEN).first()
    assert note.link == f"/commendations/sessions/{open_session.pk}/vote/" and "Phiên xét 2025" in note.text
    _vote(open_session, council.members["chair"].user)
    today = timezone.localdate()
    # The same day the reminder adds nothing; the next day it reaches only those who have not voted.
    assert services.ballots_remind(actor=SYSTEM, today=today) == 0
    tomorrow = today + dt.timedelta(days=1)
    assert services.ballots_remind(actor=SYSTEM, today=tomorrow) == len(members) - 1
    reminded = set(
        Notification.objects.filter(kind=Kind.BALLOT_OPEN, key__endswith=tomorrow.isoformat()).values_list(
            "recipient__username", flat=True
        )
    )
    assert reminded == members - {council.members["chair"].user.username}
    assert services.ballots_remind(actor=SYSTEM, today=tomorrow) == 0


def test_an_absent_member_and_a_paper_vote_are_not_told(tree, council, award, make_user):
    outsider_seat = services.council_member_add(
        actor=SYSTEM,
        council=council,
        user=make_user("vangmat", Role.COUNCIL, tree.commune),
        role=CouncilRole.MEMBER,
    )
    noms = [nominate(tree, award("ldtt"), person=make_person(tree.hamlet, "Đặng Văn Đông"))]
    session = services.session_create(
        actor=SYSTEM, council=council, title="Phiên có người vắng", year=YEAR, held_on=dt.date(2025, 12, 10)
    )
    services.session_agenda_add(actor=SYSTEM, session=session, nominations=noms)
    Attendance.objects.filter(session=session, member=outsider_seat).update(present=False)
    services.session_open(actor=SYSTEM, session=session, passphrase=BALLOT_BOX)
    assert "vangmat" not in told(Kind.BALLOT_OPEN) and "council" in told(Kind.BALLOT_OPEN)
    Notification.objects.all().delete()
    paper = services.session_create(
        actor=SYSTEM,
        council=council,
        title="Phiếu giấy",
        year=YEAR,
        held_on=dt.date(2025, 12, 10),
        paper=True,
    )
    services.session_agenda_add(
        actor=SYSTEM,
        session=paper,
        nominations=[nominate(tree, award("ldtt"), person=make_person(tree.hamlet, "Lê Thị Lan"))],
    )
    services.session_open(actor=SYSTEM, session=paper)
    assert told(Kind.BALLOT_OPEN) == set()


def _notice(open_session, council):
    for seat in council.members.values():
        _vote(open_session, seat.user)
    services.session_close(actor=SYSTEM, session=open_session, passphrase=BALLOT_BOX)
    return services.notice_publish(actor=SYSTEM, session=open_session, today=dt.date(2025, 12, 11))


def test_an_objection_is_told_to_the_commune_officers_without_the_senders_name(
    open_session, council, personas, tree, make_user
):
    make_user("canbo_xakhac", Role.OFFICER, tree.other)
    notice = _notice(open_session, council)
    services.objection_submit(
        notice=notice,
        name="Nguyễn Văn Đạt",
        contact="0901234567",
        text="Không đúng",
        ip="1.2.3.4",
        today=dt.date(2025, 12, 12),
    )
    assert told(Kind.OBJECTION) == {"officer"}
    note = Notification.objects.get(kind=Kind.OBJECTION)
    assert "Đạt" not in note.text and "0901234567" not in note.text
    assert note.link == f"/commendations/notices/{notice.pk}/"


def test_the_end_of_a_notice_period_is_told_the_day_before_and_the_day(open_session, council, personas):
    notice = _notice(open_session, council)
    ends = notice.ends_on
    assert services.notices_ending_remind(actor=SYSTEM, today=ends - dt.timedelta(days=2)) == 0
    assert services.notices_ending_remind(actor=SYSTEM, today=ends - dt.timedelta(days=1)) == 1
    assert services.notices_ending_remind(actor=SYSTEM, today=ends - dt.timedelta(days=1)) == 0  # once a day
    services.objection_submit(notice=notice, name="Dân", contact="", text="Ý kiến", ip="1.2.3.4", today=ends)
    assert services.notices_ending_remind(actor=SYSTEM, today=ends) == 1
    texts = list(
        Notification.objects.filter(kind=Kind.NOTICE_ENDING).order_by("id").values_list("text", flat=True)
    )
    assert "ngày mai" in texts[0] and "hôm nay" in texts[1] and "Còn 1 ý kiến chưa xử lý" in texts[1]
    assert ends.strftime("%d/%m/%Y") in texts[1]
    assert told(Kind.NOTICE_ENDING) == {"officer"}
    assert services.notices_ending_remind(actor=SYSTEM, today=ends + dt.timedelta(days=1)) == 0


def test_a_returned_dossier_is_told_to_the_commune_person_who_sent_it(
    tree, personas, province_people, draft, make_user
):
    make_user("canbo_xakhac", Role.OFFICER, tree.other)
    complete(draft, personas["officer"])
    services.proposal_submit(actor=personas["leader"], proposal=draft)  # the leader sends this one
    services.proposal_return(actor=province_people.officer, proposal=draft, reason="Thiếu chữ ký")
    assert told(Kind.PROPOSAL_RETURNED) == {"leader", "officer"}
    note = Notification.objects.get(kind=Kind.PROPOSAL_RETURNED, recipient=personas["leader"])
    assert "Thiếu chữ ký" in note.text and note.link == f"/commendations/proposals/{draft.pk}/"
