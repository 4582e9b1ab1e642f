"""The public notice of the passed list, its paper (Thông báo công khai), and the citizens'
objections sent through the public page and resolved by the commune's officer."""

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua import access
from thidua.access import Action, Actor
from thidua.accounts.models import Role, User
from thidua.audit import changes
from thidua.commendations import papers
from thidua.commendations import rules as rules_mod
from thidua.commendations.models import Nomination, Notice, Objection, Session, SessionState
from thidua.commendations.services._common import S, issue_paper, move
from thidua.documents.models import Document
from thidua.lib import clients
from thidua.lib.errors import ServiceError
from thidua.lib.vn import screen_date_short
from thidua.notifications.models import Kind as NotificationKind
from thidua.notifications.selectors import holders
from thidua.notifications.services import notify

OBJECTIONS_PER_HOUR = 3


@transaction.atomic
def notice_publish(
    *, actor: Actor, session: Session, title: str = "", today: dt.date | None = None
) -> Notice:
    """Publish the passed nominations of a closed session for the longest notice period of their awards.

    The notice runs from the day it is published (`today`, the clock), never from a date typed in:
    a period that started in the past would let the decision follow at once.
    """
    access.require_actor(actor, Action.NOMINATION_CHECK, session.commune)
    if session.state != SessionState.CLOSED:
        raise ServiceError(_("Chỉ công khai sau khi hội đồng kết thúc bỏ phiếu."))
    starts_on = today or timezone.localdate()
    if starts_on < session.held_on:
        raise ServiceError(
            _("Không công khai trước ngày họp hội đồng (%(d)s).") % {"d": screen_date_short(session.held_on)}
        )
    passed = list(session.nominations.filter(state=S.PASSED).select_related("award_type"))
    if not passed:
        raise ServiceError(_("Không có đề nghị nào được thông qua để công khai."))
    default_days = int(rules_mod.settings_for(session.commune, starts_on).get("notice_days_default", 5))
    days = max(
        [default_days]
        + [rules_mod.award_rules(n.award_type, session.commune, starts_on)["notice_days"] for n in passed]
    )
    notice = Notice(
        commune=session.commune,
        session=session,
        starts_on=starts_on,
        ends_on=starts_on + dt.timedelta(days=days),
        title=title or _("Danh sách đề nghị khen thưởng năm %(year)s") % {"year": session.year},
        is_sample=session.is_sample,
    )
    changes.create(notice, actor=actor, unit=session.commune, verb="công khai danh sách")
    for nomination in passed:
        move(nomination, actor=actor, to=S.NOTICED, allowed=(S.PASSED,), verb="công khai", notice=notice)
    return notice


@transaction.atomic
def notice_document_issue(*, actor: Actor, notice: Notice, public_url: str = "") -> Document:
    """Issue the commune's Thông báo công khai for a notice, numbered from the commune's register."""
    access.require_actor(actor, Action.NOMINATION_CHECK, notice.commune)
    caller, notice = (
        notice,
        Notice.objects.select_for_update(of=("self",)).select_related("commune", "session").get(pk=notice.pk),
    )
    if notice.document_id:
        raise ServiceError(_("Thông báo công khai đã được ban hành."))
    nominations = list(
        notice.nominations.select_related("award_type", "unit").order_by(
            "recipient_kind", "recipient_name", "id"
        )
    )
    if not nominations:
        raise ServiceError(_("Danh sách công khai không có ai."))
    document = issue_paper(
        actor=actor,
        record=notice,
        field="document",
        unit=notice.commune,
        model=papers.notice_paper(notice, nominations=nominations, public_url=public_url),
        symbol="TB-UBND",
        date=notice.starts_on,
        verb="ban hành thông báo công khai",
        authority=Action.NOMINATION_CHECK,
    )
    caller.refresh_from_db()
    return document


