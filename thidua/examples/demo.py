"""Demo good examples of Mỹ Thạnh and a broadcast radio bulletin sent to the hamlets.

Every record is sample data, flagged `is_sample`.
"""

import datetime as dt

from django.utils import timezone

from thidua.access import SystemActor
from thidua.examples import services
from thidua.examples.models import ConsentMethod, Delivery
from thidua.movements.models import Movement, MovementState

ACTOR = SystemActor("load-demo")

EXAMPLES = [
    (
        "Ấp Mỹ Hòa",
        "good_deed",
        "Nhặt được ví tiền, trả lại người đánh mất",
        "Trên đường đi chợ, bà con nhặt được chiếc ví có 5 triệu đồng và giấy tờ tùy thân; "
        "đã mang đến Ban nhân dân ấp để trả lại cho người đánh mất.",
    ),
    (
        "Ấp Thạnh Lợi",
        "model",
        "Tuyến đường hoa kiểu mẫu do bà con tự góp sức",
        "Các hộ dọc tuyến đường liên ấp cùng góp công, góp tiền trồng và chăm sóc 2 km hàng rào hoa, "
        "giữ đường sạch đẹp, góp phần hoàn thành tiêu chí môi trường nông thôn mới.",
    ),
    (
        "HND",
        "initiative",
        "Tổ hợp tác trồng dừa hữu cơ liên kết tiêu thụ",
        "Hội Nông dân xã vận động 25 hộ lập tổ hợp tác trồng dừa hữu cơ, ký hợp đồng bao tiêu với doanh nghiệp, "
        "giá bán cao hơn 15% so với dừa thường.",
    ),
    (
        "ĐTN",
        "advanced",
        "Đội thanh niên tình nguyện sửa nhà cho hộ nghèo",
        "Đoàn Thanh niên xã tổ chức ngày thứ bảy tình nguyện, sửa chữa 3 căn nhà cho hộ nghèo, "
        "hộ gia đình chính sách trong năm.",
    ),
]


def _running_movement(commune) -> Movement | None:
    """The commune's latest launched or running movement, which the examples answer to."""
    return (
        Movement.objects.filter(unit=commune, state__in=[MovementState.LAUNCHED, MovementState.RUNNING])
        .order_by("-period_start")
        .first()
    )


def _load_examples(ctx, movement: Movement | None) -> list:
    """Propose and verify every example; publish the first three and return them."""
    published = []
    for index, (unit_key, kind, title, story) in enumerate(EXAMPLES):
        unit = ctx.units[unit_key]
        person = next((p for p in ctx.people if p.unit_id == unit.pk), None) if kind == "good_deed" else None
        example = services.example_propose(
            actor=ACTOR,
            unit=unit,
            kind=kind,
            title=title,
            story=story,
            person=person,
            collective=unit if person is None else None,
            movement=movement,
            is_sample=True,
        )
        services.example_verify(actor=ACTOR, example=example)
        if index < 3:
            if example.names_person:
                # The officer asked the person, who agreed in writing a few days before publication.
                services.consent_record(
                    actor=ACTOR,
                    example=example,
                    given_on=timezone.localdate() - dt.timedelta(days=10),
                    method=ConsentMethod.WRITTEN,
                    note="Giấy đồng ý lưu tại bộ phận thi đua – khen thưởng",
                )
            published.append(services.example_publish(actor=ACTOR, example=example))
    return published


def _load_adoption_and_report(ctx, published: list) -> None:
    """A hamlet adopting a published example, and a deed reported by a citizen."""
    services.example_adopt(
        actor=ACTOR,
        example=published[1],
        unit=ctx.units["Ấp Mỹ An"],
        adopted_on=timezone.localdate() - dt.timedelta(days=20),
        note="Trồng hoa dọc đường ra bến đò",
    )
    services.example_report(
        hamlet=ctx.units["Ấp Thạnh An"],
        name="Nguyễn Văn Út",
        contact="0900 000 000",
        title="Cứu em nhỏ bị đuối nước",
        story="Anh Hai Lực nhảy xuống sông cứu một em nhỏ bị đuối nước chiều chủ nhật.",
        ip="demo",
        is_sample=True,
    )


def _load_bulletin(ctx, published: list, movement: Movement | None) -> None:
    """Last week's bulletin: drafted, broadcast, sent to the hamlets and acknowledged by one."""
    today = timezone.localdate()
    week_start = today - dt.timedelta(days=today.weekday() + 7)
    movements = [movement] if movement else []
    bulletin = services.bulletin_create(
        actor=ACTOR,
        unit=ctx.commune,
        title=services.bulletin_title(week_start),
        week_start=week_start,
        text=services.bulletin_draft_text(
            unit=ctx.commune, week_start=week_start, examples=published, movements=movements
        ),
        examples=published,
        movements=movements,
        is_sample=True,
    )
    services.bulletin_broadcast(
        actor=ACTOR, bulletin=bulletin, broadcast_on=week_start + dt.timedelta(days=2)
    )
    services.bulletin_send(actor=ACTOR, bulletin=bulletin)
    services.delivery_acknowledge(
        actor=ACTOR, delivery=Delivery.objects.get(bulletin=bulletin, hamlet=ctx.units["Ấp Thạnh Lợi"])
    )


def load(ctx) -> None:
    movement = _running_movement(ctx.commune)
    published = _load_examples(ctx, movement)
    _load_adoption_and_report(ctx, published)
    _load_bulletin(ctx, published, movement)
