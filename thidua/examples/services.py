"""Writes of the examples app: propose, verify, publish, reject, replicate; bulletins."""

import datetime as dt

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from thidua import access
from thidua.access import Action
from thidua.accounts.models import User
from thidua.audit.changes import transition
from thidua.audit.models import AuditAction
from thidua.audit.services import audit_record, snapshot
from thidua.examples.models import (
    Adoption,
    Bulletin,
    BulletinState,
    Delivery,
    Example,
    ExamplePhoto,
    ExampleSource,
    ExampleState,
)
from thidua.lib import clients
from thidua.lib.errors import ServiceError
from thidua.lib.vn import format_date_long
from thidua.units.models import Unit, UnitKind

REPORTS_PER_HOUR = 3


def client_key(ip: str) -> str:
    return clients.client_key(ip, "examples")


@transaction.atomic
def example_propose(
    *,
    actor,
    unit: Unit,
    kind: str,
    title: str,
    story: str,
    person=None,
    collective: Unit | None = None,
    movement=None,
    is_sample: bool = False,
) -> Example:
    """A hamlet head, an organisation or the officer proposes an example of their unit."""
    access.require_actor(actor, Action.EXAMPLE_PROPOSE, unit)
    if person is not None and not person.unit.is_within(unit) and not unit.is_within(person.unit):
        raise ServiceError(_("Người được nêu gương không thuộc đơn vị này."))
    example = Example.objects.create(
        unit=unit,
        kind=kind,
        title=title.strip(),
        story=story.strip(),
        person=person,
        collective=collective,
        movement=movement,
        proposed_by=actor if isinstance(actor, User) else None,
        is_sample=is_sample,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=example,
        unit=unit,
        after=snapshot(example),
        verb="đề xuất điển hình",
    )
    return example


@transaction.atomic
def example_report(*, hamlet: Unit, name: str, contact: str, title: str, story: str, ip: str) -> Example:
    """A citizen reports a good deed from the public portal; it waits for the officer as proposed."""
    if hamlet.kind != UnitKind.HAMLET:
        raise ServiceError(_("Chọn ấp nơi có việc tốt."))
    key = client_key(ip)
    since = timezone.now() - dt.timedelta(hours=1)
    if Example.objects.filter(client_key=key, created_at__gte=since).count() >= REPORTS_PER_HOUR:
        raise ServiceError(_("Bạn đã gửi nhiều phản ánh trong thời gian ngắn; vui lòng thử lại sau một giờ."))
    example = Example.objects.create(
        unit=hamlet,
        kind="good_deed",
        title=title.strip(),
        story=story.strip(),
        source=ExampleSource.CITIZEN,
        reporter_name=name.strip(),
        reporter_contact=contact.strip(),
        client_key=key,
    )
    audit_record(
        actor=access.CITIZEN,
        action=AuditAction.CREATE,
        instance=example,
        unit=hamlet,
        after=snapshot(example, exclude=("client_key",)),
        verb="phản ánh việc tốt",
    )
    return example


def _move(example: Example, **move) -> Example:
    return transition(example, noun=_("điển hình"), exclude=("client_key",), **move)


@transaction.atomic
def example_verify(*, actor, example: Example) -> Example:
    access.require_actor(actor, Action.EXAMPLE_REVIEW, example.unit)
    return _move(
        example,
        actor=actor,
        to=ExampleState.VERIFIED,
        allowed=(ExampleState.PROPOSED,),
        verb="xác minh điển hình",
        verified_at=timezone.now(),
    )


@transaction.atomic
def example_publish(*, actor, example: Example) -> Example:
    access.require_actor(actor, Action.EXAMPLE_REVIEW, example.unit)
    return _move(
        example,
        actor=actor,
        to=ExampleState.PUBLISHED,
        allowed=(ExampleState.VERIFIED,),
        verb="công bố điển hình",
        published_at=timezone.now(),
    )


@transaction.atomic
def example_reject(*, actor, example: Example, reason: str) -> Example:
    access.require_actor(actor, Action.EXAMPLE_REVIEW, example.unit)
    if not reason.strip():
        raise ServiceError(_("Nhập lý do không công nhận."))
    return _move(
        example,
        actor=actor,
        to=ExampleState.REJECTED,
        allowed=(ExampleState.PROPOSED, ExampleState.VERIFIED),
        verb="không công nhận điển hình",
        reject_reason=reason.strip(),
    )