@transaction.atomic
def objection_submit(
    *,
    notice: Notice,
    name: str,
    contact: str,
    text: str,
    ip: str,
    nomination: Nomination | None = None,
    today: dt.date | None = None,
) -> Objection:
    """A citizen's objection to the public list, while it is open; a few per hour from one address."""
    today = today or timezone.localdate()
    if not notice.starts_on <= today <= notice.ends_on:
        raise ServiceError(_("Thời gian nhận ý kiến đã kết thúc hoặc chưa bắt đầu."))
    if nomination is not None and nomination.notice_id != notice.pk:
        raise ServiceError(_("Người được chọn không có trong danh sách công khai này."), field="nomination")
    key = clients.client_key(ip)
    clients.rate_limit(
        Objection.objects.all(),
        key=key,
        limit=OBJECTIONS_PER_HOUR,
        message=_("Bạn đã gửi nhiều ý kiến trong thời gian ngắn; vui lòng thử lại sau một giờ."),
    )
    objection = Objection(
        notice=notice,
        nomination=nomination,
        name=name.strip(),
        contact=contact.strip(),
        text=text.strip(),
        client_key=key,
    )
    changes.create(
        objection,
        actor=access.CITIZEN,
        unit=notice.commune,
        verb="gửi ý kiến về danh sách công khai",
        exclude=("client_key",),
    )
    # The sender's name and contact stay on the objection, seen by those allowed; the message names
    # only the list.
    notify(
        actor=access.CITIZEN,
        recipients=holders(notice.commune, roles={Role.OFFICER}),
        kind=NotificationKind.OBJECTION,
        text=_("Có ý kiến mới về danh sách công khai “%(title)s” cần xem xét, xử lý.")
        % {"title": notice.title},
        link=reverse("commendations:notice_manage", args=[notice.pk]),
        unit=notice.commune,
    )
    return objection


@transaction.atomic
def objection_resolve(*, actor: Actor, objection: Objection, state: str, resolution: str) -> Objection:
    """The commune's officer upholds or dismisses an objection, saying how it was handled."""
    access.require_actor(actor, Action.NOMINATION_CHECK, objection.notice.commune)
    if state not in (Objection.State.UPHELD, Objection.State.DISMISSED):
        raise ServiceError(_("Chọn kết quả xử lý."), field="state")
    if not resolution.strip():
        raise ServiceError(_("Nhập nội dung xử lý."), field="resolution")
    return changes.update(
        objection,
        actor=actor,
        unit=objection.notice.commune,
        verb="xử lý ý kiến",
        state=state,
        resolution=resolution.strip(),
        resolved_by=actor if isinstance(actor, User) else None,
        resolved_at=timezone.now(),
    )


@transaction.atomic
def notices_ending_remind(*, actor: Actor, today: dt.date) -> int:
    """Tell the commune's officers that a public list's objection period ends tomorrow or today,
    with how many objections wait (`thidua cron`, once a day). Returns how many were told."""
    access.check_actor(actor)
    told = 0
    tomorrow = today + dt.timedelta(days=1)
    for notice in Notice.objects.filter(ends_on__in=(today, tomorrow)).select_related("commune"):
        waiting = notice.objections.filter(state=Objection.State.OPEN).count()
        when = _("hôm nay") if notice.ends_on == today else _("ngày mai")
        text = _("Thời gian công khai danh sách “%(title)s” kết thúc %(when)s (%(date)s).") % {
            "title": notice.title,
            "when": when,
            "date": screen_date_short(notice.ends_on),
        }
        if waiting:
            text += " " + _("Còn %(n)s ý kiến chưa xử lý.") % {"n": waiting}
        told += len(
            notify(
                actor=actor,
                recipients=holders(notice.commune, roles={Role.OFFICER}),
                kind=NotificationKind.NOTICE_ENDING,
                text=text,
                link=reverse("commendations:notice_manage", args=[notice.pk]),
                unit=notice.commune,
                key=f"notice-ending:{notice.pk}",
                today=today,
            )
        )
    return told
