"""Demo movements for Mỹ Thạnh: the higher plan 519/KH-UBND, the commune's "Đồng khởi mới"
(plan 23/KH-UBND of 13/3/2015, from the seed document), and a current movement for 2026 with
targets, commitments and quarterly figures so that the dashboard has something to show.

Texts of "Đồng khởi mới" are the seed's; names of units, figures and the 2026 movement are
invented sample data (is_sample=True).
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from thidua.access import SystemActor
from thidua.movements import services
from thidua.movements.criteria import load_shipped
from thidua.movements.models import (
    CriteriaSet,
    Direction,
    DutyStatus,
    Indicator,
    Movement,
    PeriodKind,
    RecipientKind,
)
from thidua.movements.reform import province_name, recipients_without_districts
from thidua.units.models import Unit

ACTOR = SystemActor("load-demo")

PURPOSES = """Phát động trong toàn Đảng, toàn quân và dân xã nhà tích cực hưởng ứng, tham gia phong trào thi đua “Đồng khởi mới”, phát huy truyền thống anh hùng của dân tộc trong xây dựng và phát triển kinh tế xã hội, lập thành tích chào mừng các ngày lễ lớn, Đại hội Đảng các cấp, các sự kiện trọng đại của đất nước năm 2015 và những năm tiếp theo.
Tổ chức phong trào thi đua “Đồng khởi mới” rộng khắp trên địa bàn toàn xã nhằm khơi dậy lòng yêu nước, tự hào dân tộc, tinh thần năng động, sáng tạo, cần cù trong lao động, sản xuất, phát huy sức mạnh tổng hợp của khối đại đoàn kết toàn dân tộc, quyết tâm thực hiện thắng lợi các chỉ tiêu Nghị quyết năm 2015.
Phong trào thi đua “Đồng khởi mới” phải triển khai sâu rộng từ xã đến ấp nhất là trong quần chúng nhân dân với nội dung, hình thức phong phú, không phô trương, phù hợp với chỉ đạo của Đảng ủy, Ủy ban nhân dân và tình hình thực tế ở địa phương.
Việc triển khai thực hiện phong trào thi đua “Đồng khởi mới” được xem là nhiệm vụ trọng tâm gắn với việc thực hiện nhiệm vụ chính trị từ nay đến năm 2020.
Phát hiện, bồi dưỡng và nhân rộng các điển hình tiên tiến, các sáng kiến, kinh nghiệm, gương người tốt việc tốt, mô hình mới, cách làm hay trong phong trào thi đua “Đồng khởi mới”; kịp thời biểu dương, khen thưởng các tập thể, cá nhân."""

CONTENT = """Tổ chức phát động phong trào thi đua “Đồng khởi mới” gắn với việc đẩy mạnh “Học tập và làm theo tấm gương đạo đức Hồ Chí Minh” với tinh thần “Người người thi đua, ngành ngành thi đua”.
Động viên, cổ vũ mọi người tích cực hưởng ứng phong trào nhằm thúc đẩy hoàn thành các chỉ tiêu phát triển kinh tế xã hội xã nhà năm 2015 và những năm tiếp theo.
Tập trung thực hiện có hiệu quả các Chương trình mục tiêu quốc gia nhất là Chương trình xây dựng Nông thôn mới, coi đây là phong trào trọng tâm, nòng cốt trong phong trào thi đua “Đồng khởi mới”.
Xây dựng hệ thống chính trị trong sạch, vững mạnh; đẩy mạnh cải cách hành chính, thực hiện có hiệu quả cơ chế một cửa; thực hiện Chỉ số đo lường sự hài lòng của tổ chức, cá nhân đối với sự phục vụ của cơ quan hành chính nhà nước."""

FORM_AND_TIME = (
    "Xây dựng kế hoạch, tổ chức phát động phong trào thi đua “Đồng khởi mới” sâu rộng từ trong nội bộ đến tận "
    "người dân; nội dung phát động thi đua phải cụ thể, rõ ràng có giải pháp, biện pháp thực hiện.\n"
    "Thời gian phát động phong trào thi đua “Đồng khởi mới” từ khi phát động phong trào đến cuối năm 2020."
)

COMMENDATION = (
    "Hàng năm Ủy ban nhân dân tiến hành sơ kết đánh giá kết quả thực hiện phong trào, những kinh nghiệm, hạn chế "
    "cần khắc phục đồng thời đề ra phương hướng nhiệm vụ đẩy mạnh phong trào thi đua cho năm sau. Hội đồng Thi đua, "
    "khen thưởng xã sẽ xét chọn 02 tập thể, 03 cá nhân thật sự xuất sắc trong phong trào thi đua “Đồng khởi mới” để "
    "biểu dương, khen thưởng."
)

RECIPIENTS = """Phòng Nội vụ huyện
TT.Đảng ủy-HĐND xã
Chủ tịch, các phó Chủ tịch
Các ngành Đoàn thể
HĐTĐKT xã
Trưởng các ấp
Lưu: VT"""

DUTIES = [
    (None, "Tổ chức triển khai thực hiện tốt kế hoạch."),
    (
        "ĐTT",
        "Tăng cường tuyên truyền về các hoạt động của phong trào; nêu gương điển hình tiên tiến, gương người tốt "
        "việc tốt, cách làm hay, mô hình mới để nhân rộng phong trào (cùng tổ thông tin các ấp).",
    ),
    (
        "MTTQ",
        "Phối hợp các đoàn thể vận động cán bộ, công chức và quần chúng nhân dân tích cực hưởng ứng, tham gia "
        "các phong trào thi đua.",
    ),
    (
        "VP-TK",
        "Tham mưu theo dõi, đôn đốc việc triển khai thực hiện kế hoạch và kịp thời đề xuất biểu dương, khen "
        "thưởng các tập thể, cá nhân lập thành tích xuất sắc.",
    ),
]

HAMLET_NAMES = ["Ấp Mỹ Hòa", "Ấp Mỹ Lợi", "Ấp Thạnh Hòa", "Ấp Thạnh Lợi", "Ấp Mỹ An", "Ấp Thạnh An"]


AWARD = "Giấy khen của Chủ tịch UBND xã"


@dataclass
class Indicators:
    income: Indicator
    poor: Indicator
    insurance: Indicator
    cultural: Indicator
    road: Indicator


def load(ctx) -> None:
    """The demo story in order: the higher plan, the commune's plan of it with five years of
    figures, then the current movement with its registrations, figures and implementation."""
    commune = ctx.commune
    if not CriteriaSet.objects.exists():
        load_shipped()
    indicators = _indicators()
    hamlets = [ctx.units[name] for name in HAMLET_NAMES]
    parent = _higher_plan(commune.parent or commune)
    plan = _commune_plan(ctx, parent)
    _yearly_figures(plan, hamlets, indicators, ctx.rng)
    _criteria_assessed(plan, commune)
    current = _current_movement(ctx)
    _registrations(ctx, current, hamlets, indicators)
    _quarterly_figures(current, hamlets, indicators, ctx.rng)
    _implementation(ctx, current, hamlets)
    if ctx.province is not None and len(ctx.communes) == 3:
        _province_movement(ctx, indicators)


def _indicators() -> Indicators:
    def make(name: str, direction: str, measure: str = "") -> Indicator:
        return services.indicator_create(
            actor=ACTOR, name=name, measure=measure, direction=direction, is_sample=True
        )

    return Indicators(
        income=make("Thu nhập bình quân đầu người", Direction.INCREASE, "triệu đồng/năm"),
        poor=make("Tỷ lệ hộ nghèo", Direction.DECREASE, "%"),
        insurance=make("Tỷ lệ người dân tham gia bảo hiểm y tế", Direction.REACH, "%"),
        cultural=make("Tỷ lệ hộ đạt Gia đình văn hóa", Direction.REACH, "%"),
        road=make("Hoàn thành tuyến đường giao thông nông thôn của ấp", Direction.YES_NO),
    )


def _quotas(movement: Movement, per_period: dict[str, int]) -> None:
    for kind, count in per_period.items():
        services.quota_set(
            actor=ACTOR, movement=movement, recipient_kind=kind, per_period=count, awards=AWARD
        )


def _higher_plan(higher: Unit) -> Movement:
    """Plan 519/KH-UBND (in 2015 a district plan; districts were abolished in 2025, so it sits on
    the unit above the commune), launched and running."""
    parent = services.movement_create(
        actor=ACTOR,
        unit=higher,
        name="Đồng khởi mới",
        plan_number="519/KH-UBND",
        plan_date=dt.date(2015, 3, 9),
        period_start=dt.date(2015, 3, 9),
        period_end=dt.date(2020, 12, 31),
        cadence="yearly",
        purposes=PURPOSES,
        content_items=CONTENT,
        form_and_time=FORM_AND_TIME,
        preamble="Kế hoạch của Ủy ban nhân dân huyện Giồng Trôm (dữ liệu mẫu).",
        programmes="Xây dựng Nông thôn mới\nHọc tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        is_sample=True,
    )
    services.movement_launch(actor=ACTOR, movement=parent)
    services.movement_start(actor=ACTOR, movement=parent)
    return parent


def _commune_plan(ctx, parent: Movement) -> Movement:
    """The commune's plan 23/KH-UBND implementing it (the seed's texts), launched and running."""
    plan = services.movement_implement(actor=ACTOR, parent_movement=parent, unit=ctx.commune)
    services.movement_update(
        actor=ACTOR,
        movement=plan,
        plan_number="23/KH-UBND",
        plan_date=dt.date(2015, 3, 13),
        period_start=dt.date(2015, 3, 13),
        period_end=dt.date(2020, 12, 31),
        legal_bases="Thực hiện Kế hoạch số 519/KH-UBND ngày 09 tháng 3 năm 2015 của Ủy ban nhân dân huyện Giồng "
        "Trôm về việc phát động phong trào thi đua “Đồng khởi mới”.",
        preamble="Nhân kỷ niệm 55 năm ngày Bến Tre Đồng khởi (17/01/1960 – 17/01/2015), Ủy ban nhân dân xã Mỹ Thạnh "
        "xây dựng kế hoạch phát động phong trào thi đua “Đồng khởi mới” nhằm khơi dậy sức mạnh tổng hợp của "
        "khối đại đoàn kết toàn dân tộc trong các phong trào thi đua thực hiện thắng lợi nhiệm vụ phát triển "
        "kinh tế - xã hội xã nhà năm 2015 và những năm tiếp theo.",
        commendation_text=COMMENDATION,
        recipients=RECIPIENTS,
        criteria_set=CriteriaSet.objects.filter(code="NTM-318-2022").first(),
    )
    _quotas(plan, {RecipientKind.COLLECTIVE: 2, RecipientKind.INDIVIDUAL: 3})
    for short, text in DUTIES:
        unit = ctx.units[short] if short else ctx.commune
        services.duty_add(actor=ACTOR, movement=plan, unit=unit, text=text)
    services.movement_launch(actor=ACTOR, movement=plan)
    services.movement_start(actor=ACTOR, movement=plan)
    return plan


def _sent(period, days_after_due: int) -> dt.datetime:
    """When a unit sent the period's figures: a few days before the due date, or late by some days.
    The demo is loaded in one go, so each figure says when it was reported."""
    return timezone.make_aware(
        dt.datetime.combine(period.due + dt.timedelta(days=days_after_due), dt.time(9))
    )


def _yearly_figures(plan: Movement, hamlets: list[Unit], ind: Indicators, rng) -> None:
    """Yearly figures 2015–2019 for every hamlet, each year closed; the 2020 review is still
    missing for two hamlets."""
    for year in range(2015, 2021):
        review = plan.periods.get(kind=PeriodKind.YEAR, end__year=year)
        step = year - 2015
        for index, hamlet in enumerate(hamlets):

            def target(indicator: Indicator, value: Decimal, baseline: Decimal, hamlet=hamlet, year=year):
                return services.target_set(
                    actor=ACTOR,
                    movement=plan,
                    unit=hamlet,
                    year=year,
                    indicator=indicator,
                    value=value,
                    baseline=baseline,
                )

            income = target(ind.income, Decimal(28 + 4 * step), Decimal(25 + 4 * step))
            poor = target(
                ind.poor, Decimal("6") - step * Decimal("0.8"), Decimal("7") - step * Decimal("0.8")
            )
            if year == 2020 and index >= 4:
                continue
            income_value = Decimal(26 + 4 * step + rng.randint(0, 4))
            sent = _sent(review, -3)
            services.progress_report(
                actor=ACTOR, target=income, period=review, value=income_value, reported_at=sent
            )
            poor_value = Decimal("6.5") - Decimal(step) * Decimal("0.8") - Decimal(rng.randint(0, 8)) / 10
            services.progress_report(
                actor=ACTOR, target=poor, period=review, value=poor_value, reported_at=sent
            )
        if year < 2020:
            services.period_close(actor=ACTOR, period=review)


def _criteria_assessed(plan: Movement, commune: Unit) -> None:
    """The commune assessed against the new-countryside criteria: 17 met, with their evidence."""
    for i, criterion in enumerate(plan.criteria_set.criteria.all() if plan.criteria_set else []):
        services.criterion_record(
            actor=ACTOR,
            movement=plan,
            unit=commune,
            criterion=criterion,
            met=i < 17,
            evidence="Báo cáo rà soát tiêu chí nông thôn mới năm 2020 (mẫu)" if i < 17 else "",
        )


def _current_movement(ctx) -> Movement:
    """The movement of 2026, so the dashboard is alive today: quotas, duties, launched, running."""
    current = services.movement_create(
        actor=ACTOR,
        unit=ctx.commune,
        name="Thi đua yêu nước năm 2026",
        plan_number="05/KH-UBND",
        plan_date=dt.date(2026, 1, 15),
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
        cadence="quarterly",
        purposes="Thi đua thực hiện thắng lợi các chỉ tiêu Nghị quyết năm 2026.",
        content_items="Xây dựng nông thôn mới nâng cao\nGiảm nghèo bền vững\nXây dựng ấp văn hóa, gia đình văn hóa",
        programmes="Xây dựng Nông thôn mới",
        # Last year's list, but districts are gone since 1 July 2025: the province's Sở Nội vụ.
        recipients=recipients_without_districts(RECIPIENTS, province=province_name(ctx.commune)),
        is_sample=True,
        criteria_set=CriteriaSet.objects.filter(code="NTM-51-2025").first(),
    )
    _quotas(current, {RecipientKind.COLLECTIVE: 2, RecipientKind.INDIVIDUAL: 3, RecipientKind.HOUSEHOLD: 5})
    for short, text in DUTIES[1:]:
        services.duty_add(
            actor=ACTOR, movement=current, unit=ctx.units[short], text=text, due_date=dt.date(2026, 12, 15)
        )
    services.movement_launch(actor=ACTOR, movement=current)
    services.movement_start(actor=ACTOR, movement=current)
    return current


def _registrations(ctx, current: Movement, hamlets: list[Unit], ind: Indicators) -> None:
    """Every hamlet registers; four are approved (their pledges become targets), one is sent and
    waiting, one is still a draft; two associations send a registration of titles only."""
    for index, hamlet in enumerate(hamlets):
        pledges = [
            (ind.income, Decimal(62 + index), dt.date(2026, 12, 31)),
            (ind.poor, Decimal("2.5"), dt.date(2026, 12, 31)),
            (ind.insurance, Decimal(95), dt.date(2026, 12, 31)),
            (ind.cultural, Decimal(90), dt.date(2026, 12, 31)),
            (ind.road, Decimal(1), dt.date(2026, 9, 30)),
        ]
        commitment = services.commitment_save(
            actor=ACTOR,
            movement=current,
            unit=hamlet,
            year=2026,
            titles="Ấp văn hóa\nTập thể lao động tiên tiến",
            pledges=pledges,
            submit=index != 5,
            is_sample=True,
        )
        if index < 4:
            services.commitment_approve(actor=ACTOR, commitment=commitment)
            _baselines(current, hamlet, index, ind)
    for short in ("HND", "HLHPN"):
        services.commitment_save(
            actor=ACTOR,
            movement=current,
            unit=ctx.units[short],
            year=2026,
            titles="Tập thể lao động tiên tiến",
            submit=True,
            is_sample=True,
        )


def _baselines(current: Movement, hamlet: Unit, index: int, ind: Indicators) -> None:
    """The starting levels of an approved hamlet's income and poverty targets."""
    baselines = {ind.income: Decimal(55 + index), ind.poor: Decimal("3.5")}
    for target in current.targets.filter(unit=hamlet).select_related("indicator"):
        if target.indicator in baselines:
            services.target_set(
                actor=ACTOR,
                movement=current,
                unit=hamlet,
                year=target.year,
                indicator=target.indicator,
                value=target.value,
                baseline=baselines[target.indicator],
            )


