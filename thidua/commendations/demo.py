"""Demo commendations for Mỹ Thạnh: the finished yearly review of the commune's "Đồng khởi mới"
plan (its last year, 2020: the seed's 2 collectives and 3 individuals, voted, noticed, decided with
certificates) and this year's open council session for the final review of "Thi đua yêu nước năm
2026", in which chutich and hoidong can vote. The sessions take their quotas from the movements.
Every record is sample data, flagged `is_sample`.
"""

import datetime as dt

from django.utils import timezone

from thidua.access import SystemActor
from thidua.commendations import services
from thidua.commendations.models import AwardType, BaseSalary, CouncilRole, TaskRating
from thidua.movements.models import Movement, PeriodKind, ReviewPeriod
from thidua.people.models import Gender

ACTOR = SystemActor("load-demo")


def _review(commune, name: str, kind: str, year: int) -> ReviewPeriod | None:
    """The commune's own plan of a movement (see thidua/movements/demo.py) and its review of that year."""
    movement = Movement.objects.filter(unit=commune, name=name).first()
    if movement is None:
        return None
    return movement.periods.filter(kind=kind, end__year=year).first()


def _nominate(
    ctx, unit, code: str, year: int, achievement: str, person=None, collective=None, checked=True, review=None
):
    n = services.nomination_create(
        actor=ACTOR,
        unit=unit,
        award_type=AwardType.objects.get(code=code),
        year=year,
        achievement=achievement,
        person=person,
        collective=collective,
        review_period=review,
        is_sample=True,
    )
    if checked:
        services.nomination_submit(actor=ACTOR, nomination=n)
        services.nomination_accept(actor=ACTOR, nomination=n)
        services.nomination_check(actor=ACTOR, nomination=n)
    return n


# Earlier base salaries, so the 2020 review pays at the rate of its day (the catalogue ships the current ones).
EARLIER_BASE_SALARIES = [
    (1_490_000, dt.date(2019, 7, 1), "Nghị định 38/2019/NĐ-CP"),
    (1_800_000, dt.date(2023, 7, 1), "Nghị định 24/2023/NĐ-CP"),
]


def load(ctx) -> None:
    for amount, since, basis in EARLIER_BASE_SALARIES:
        BaseSalary.objects.get_or_create(
            effective_from=since, defaults={"amount": amount, "legal_basis": basis}
        )
    council = ctx.units["HĐTĐKT"]
    chair = services.council_member_add(
        actor=ACTOR, council=council, user=ctx.users["chutich"], role=CouncilRole.CHAIR
    )
    member = services.council_member_add(
        actor=ACTOR, council=council, user=ctx.users["hoidong"], role=CouncilRole.SECRETARY
    )
    voters = [chair.user, member.user]
    this_year = timezone.localdate().year
    # The finished review is the last yearly review of "Đồng khởi mới" (2015–2020) when the movements
    # demo has loaded it; without it, last year's review on its own.
    yearly = _review(ctx.commune, "Đồng khởi mới", PeriodKind.YEAR, 2020)
    last_year = yearly.year if yearly else this_year - 1
    final = _review(ctx.commune, "Thi đua yêu nước năm 2026", PeriodKind.FINAL, this_year)
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

    # The yearly review: 3 individuals and 2 collectives (the seed plan's quota), voted, noticed, decided.
    done = [
        _nominate(
            ctx,
            person.unit,
            "ldtt",
            last_year,
            "Hoàn thành tốt nhiệm vụ, tích cực trong phong trào xây dựng nông thôn mới.",
            person=person,
            review=yearly,
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
            review=yearly,
        )
        for short in ("HND", "HLHPN")
    ]
    held = dt.date(last_year, 12, 5)
    session = services.session_create(
        actor=ACTOR,
        council=council,
        title=f"Sơ kết phong trào “Đồng khởi mới” năm {last_year}"
        if yearly
        else f"Xét khen thưởng năm {last_year}",
        year=last_year,
        held_on=held,
        # From the movement's quota when the session is for its review.
        quota_individual=None if yearly else 3,
        quota_collective=None if yearly else 2,
        review_period=yearly,
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
            review=final,
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
            review=final,
        )
    ]
    open_session = services.session_create(
        actor=ACTOR,
        council=council,
        title=f"Tổng kết phong trào “{final.movement.name}”" if final else f"Xét khen thưởng năm {this_year}",
        year=this_year,
        held_on=timezone.localdate(),
        quota_individual=None if final else 3,
        quota_collective=None if final else 2,
        review_period=final,
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
