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
from thidua.commendations.models import AwardType, CouncilRole, Nomination, Session, TaskRating
from thidua.movements.models import Movement, PeriodKind, ReviewPeriod
from thidua.people.models import Gender
from thidua.signatures.demo import DEMO_PASSPHRASE, demo_signing_key

ACTOR = SystemActor("load-demo")
# The demo's ballot-box passphrase (README, demo table): the chair types it to close the open session.
BALLOT_BOX = "hom phieu Hoi dong 2026"


def _review(commune, name: str, kind: str, year: int) -> ReviewPeriod | None:
    """The commune's own plan of a movement (see thidua/movements/demo.py) and its review of that year."""
    movement = Movement.objects.filter(unit=commune, name=name).first()
    if movement is None:
        return None
    return movement.periods.filter(kind=kind, end__year=year).first()


def _nominate(
    unit, code: str, year: int, achievement: str, person=None, collective=None, checked=True, review=None
) -> Nomination:
    """A sample nomination; `checked` takes it through submission, acceptance and the check."""
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


def _council_voters(ctx) -> list:
    """chutich chairs the council and hoidong is its secretary; both vote."""
    council = ctx.units["HĐTĐKT"]
    chair = services.council_member_add(
        actor=ACTOR, council=council, user=ctx.users["chutich"], role=CouncilRole.CHAIR
    )
    member = services.council_member_add(
        actor=ACTOR, council=council, user=ctx.users["hoidong"], role=CouncilRole.SECRETARY
    )
    return [chair.user, member.user]


def _picked_people(ctx) -> list:
    """Seven adults of the seed, women and men in turn, who are nominated this year and last."""
    adults = [p for p in ctx.people if p.birth_year and p.birth_year < 1996]
    women = [p for p in adults if p.gender == Gender.FEMALE]
    men = [p for p in adults if p.gender == Gender.MALE]
    return [women[0], men[0], women[1], men[1], women[2], men[2], men[3]]


def _task_ratings(people: list, years: tuple[int, ...]) -> None:
    """Each picked person completed their tasks well in both years, as the LĐTT title requires."""
    for person in people:
        for year in years:
            TaskRating.objects.get_or_create(
                person=person, year=year, defaults={"level": TaskRating.Level.GOOD}
            )


def _session(ctx, *, title: str, year: int, held_on: dt.date, review, nominations: list) -> Session:
    """A council session with its agenda, opened for voting; its quotas come from the movement's
    review when it is for one, else 3 individuals and 2 collectives."""
    session = services.session_create(
        actor=ACTOR,
        council=ctx.units["HĐTĐKT"],
        title=title,
        year=year,
        held_on=held_on,
        quota_individual=None if review else 3,
        quota_collective=None if review else 2,
        review_period=review,
        is_sample=True,
    )
    services.session_agenda_add(actor=ACTOR, session=session, nominations=nominations)
    services.session_open(actor=ACTOR, session=session, passphrase=BALLOT_BOX)
    return session


def _finished_nominations(ctx, people: list, year: int, review) -> list[Nomination]:
    """The yearly review: 3 individuals and 2 collectives (the seed plan's quota), all checked."""
    individuals = [
        _nominate(
            person.unit,
            "ldtt",
            year,
            "Hoàn thành tốt nhiệm vụ, tích cực trong phong trào xây dựng nông thôn mới.",
            person=person,
            review=review,
        )
        for person in people
    ]
    collectives = [
        _nominate(
            ctx.commune,
            "gk-tapthe",
            year,
            "Dẫn đầu phong trào “Đồng khởi mới” của xã.",
            collective=ctx.units[short],
            review=review,
        )
        for short in ("HND", "HLHPN")
    ]
    return individuals + collectives


def _vote_notice_decide(ctx, session: Session, nominations: list[Nomination], voters: list) -> None:
    """Everyone votes for everyone; the minutes, the notice, the Tờ trình and the signed decision follow."""
    for user in voters:
        services.ballot_cast(user=user, session=session, choices={n.pk: True for n in nominations})
    services.session_close(actor=ACTOR, session=session, passphrase=BALLOT_BOX)
    services.session_minutes_issue(actor=ACTOR, session=session)
    notice = services.notice_publish(
        actor=ACTOR, session=session, today=session.held_on + dt.timedelta(days=1)
    )
    services.notice_document_issue(actor=ACTOR, notice=notice)
    decision = services.decision_create(
        actor=ACTOR, notice=notice, today=notice.ends_on + dt.timedelta(days=1)
    )
    services.decision_submission_issue(
        actor=ACTOR, decision=decision, date=notice.ends_on + dt.timedelta(days=1)
    )
    # Signed digitally too, with the demo's made-up key (thidua/signatures/demo.py).
    key = demo_signing_key(actor=ACTOR, commune=ctx.commune, signer_name=ctx.users["chutich"].full_name)
    services.decision_sign(
        actor=ACTOR,
        decision=decision,
        signed_on=notice.ends_on + dt.timedelta(days=2),
        signer_name=ctx.users["chutich"].full_name,
        key=key,
        secret=DEMO_PASSPHRASE,
    )