@transaction.atomic
def example_photo_add(*, actor, example: Example, file, caption: str = "") -> ExamplePhoto:
    access.require_actor(actor, Action.EXAMPLE_PROPOSE, example.unit)
    if example.state == ExampleState.REJECTED:
        raise ServiceError(_("Điển hình không được công nhận; không bổ sung ảnh."))
    photo = ExamplePhoto.objects.create(example=example, file=file, caption=caption.strip())
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=photo,
        unit=example.unit,
        after=snapshot(photo),
        verb="thêm ảnh, minh chứng",
    )
    return photo


@transaction.atomic
def example_adopt(*, actor, example: Example, unit: Unit, adopted_on: dt.date, note: str = "") -> Adoption:
    """Record that a unit replicated the example; the example becomes "nhân rộng"."""
    access.require_actor(actor, Action.EXAMPLE_REVIEW, example.unit)
    if example.state != ExampleState.PUBLISHED:
        raise ServiceError(_("Chỉ nhân rộng điển hình đã công bố."))
    commune = _commune_of(example.unit)
    if not unit.is_within(commune):
        raise ServiceError(_("Đơn vị nhân rộng phải thuộc %(commune)s.") % {"commune": commune.name})
    if example.adoptions.filter(unit=unit).exists():
        raise ServiceError(_("Đơn vị này đã được ghi nhận nhân rộng."))
    adoption = Adoption.objects.create(example=example, unit=unit, adopted_on=adopted_on, note=note.strip())
    before = snapshot(example, exclude=("client_key",))
    if not example.replicated:
        example.replicated = True
        example.save(update_fields=["replicated", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=example,
        unit=example.unit,
        before=before,
        after={**snapshot(example, exclude=("client_key",)), "adopted_by": unit.pk},
        verb="nhân rộng điển hình",
    )
    return adoption


def _commune_of(unit: Unit) -> Unit:
    """The commune a unit belongs to (itself when it is one)."""
    if unit.kind == UnitKind.COMMUNE or unit.parent_id is None:
        return unit
    return _commune_of(unit.parent)


# --- Radio bulletins ------------------------------------------------------------------------


def bulletin_draft_text(*, unit: Unit, week_start: dt.date, examples, movements) -> str:
    """Plain text to be read aloud on the commune radio: opening, one item per news, closing.

    Always in Vietnamese — it is read to the commune — whatever language the officer's screens use.
    """
    with translation.override("vi"):
        return _bulletin_text(unit=unit, week_start=week_start, examples=examples, movements=movements)


def _bulletin_text(*, unit: Unit, week_start: dt.date, examples, movements) -> str:
    week_end = week_start + dt.timedelta(days=6)
    lines = [
        _("Đài Truyền thanh %(unit)s kính chào quý vị và các bạn thính giả.") % {"unit": unit.name},
        _("Sau đây là bản tin thi đua – khen thưởng tuần từ %(start)s đến %(end)s.")
        % {"start": week_start.strftime("%d/%m/%Y"), "end": week_end.strftime("%d/%m/%Y")},
        "",
    ]
    number = 0
    for movement in movements:
        number += 1
        lines.append(
            _("Tin %(n)s. Phong trào %(name)s, triển khai từ %(start)s đến %(end)s.")
            % {
                "n": number,
                "name": movement.name,
                "start": format_date_long(movement.period_start),
                "end": format_date_long(movement.period_end),
            }
        )
        lines.append(
            _("Đề nghị các ấp, các ngành, đoàn thể và bà con tích cực hưởng ứng, tham gia phong trào.")
        )
        lines.append("")
    for example in examples:
        number += 1
        who = f" {example.subject}" if example.subject else ""
        lines.append(
            _("Tin %(n)s. %(kind)s%(who)s, %(unit)s: %(title)s.")
            % {
                "n": number,
                "kind": example.get_kind_display(),
                "who": who,
                "unit": example.unit.name,
                "title": example.title,
            }
        )
        lines.append(example.story.strip())
        lines.append("")
    lines.append(
        _(
            "Quý vị và các bạn vừa nghe bản tin thi đua – khen thưởng của Đài Truyền thanh %(unit)s. "
            "Mong bà con tiếp tục phát hiện, phản ánh gương người tốt việc tốt để cùng học tập, nhân rộng. "
            "Xin chào và hẹn gặp lại."
        )
        % {"unit": unit.name}
    )
    return "\n".join(lines)


@transaction.atomic
def bulletin_create(
    *,
    actor,
    unit: Unit,
    title: str,
    week_start: dt.date,
    text: str,
    examples=(),
    movements=(),
    is_sample: bool = False,
) -> Bulletin:
    access.require_actor(actor, Action.BULLETIN_MANAGE, unit)
    if not text.strip():
        raise ServiceError(_("Bản tin chưa có nội dung."))
    examples = list(examples)
    for example in examples:
        if example.state != ExampleState.PUBLISHED or not example.unit.is_within(unit):
            raise ServiceError(_("Chỉ đưa vào bản tin điển hình đã công bố của đơn vị."))
    bulletin = Bulletin.objects.create(
        unit=unit,
        title=title.strip(),
        week_start=week_start,
        text=text.strip(),
        created_by=actor if isinstance(actor, User) else None,
        is_sample=is_sample,
    )
    bulletin.examples.set(examples)
    bulletin.movements.set(list(movements))
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=bulletin,
        unit=unit,
        after={
            **snapshot(bulletin),
            "examples": [e.pk for e in examples],
            "movements": [m.pk for m in movements],
        },
        verb="soạn bản tin",
    )
    return bulletin