def _quarterly_figures(current: Movement, hamlets: list[Unit], ind: Indicators, rng) -> None:
    """Q1–Q2 reported by every hamlet with targets; Q3 only by two, so the others are late."""
    quarters = list(current.periods.filter(kind=PeriodKind.QUARTER).order_by("end"))
    for q_index, quarter in enumerate(quarters[:3]):
        for index, hamlet in enumerate(hamlets[:4]):
            if q_index == 2 and index >= 2:
                continue
            for target in current.targets.filter(unit=hamlet).select_related("indicator"):
                step = Decimal(q_index + 1)
                # Every draw is made for every target, whichever is used: the demo's numbers
                # depend on the sequence of draws.
                value = {
                    ind.income: Decimal(55 + index) + step * Decimal(rng.randint(15, 30)) / 10,
                    ind.poor: Decimal("3.5") - step * Decimal(rng.randint(1, 3)) / 10,
                    ind.insurance: Decimal(88) + step * Decimal(rng.randint(10, 25)) / 10,
                    ind.cultural: Decimal(84) + step * Decimal(rng.randint(5, 20)) / 10,
                    ind.road: Decimal(1 if q_index == 2 and index < 2 else 0),
                }[target.indicator]
                services.progress_report(
                    actor=ACTOR,
                    target=target,
                    period=quarter,
                    value=value.quantize(Decimal("0.1")),
                    as_of=quarter.end,
                    note="Số liệu mẫu",
                    # The last hamlet sent its second quarter two days late.
                    reported_at=_sent(quarter, 2 if (q_index, index) == (1, 3) else -2),
                )


