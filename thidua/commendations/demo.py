"""Demo commendations for Mỹ Thạnh: last year's finished review (vote, notice, decision with
certificates) and this year's open council session in which chutich and hoidong can vote.
Every record is sample data, flagged `is_sample`.
"""

import datetime as dt

from django.utils import timezone

from thidua.commendations import services
from thidua.commendations.models import AwardType, CouncilRole, TaskRating
from thidua.people.models import Gender

ACTOR = "load-demo"
MOVEMENT = "Phong trào thi đua “Đồng khởi mới”"


def _nominate(ctx, unit, code: str, year: int, achievement: str, person=None, collective=None, checked=True):
    n = services.nomination_create(
        actor=ACTOR,
        unit=unit,
        award_type=AwardType.objects.get(code=code),
        year=year,
        achievement=achievement,
        person=person,
        collective=collective,
        period_label=f"{MOVEMENT} – năm {year}",
        is_sample=True,
    )
    if checked:
        services.nomination_submit(actor=ACTOR, nomination=n)
        services.nomination_accept(actor=ACTOR, nomination=n)
        services.nomination_check(actor=ACTOR, nomination=n)
    return n


def load(ctx) -> None:
    council = ctx.units["HĐTĐKT"]
    chair = services.council_member_add(
        actor=ACTOR, council=council, user=ctx.users["chutich"], role=CouncilRole.CHAIR
    )
    member = services.council_member_add(
        actor=ACTOR, council=council, user=ctx.users["hoidong"], role=CouncilRole.SECRETARY
    )
    voters = [chair.user, member.user]
    this_year = timezone.localdate().year
    last_year = this_year - 1
    hamlet = ctx.units["Ấp Mỹ Hòa"]
    adults = [p for p in ctx.people if p.birth_year and p.birth_year < 1996]
    women = [p for p in adults if p.gender == Gender.FEMALE]
    men = [p for p in adults if p.gender == Gender.MALE]
    picked = [women[0], men[0], women[1], men[1], women[2], men[2], men[3]]
    for person in picked:
        for year in (last_year, this_year):
            TaskRating.objects.get_or_create(
                person=person, year=year, defaults={"level": TaskRating.Level.GOOD}
            )

    # Last year: 3 individuals and 2 collectives (the seed plan's yearly quota), voted, noticed, decided.
    done = [
        _nominate(
            ctx,
            person.unit,
            "ldtt",
            last_year,
            "Hoàn thành tốt nhiệm vụ, tích cực trong phong trào xây dựng nông thôn mới.",
            person=person,
        )
        for person in picked[:3]
    ] + [
        _nominate(
            ctx,
            ctx.commune,
            "gk-tapthe",
            last_year,
            "Dẫn đầu phong trào “Đồng khởi mới” của xã.",
            collective=ctx.units[short],
        )
        for short in ("HND", "HLHPN")
    ]
    held = dt.date(last_year, 12, 5)
    session = services.session_create(
        actor=ACTOR,
        council=council,
        title=f"Xét khen thưởng năm {last_year}",
        year=last_year,
        held_on=held,
        quota_individual=3,
        quota_collective=2,
        is_sample=True,
    )
    services.session_agenda_add(actor=ACTOR, session=session, nominations=done)
    services.session_open(actor=ACTOR, session=session)
    for user in voters:
        services.ballot_cast(user=user, session=session, choices={n.pk: True for n in done})
    services.session_close(actor=ACTOR, session=session)
    services.session_minutes_issue(actor=ACTOR, session=session)
    notice = services.notice_publish(actor=ACTOR, session=session, starts_on=held + dt.timedelta(days=1))
    services.notice_document_issue(actor=ACTOR, notice=notice)
    decision = services.decision_create(
        actor=ACTOR, notice=notice, today=notice.ends_on + dt.timedelta(days=1)
    )
    services.decision_submission_issue(
        actor=ACTOR, decision=decision, date=notice.ends_on + dt.timedelta(days=1)
    )
    services.decision_sign(
        actor=ACTOR,
        decision=decision,
        signed_on=notice.ends_on + dt.timedelta(days=2),
        signer_name=ctx.users["chutich"].full_name,
    )

    # This year: an open session with four individuals for three places and one collective.
    current = [
        _nominate(
            ctx,
            person.unit,
            "ldtt",
            this_year,
            "Hoàn thành tốt nhiệm vụ năm; tham gia hiến đất làm đường.",
            person=person,
        )
        for person in picked[3:7]
    ] + [
        _nominate(
            ctx,
            ctx.commune,
            "gk-tapthe",
            this_year,
            "Hoàn thành xuất sắc công trình nước sạch.",
            collective=ctx.units["ĐTN"],
        )
    ]
    open_session = services.session_create(
        actor=ACTOR,
        council=council,
        title=f"Xét khen thưởng năm {this_year}",
        year=this_year,
        held_on=timezone.localdate(),
        quota_individual=3,
        quota_collective=2,
        is_sample=True,
    )
    services.session_agenda_add(actor=ACTOR, session=open_session, nominations=current)
    services.session_open(actor=ACTOR, session=open_session)

    # Work in progress elsewhere: a draft from the hamlet head and a submitted household nomination.
    _nominate(
        ctx,
        hamlet,
        "gk-canhan",
        this_year,
        "Cứu người đuối nước ở kênh Mỹ Hòa.",
        person=picked[0],
        checked=False,
    )
