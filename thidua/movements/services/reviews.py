"""Reviews: closing a reporting period, and the Báo cáo sơ kết / tổng kết drafted from the figures."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from thidua import access
from thidua.access import Action, Actor
from thidua.audit import changes
from thidua.lib.errors import ServiceError
from thidua.movements.models import PeriodKind, PeriodState, ReviewPeriod


@transaction.atomic
def period_close(*, actor: Actor, period: ReviewPeriod) -> ReviewPeriod:
    """Lock a reporting period: it takes no more figures."""
    access.require_actor(actor, Action.MOVEMENT_EDIT, period.movement.unit)
    if period.state == PeriodState.CLOSED:
        raise ServiceError(_("Kỳ này đã khóa."), code="illegal_transition")
    return changes.transition(
        period,
        actor=actor,
        to=PeriodState.CLOSED,
        allowed=(PeriodState.OPEN,),
        verb="khóa kỳ báo cáo",
        unit=period.movement.unit,
    )


@transaction.atomic
def period_report_draft(*, actor: Actor, period: ReviewPeriod, today: dt.date | None = None):
    """Draft (or redraft) the Báo cáo sơ kết / tổng kết of a yearly or final review from the data.

    Same life as the plan: a report still in draft is rewritten in place from the current figures
    (the officer's edits to it are replaced); an issued report is frozen, so the documents app
    starts a new draft version of it. The narrative parts carry placeholders to fill in.
    """
    from thidua.documents.services import document_create_draft, document_update
    from thidua.movements.papers import review_model
    from thidua.movements.review import REVIEW_KINDS, review_results

    access.require_actor(actor, Action.DOCUMENT_EDIT, period.movement.unit)
    if period.kind not in REVIEW_KINDS:
        raise ServiceError(_("Chỉ soạn báo cáo cho kỳ sơ kết năm hoặc tổng kết phong trào."), field="period")
    # Lock the period row only: PostgreSQL cannot lock the nullable side of the outer join.
    period = (
        ReviewPeriod.objects.select_for_update(of=("self",))
        .select_related("movement__unit", "report_document")
        .get(pk=period.pk)
    )
    movement = period.movement
    model = review_model(movement, period, review_results(movement, period, today=today))
    if period.report_document is not None:
        document = document_update(actor=actor, document=period.report_document, model=model)
    else:
        document = document_create_draft(actor=actor, unit=movement.unit, model=model)
    verb = "soạn báo cáo tổng kết" if period.kind == PeriodKind.FINAL else "soạn báo cáo sơ kết"
    changes.update(period, actor=actor, unit=movement.unit, verb=verb, report_document=document)
    return document
