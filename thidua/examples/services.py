"""Writes of the examples app: propose, verify, publish, reject, replicate; bulletins."""

import datetime as dt
from collections.abc import Sequence

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua import access
from thidua.access import Action, Actor
from thidua.accounts.models import User
from thidua.audit import changes
from thidua.audit.models import AuditAction
from thidua.audit.services import audit_record
from thidua.examples import photos as photo_files
from thidua.examples.audio import bulletin_audio_make
from thidua.examples.models import (
    Adoption,
    Bulletin,
    BulletinState,
    Consent,
    ConsentMethod,
    Delivery,
    Example,
    ExamplePhoto,
    ExampleSource,
    ExampleState,
)
from thidua.examples.selectors import commune_of
from thidua.files import content
from thidua.files.content import UploadRefused
from thidua.files.services import stored_file_create
from thidua.lib import clients
from thidua.lib.errors import ServiceError
from thidua.lib.vn import format_date_long, format_date_short
from thidua.notifications.models import Kind as NotificationKind
from thidua.notifications.selectors import holders
from thidua.notifications.services import notify
from thidua.units.models import Unit, UnitKind

REPORTS_PER_HOUR = 3
CONSENT_MISSING = gettext_lazy(
    "Điển hình nêu tên một người dân: chỉ công bố khi đã ghi nhận sự đồng ý của người đó "
    "(mục “Sự đồng ý của người được nêu gương”)."
)
CONSENT_IN_FORCE = gettext_lazy("Điển hình đã có sự đồng ý đang có hiệu lực; rút lại trước khi ghi nhận mới.")
CONSENT_ALREADY_WITHDRAWN = gettext_lazy("Sự đồng ý này đã được rút lại.")
CONSENT_FUTURE_DATE = gettext_lazy("Ngày không được sau ngày hôm nay.")
# The key that limits a citizen's reports is not worth an audit line (it is derived from their address).
_PRIVATE = ("client_key",)


def client_key(ip: str) -> str:
    return clients.client_key(ip, "examples")