@transaction.atomic
def bulletin_broadcast(*, actor, bulletin: Bulletin, broadcast_on: dt.date) -> Bulletin:
    access.require_actor(actor, Action.BULLETIN_MANAGE, bulletin.unit)
    if bulletin.state != BulletinState.DRAFT:
        raise ServiceError(_("Bản tin đã được đánh dấu phát sóng."))
    if broadcast_on < bulletin.week_start - dt.timedelta(days=7):
        raise ServiceError(_("Ngày phát quá sớm so với tuần của bản tin."))
    before = snapshot(bulletin)
    bulletin.state = BulletinState.BROADCAST
    bulletin.broadcast_on = broadcast_on
    bulletin.save(update_fields=["state", "broadcast_on"])
    audit_record(
        actor=actor,
        action=AuditAction.TRANSITION,
        instance=bulletin,
        unit=bulletin.unit,
        before=before,
        after=snapshot(bulletin),
        verb="phát sóng bản tin",
    )
    return bulletin


@transaction.atomic
def bulletin_send(*, actor, bulletin: Bulletin) -> list[Delivery]:
    """Send the bulletin to every hamlet information team of the unit (once per hamlet)."""
    access.require_actor(actor, Action.BULLETIN_MANAGE, bulletin.unit)
    hamlets = list(
        Unit.objects.subtree(bulletin.unit)
        .filter(kind=UnitKind.HAMLET)
        .exclude(id__in=bulletin.deliveries.values("hamlet_id"))
    )
    if not hamlets and not bulletin.deliveries.exists():
        raise ServiceError(_("Đơn vị không có ấp nào để gửi bản tin."))
    if not hamlets:
        raise ServiceError(_("Bản tin đã được gửi đến tất cả các ấp."))
    now = timezone.now()
    created = Delivery.objects.bulk_create(
        Delivery(bulletin=bulletin, hamlet=h, sent_at=now) for h in hamlets
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=bulletin,
        unit=bulletin.unit,
        after={"sent_to": [h.pk for h in hamlets]},
        verb="gửi bản tin đến tổ thông tin ấp",
    )
    return created


@transaction.atomic
def delivery_acknowledge(*, actor, delivery: Delivery) -> Delivery:
    access.require_actor(actor, Action.BULLETIN_ACKNOWLEDGE, delivery.hamlet)
    if delivery.acknowledged_at is not None:
        raise ServiceError(_("Ấp đã xác nhận nhận bản tin này."))
    delivery.acknowledged_at = timezone.now()
    delivery.acknowledged_by = actor if isinstance(actor, User) else None
    delivery.save(update_fields=["acknowledged_at", "acknowledged_by"])
    audit_record(
        actor=actor,
        action=AuditAction.TRANSITION,
        instance=delivery,
        unit=delivery.hamlet,
        after=snapshot(delivery),
        verb="xác nhận nhận bản tin",
    )
    return delivery