def _finished_review(ctx, people: list, voters: list, year: int, review) -> None:
    """Last year's review, voted, noticed, decided with certificates."""
    done = _finished_nominations(ctx, people, year, review)
    title = f"Sơ kết phong trào “Đồng khởi mới” năm {year}" if review else f"Xét khen thưởng năm {year}"
    held = dt.date(year, 12, 5)
    session = _session(ctx, title=title, year=year, held_on=held, review=review, nominations=done)
    _vote_notice_decide(ctx, session, done, voters)


def _open_review(ctx, people: list, year: int, review) -> None:
    """This year: an open session with four individuals for three places and one collective."""
    current = [
        _nominate(
            person.unit,
            "ldtt",
            year,
            "Hoàn thành tốt nhiệm vụ năm; tham gia hiến đất làm đường.",
            person=person,
            review=review,
        )
        for person in people
    ] + [
        _nominate(
            ctx.commune,
            "gk-tapthe",
            year,
            "Hoàn thành xuất sắc công trình nước sạch.",
            collective=ctx.units["ĐTN"],
            review=review,
        )
    ]
    title = f"Tổng kết phong trào “{review.movement.name}”" if review else f"Xét khen thưởng năm {year}"
    _session(ctx, title=title, year=year, held_on=timezone.localdate(), review=review, nominations=current)


def _province_proposal(ctx, people: list, year: int) -> None:
    """Mỹ Thạnh's dossier for the province's awards of the year, complete and sent: it waits at the
    province (tinh_canbo receives or returns it)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    if getattr(ctx, "province", None) is None:
        return
    proposal = services.proposal_create(
        actor=ACTOR,
        commune=ctx.commune,
        year=year,
        title=f"Đề nghị khen thưởng cấp tỉnh năm {year}",
        is_sample=True,
    )
    services.proposal_line_add(
        actor=ACTOR,
        proposal=proposal,
        award_type=AwardType.objects.get(code="bk-tinh-canhan"),
        achievement="Ba năm liền hoàn thành tốt nhiệm vụ; vận động hiến đất làm 2 km đường ấp Mỹ Hòa.",
        person=people[0],
    )
    services.proposal_line_add(
        actor=ACTOR,
        proposal=proposal,
        award_type=AwardType.objects.get(code="bk-tinh-tapthe"),
        achievement="Dẫn đầu phong trào nông dân thi đua sản xuất, kinh doanh giỏi của xã.",
        collective=ctx.units["HND"],
    )
    minutes = SimpleUploadedFile(
        "bien-ban-hop-hoi-dong-xa.pdf", b"%PDF-1.4\n% bien ban mau\n", content_type="application/pdf"
    )
    services.proposal_minutes_attach(actor=ACTOR, proposal=proposal, file=minutes)
    services.proposal_submission_issue(
        actor=ACTOR, proposal=proposal, signer_name=ctx.users["chutich"].full_name
    )
    services.proposal_submit(actor=ACTOR, proposal=proposal)


def load(ctx) -> None:
    """Last year's finished review, this year's open session, and a hamlet head's draft, in that order."""
    voters = _council_voters(ctx)
    this_year = timezone.localdate().year
    # The finished review is the last yearly review of "Đồng khởi mới" (2015–2020) when the movements
    # demo has loaded it; without it, last year's review on its own.
    yearly = _review(ctx.commune, "Đồng khởi mới", PeriodKind.YEAR, 2020)
    last_year = yearly.year if yearly else this_year - 1
    final = _review(ctx.commune, "Thi đua yêu nước năm 2026", PeriodKind.FINAL, this_year)
    picked = _picked_people(ctx)
    _task_ratings(picked, (last_year, this_year))
    _finished_review(ctx, picked[:3], voters, last_year, yearly)
    _open_review(ctx, picked[3:7], this_year, final)
    # Work in progress elsewhere: a draft from the hamlet head.
    _nominate(
        ctx.units["Ấp Mỹ Hòa"],
        "gk-canhan",
        this_year,
        "Cứu người đuối nước ở kênh Mỹ Hòa.",
        person=picked[0],
        checked=False,
    )
    _province_proposal(ctx, picked, this_year)