@transaction.atomic
def example_propose(
    *,
    actor: Actor,
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
    # Only whom the proposer may see (404 otherwise): a hamlet head names no one of another hamlet.
    for named in (person.unit if person is not None else None, collective):
        if named is not None:
            access.require_actor(actor, Action.VIEW, named)
    if person is not None and not person.unit.is_within(unit) and not unit.is_within(person.unit):
        raise ServiceError(_("Người được nêu gương không thuộc đơn vị này."))
    example = Example(
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
    return changes.create(example, actor=actor, verb="đề xuất điển hình", exclude=_PRIVATE)


@transaction.atomic
def example_report(
    *,
    hamlet: Unit,
    name: str,
    contact: str,
    title: str,
    story: str,
    ip: str,
    photos: Sequence[UploadedFile] = (),
    is_sample: bool = False,
) -> Example:
    """A citizen reports a good deed from the public portal; it waits for the officer as proposed.

    No role is needed: it is written under the named citizen actor (`access.CITIZEN`). Up to
    `photos.MAX_PHOTOS` photos come with it, each cleaned (`examples.photos`) before anything is
    saved, so that one refused photo leaves no report behind; they are public only once the example
    is published."""
    if hamlet.kind != UnitKind.HAMLET:
        raise ServiceError(_("Chọn ấp nơi có việc tốt."))
    if len(photos) > photo_files.MAX_PHOTOS:
        raise ServiceError(
            _("Gửi tối đa %(n)s ảnh.") % {"n": photo_files.MAX_PHOTOS}, field="photos", code="too_many_photos"
        )
    key = client_key(ip)
    clients.rate_limit(
        Example.objects.all(),
        key=key,
        limit=REPORTS_PER_HOUR,
        message=_("Bạn đã gửi nhiều phản ánh trong thời gian ngắn; vui lòng thử lại sau một giờ."),
    )
    cleaned = [
        _prepared(upload, photo_files.CITIZEN_PHOTO, i, "photos") for i, upload in enumerate(photos, 1)
    ]
    example = Example(
        unit=hamlet,
        kind="good_deed",
        title=title.strip(),
        story=story.strip(),
        source=ExampleSource.CITIZEN,
        reporter_name=name.strip(),
        reporter_contact=contact.strip(),
        client_key=key,
        is_sample=is_sample,
    )
    example = changes.create(example, actor=access.CITIZEN, verb="phản ánh việc tốt", exclude=_PRIVATE)
    for upload in cleaned:
        _photo_store(access.CITIZEN, example, upload, field="photos")
    return example


def _prepared(upload, allowed, index: int, field: str):
    try:
        return photo_files.prepare(upload, allowed, index)
    except UploadRefused as exc:
        raise ServiceError(str(exc), field=field, code="upload_refused") from exc


def _photo_store(
    actor: Actor, example: Example, upload, *, caption: str = "", field: str = "file"
) -> ExamplePhoto:
    stored = stored_file_create(
        actor=actor, upload=upload, allowed=content.PHOTO, unit=example.unit, field=field
    )
    photo = ExamplePhoto(example=example, file=stored, caption=caption.strip())
    return changes.create(photo, actor=actor, unit=example.unit, verb="thêm ảnh, minh chứng")


def _move(example: Example, **move) -> Example:
    return changes.transition(example, noun=_("điển hình"), exclude=_PRIVATE, **move)


@transaction.atomic
def example_verify(*, actor: Actor, example: Example) -> Example:
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
def example_publish(*, actor: Actor, example: Example) -> Example:
    """Put the example on the public portal; one that names a person needs their consent in force."""
    access.require_actor(actor, Action.EXAMPLE_REVIEW, example.unit)
    if (
        example.state == ExampleState.VERIFIED
        and (example.names_person or example.consents.exists())
        and not example.consents.filter(withdrawn_at__isnull=True).exists()
    ):
        raise ServiceError(CONSENT_MISSING, code="consent_missing")
    return _move(
        example,
        actor=actor,
        to=ExampleState.PUBLISHED,
        allowed=(ExampleState.VERIFIED,),
        verb="công bố điển hình",
        published_at=timezone.now(),
    )


@transaction.atomic
def example_reject(*, actor: Actor, example: Example, reason: str) -> Example:
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
def example_photo_add(*, actor: Actor, example: Example, file, caption: str = "") -> ExamplePhoto:
    access.require_actor(actor, Action.EXAMPLE_PROPOSE, example.unit)
    if example.state == ExampleState.REJECTED:
        raise ServiceError(_("Điển hình không được công nhận; không bổ sung ảnh."))
    upload = _prepared(file, content.PHOTO, 1, "file")
    return _photo_store(actor, example, upload, caption=caption)


@transaction.atomic
def example_adopt(
    *, actor: Actor, example: Example, unit: Unit, adopted_on: dt.date, note: str = ""
) -> Adoption:
    """Record that a unit replicated the example; the example becomes "nhân rộng"."""
    access.require_actor(actor, Action.EXAMPLE_REVIEW, example.unit)
    if example.state != ExampleState.PUBLISHED:
        raise ServiceError(_("Chỉ nhân rộng điển hình đã công bố."))
    commune = commune_of(example.unit)
    if not unit.is_within(commune):
        raise ServiceError(_("Đơn vị nhân rộng phải thuộc %(commune)s.") % {"commune": commune.name})
    access.require_actor(actor, Action.VIEW, unit)
    if example.adoptions.filter(unit=unit).exists():
        raise ServiceError(_("Đơn vị này đã được ghi nhận nhân rộng."))
    adoption = changes.create(
        Adoption(example=example, unit=unit, adopted_on=adopted_on, note=note.strip()),
        actor=actor,
        unit=example.unit,
        verb="nhân rộng điển hình",
    )
    changes.update(example, actor=actor, verb="nhân rộng điển hình", exclude=_PRIVATE, replicated=True)
    return adoption


# --- Consent of the person named in an example ----------------------------------------------


def _not_future(day: dt.date, field: str) -> None:
    if day > timezone.localdate():
        raise ServiceError(CONSENT_FUTURE_DATE, field=field)


@transaction.atomic
def consent_record(
    *,
    actor: Actor,
    example: Example,
    given_on: dt.date,
    method: str,
    given_by: str = "",
    scan=None,
    note: str = "",
) -> Consent:
    """Record that the person named in the example agreed to its publication: when, how, and
    optionally a scan of the signed paper (content-checked like any upload). `given_by` defaults to
    the example's person."""
    access.require_actor(actor, Action.EXAMPLE_REVIEW, example.unit)
    if example.state == ExampleState.REJECTED:
        raise ServiceError(_("Điển hình không được công nhận; không cần ghi nhận sự đồng ý."))
    given_by = given_by.strip() or (example.person.full_name if example.person else "")
    if not given_by:
        raise ServiceError(_("Nhập họ tên người đồng ý."), field="given_by")
    if method not in ConsentMethod.values:
        raise ServiceError(_("Chọn hình thức đồng ý."), field="method")
    _not_future(given_on, "given_on")
    if example.consents.filter(withdrawn_at__isnull=True).exists():
        raise ServiceError(CONSENT_IN_FORCE, code="consent_in_force")
    stored = None
    if scan is not None:
        stored = stored_file_create(
            actor=actor, upload=scan, allowed=content.PHOTO, unit=example.unit, field="scan"
        )
    consent = Consent(
        example=example,
        given_by=given_by,
        given_on=given_on,
        method=method,
        scan=stored,
        note=note.strip(),
        recorded_by=actor if isinstance(actor, User) else None,
    )
    return changes.create(consent, actor=actor, unit=example.unit, verb="ghi nhận sự đồng ý được nêu gương")


@transaction.atomic
def consent_withdraw(*, actor: Actor, consent: Consent, withdrawn_on: dt.date, note: str = "") -> Consent:
    """The person takes their consent back: the example leaves the public portal at once (back to
    verified, to be published again only with a new consent). Both changes are audited, and the
    portal's cached lists follow the audit chain, so no citizen sees it after this returns."""
    example = consent.example
    access.require_actor(actor, Action.EXAMPLE_REVIEW, example.unit)
    if consent.withdrawn_at is not None:
        raise ServiceError(CONSENT_ALREADY_WITHDRAWN, code="consent_withdrawn")
    _not_future(withdrawn_on, "withdrawn_on")
    if withdrawn_on < consent.given_on:
        raise ServiceError(_("Ngày rút lại không được trước ngày đồng ý."), field="withdrawn_on")
    changes.update(
        consent,
        actor=actor,
        unit=example.unit,
        verb="rút lại sự đồng ý được nêu gương",
        action=AuditAction.TRANSITION,
        withdrawn_on=withdrawn_on,
        withdrawn_at=timezone.now(),
        withdrawn_by=actor if isinstance(actor, User) else None,
        withdrawal_note=note.strip(),
    )
    if example.state == ExampleState.PUBLISHED:
        _move(
            example,
            actor=actor,
            to=ExampleState.VERIFIED,
            allowed=(ExampleState.PUBLISHED,),
            verb="gỡ điển hình khỏi cổng thông tin vì người được nêu gương rút lại sự đồng ý",
            published_at=None,
        )
    return consent


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
        % {"start": format_date_short(week_start), "end": format_date_short(week_end)},
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
        # Who and where, once each: a model or initiative is often named after its own hamlet or body.
        about = [example.subject] if example.subject else []
        if example.collective_id != example.unit_id:
            about.append(example.unit.name)
        lines.append(
            _("Tin %(n)s. %(kind)s %(about)s: %(title)s.")
            % {
                "n": number,
                "kind": example.get_kind_display(),
                "about": ", ".join(about),
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


def bulletin_title(week_start: dt.date) -> str:
    """The title a bulletin gets when the officer gives none."""
    return _("Bản tin thi đua – khen thưởng tuần %(date)s") % {"date": format_date_short(week_start)}


@transaction.atomic
def bulletin_create(
    *,
    actor: Actor,
    unit: Unit,
    title: str,
    week_start: dt.date,
    text: str,
    examples=(),
    movements=(),
    is_sample: bool = False,
) -> Bulletin:
    access.require_actor(actor, Action.BULLETIN_MANAGE, unit)
    title = title.strip() or bulletin_title(week_start)
    if not text.strip():
        raise ServiceError(_("Bản tin chưa có nội dung."))
    examples = list(examples)
    for example in examples:
        if example.state != ExampleState.PUBLISHED or not example.unit.is_within(unit):
            raise ServiceError(_("Chỉ đưa vào bản tin điển hình đã công bố của đơn vị."))
    bulletin = Bulletin(
        unit=unit,
        title=title.strip(),
        week_start=week_start,
        text=text.strip(),
        created_by=actor if isinstance(actor, User) else None,
        is_sample=is_sample,
    )
    changes.create(bulletin, actor=actor, verb="soạn bản tin")
    # The items are fixed once the bulletin is saved (there is no editing), so the bulletin itself
    # keeps what it was made of.
    bulletin.examples.set(examples)
    bulletin.movements.set(list(movements))
    # Read aloud by the worker once this commits; a text that cannot be read refuses the bulletin.
    bulletin_audio_make(actor=actor, bulletin=bulletin)
    return bulletin


@transaction.atomic
def bulletin_broadcast(*, actor: Actor, bulletin: Bulletin, broadcast_on: dt.date) -> Bulletin:
    access.require_actor(actor, Action.BULLETIN_MANAGE, bulletin.unit)
    if bulletin.state != BulletinState.DRAFT:
        raise ServiceError(_("Bản tin đã được đánh dấu phát sóng."))
    if broadcast_on < bulletin.week_start - dt.timedelta(days=7):
        raise ServiceError(_("Ngày phát quá sớm so với tuần của bản tin."))
    return changes.transition(
        bulletin,
        actor=actor,
        to=BulletinState.BROADCAST,
        allowed=(BulletinState.DRAFT,),
        verb="phát sóng bản tin",
        noun=_("bản tin"),
        broadcast_on=broadcast_on,
    )


@transaction.atomic
def bulletin_send(*, actor: Actor, bulletin: Bulletin) -> list[Delivery]:
    """Send the bulletin to every hamlet information team of the unit (once per hamlet).

    One audit entry on the bulletin names the hamlets it went to (the deliveries are made in bulk)."""
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
    for delivery in created:
        # The hamlet head hears of it in the app and in the day's mail, not only on the home page.
        notify(
            actor=actor,
            recipients=holders(delivery.hamlet, Action.BULLETIN_ACKNOWLEDGE),
            kind=NotificationKind.BULLETIN,
            text=_(
                "Bản tin “%(title)s” của %(unit)s đã gửi về %(hamlet)s: mời nghe, đọc và xác nhận đã nhận."
            )
            % {"title": bulletin.title, "unit": bulletin.unit.name, "hamlet": delivery.hamlet.name},
            link=reverse("examples:delivery", args=[delivery.pk]),
            unit=delivery.hamlet,
            key=f"bulletin:{delivery.pk}",
        )
    return created


@transaction.atomic
def delivery_acknowledge(*, actor: Actor, delivery: Delivery) -> Delivery:
    access.require_actor(actor, Action.BULLETIN_ACKNOWLEDGE, delivery.hamlet)
    if delivery.acknowledged_at is not None:
        raise ServiceError(_("Ấp đã xác nhận nhận bản tin này."))
    return changes.update(
        delivery,
        actor=actor,
        unit=delivery.hamlet,
        verb="xác nhận nhận bản tin",
        action=AuditAction.TRANSITION,
        acknowledged_at=timezone.now(),
        acknowledged_by=actor if isinstance(actor, User) else None,
    )