def _implementation(ctx, current: Movement, hamlets: list[Unit]) -> None:
    """A covenant among three hamlets, duties under way, a few individuals taking part, and the
    plan drafted into the document register (issued later by the chairman)."""
    services.covenant_create(
        actor=ACTOR,
        movement=current,
        name="Giao ước thi đua cụm ấp năm 2026",
        units=hamlets[:3],
        signed_on=dt.date(2026, 2, 20),
        content="Các ấp cùng giao ước hoàn thành chỉ tiêu thu nhập, giảm nghèo, bảo hiểm y tế "
        "và xây dựng ấp văn hóa năm 2026.",
    )
    duties = list(current.duties.order_by("id"))
    services.duty_set_status(actor=ACTOR, duty=duties[0], status=DutyStatus.DONE)
    services.duty_set_status(actor=ACTOR, duty=duties[1], status=DutyStatus.DOING)
    near = {hamlet.pk for hamlet in hamlets[:2]}
    for person in [p for p in ctx.people if p.unit_id in near][:4]:
        services.participation_add(actor=ACTOR, movement=current, person=person)
    services.movement_plan_draft(actor=ACTOR, movement=current)


def _province_movement(ctx, ind: Indicators) -> Movement:
    """The province's movement of 2026, implemented by the three communes: the province gives each
    commune its targets; Mỹ Thạnh reports three quarters, Mỹ An two, Thủ Thừa only the first, so
    the province dashboard shows a ranking and late communes; Mỹ An's plan gives its hamlets
    targets of their own; the communes are assessed against the New Rural criteria."""
    ntm = CriteriaSet.objects.filter(code="NTM-51-2025").first()
    movement = services.movement_create(
        actor=ACTOR,
        unit=ctx.province,
        name="Thi đua chung sức xây dựng nông thôn mới năm 2026",
        plan_number="112/KH-UBND",
        plan_date=dt.date(2026, 1, 20),
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
        cadence="quarterly",
        purposes="Thi đua hoàn thành các chỉ tiêu xây dựng nông thôn mới năm 2026 ở tất cả các xã, phường.",
        content_items="Nâng thu nhập bình quân đầu người\nGiảm tỷ lệ hộ nghèo\nTăng tỷ lệ tham gia bảo hiểm y tế",
        programmes="Xây dựng Nông thôn mới",
        preamble="Kế hoạch của Ủy ban nhân dân tỉnh (dữ liệu mẫu).",
        criteria_set=ntm,
        is_sample=True,
    )
    services.movement_launch(actor=ACTOR, movement=movement)
    services.movement_start(actor=ACTOR, movement=movement)
    quarters = list(movement.periods.filter(kind=PeriodKind.QUARTER).order_by("end"))
    for index, commune in enumerate(ctx.communes):
        plan = services.movement_implement(actor=ACTOR, parent_movement=movement, unit=commune)
        services.movement_launch(actor=ACTOR, movement=plan)
        targets = [
            services.target_set(
                actor=ACTOR,
                movement=movement,
                unit=commune,
                year=2026,
                indicator=indicator,
                value=value,
                baseline=baseline,
            )
            for indicator, value, baseline in (
                (ind.income, Decimal(64 - 2 * index), Decimal(56 - 2 * index)),
                (ind.poor, Decimal("2.5"), Decimal("3.8")),
                (ind.insurance, Decimal(95), None),
            )
        ]
        for q_index, quarter in enumerate(quarters[: 3 - index]):
            step = Decimal(q_index + 1)
            for target, value in zip(
                targets,
                (
                    Decimal(56 - 2 * index) + step * Decimal(28 - 6 * index) / 10,
                    Decimal("3.8") - step * Decimal(3 - index) / 10,
                    Decimal(88) + step * Decimal(20 - 5 * index) / 10,
                ),
                strict=True,
            ):
                services.progress_report(
                    actor=ACTOR,
                    target=target,
                    period=quarter,
                    value=value.quantize(Decimal("0.1")),
                    as_of=quarter.end,
                    note="Số liệu mẫu",
                    # Mỹ Thạnh on time; the second commune late with its second quarter, the third
                    # with its first.
                    reported_at=_sent(quarter, 4 if (index, q_index) in ((1, 1), (2, 0)) else -3),
                )
        if index < 2:
            commitment = services.commitment_save(
                actor=ACTOR,
                movement=movement,
                unit=commune,
                year=2026,
                titles="Cờ thi đua của UBND tỉnh",
                submit=True,
                is_sample=True,
            )
            if index == 0:
                services.commitment_approve(actor=ACTOR, commitment=commitment)
        if index == 1:
            _commune_hamlet_targets(ctx, plan, commune, ind)
        if ntm is not None and index < 2:
            criteria = list(ntm.criteria.all())
            for number, criterion in enumerate(criteria):
                met = index == 1 or number < len(criteria) - 2
                services.criterion_record(
                    actor=ACTOR,
                    movement=movement,
                    unit=commune,
                    criterion=criterion,
                    met=met,
                    evidence="Báo cáo rà soát tiêu chí nông thôn mới năm 2026 (mẫu)" if met else "",
                )
    return movement


def _commune_hamlet_targets(ctx, plan: Movement, commune: Unit, ind: Indicators) -> None:
    """The second commune's plan gives its hamlets a target each and one reports it."""
    q1 = plan.periods.filter(kind=PeriodKind.QUARTER).order_by("end").first()
    for index, hamlet in enumerate(commune.children.filter(kind="hamlet").order_by("path")):
        target = services.target_set(
            actor=ACTOR, movement=plan, unit=hamlet, year=2026, indicator=ind.cultural, value=Decimal(90)
        )
        if index == 0 and q1 is not None:
            services.progress_report(
                actor=ACTOR,
                target=target,
                period=q1,
                value=Decimal(86),
                as_of=q1.end,
                reported_at=_sent(q1, -1),
            )
