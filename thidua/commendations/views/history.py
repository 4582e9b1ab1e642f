"""Award history from past decisions: the upload page with the commune's batches, a batch's review
screen (doubtful rows first) that confirms it, and its undo."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thidua import access
from thidua.access import Action
from thidua.commendations import selectors
from thidua.commendations.forms import HistoryUploadForm, history_choices
from thidua.commendations.models import (
    AwardType,
    HistoryBatch,
    HistoryBatchState,
    HistoryMatch,
    RecipientKind,
)
from thidua.commendations.services import history_import
from thidua.commendations.views._common import act
from thidua.lib.errors import show_error
from thidua.people.models import Gender
from thidua.units.models import Unit, UnitKind

BATCH_QS = HistoryBatch.objects.select_related("commune", "created_by")


def _commune(request) -> Unit:
    """The commune whose history is imported (`?unit=`, or the user's own): 404 outside their
    scope or for a unit that is not a commune, 403 without the right to record awards."""
    pk = request.GET.get("unit") or request.POST.get("unit")
    unit = (
        access.get_unit(request.user, pk, Action.AWARD_HISTORY_IMPORT)
        if pk
        else access.home_unit_for(request.user, Action.AWARD_HISTORY_IMPORT, UnitKind.COMMUNE)
    )
    if unit is None or unit.kind != UnitKind.COMMUNE:
        raise Http404
    return unit


def _batch(request, pk: int) -> HistoryBatch:
    return access.get_for(
        request.user, BATCH_QS, Action.AWARD_HISTORY_IMPORT, unit_of=lambda b: b.commune, pk=pk
    )


@require_http_methods(["GET", "POST"])
def history_upload(request):
    commune = _commune(request)
    form = HistoryUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploads = [(f.name, f.read()) for f in form.cleaned_data["files"]]
        try:
            batch = history_import.history_batch_create(actor=request.user, commune=commune, uploads=uploads)
        except ValidationError as exc:
            show_error(request, exc, form)
        else:
            return redirect("commendations:history_batch", batch.pk)
    batches = HistoryBatch.objects.filter(commune=commune).select_related("created_by")[:50]
    return render(
        request, "commendations/history.html", {"commune": commune, "form": form, "batches": batches}
    )


@require_http_methods(["GET", "POST"])
def history_batch(request, pk: int):
    batch = _batch(request, pk)
    rows = list(
        batch.rows.select_related(
            "person__unit", "unit", "household__head", "household__hamlet", "award_type"
        ).prefetch_related("candidates__unit")
    )
    if request.method == "POST":
        ok, _result = act(
            request,
            history_import.history_batch_confirm,
            batch=batch,
            choices=history_choices(request.POST, rows),
            done=_("Đã ghi các khen thưởng vào lịch sử khen thưởng của xã."),
        )
        if ok:
            return redirect("commendations:history_batch", batch.pk)
    rows.sort(key=lambda r: (not r.doubtful, r.order))
    types = list(AwardType.objects.filter(active=True))
    types_by_kind = {kind: [t for t in types if t.recipient_kind == kind] for kind in RecipientKind.values}
    posted = request.POST if request.method == "POST" else {}
    recorded = selectors.history_rows_recorded(rows) if batch.state == HistoryBatchState.REVIEW else set()
    for row in rows:
        _selected(row, posted, types_by_kind[row.kind])
        row.recorded = row.pk in recorded
    context = {
        "batch": batch,
        "rows": rows,
        "doubtful": sum(r.doubtful for r in rows),
        "reviewing": batch.state == HistoryBatchState.REVIEW,
        "units": list(Unit.objects.subtree(batch.commune).order_by("path")),
        "genders": Gender.choices,
        "M": HistoryMatch,
    }
    return render(request, "commendations/history_batch.html", context)


@require_POST
def history_batch_undo(request, pk: int):
    batch = _batch(request, pk)
    act(
        request,
        history_import.history_batch_undo,
        batch=batch,
        done=_("Đã hoàn tác đợt nhập: các khen thưởng và người được tạo khi nhập đã được gỡ bỏ."),
    )
    return redirect("commendations:history_batch", batch.pk)


def _selected(row, posted, type_options) -> None:
    """What each select of a row shows: the award types for its kind of recipient, and the
    officer's last choice after a refused confirm (so nothing typed is lost), otherwise the proposal."""
    row.type_options = type_options
    default_person = {
        HistoryMatch.PROPOSED: str(row.person_id or ""),
        HistoryMatch.NEW: "new",
        HistoryMatch.SKIP: "skip",
    }.get(row.match, "")
    row.sel_person = posted.get(f"person-{row.pk}", default_person)
    row.sel_award_type = posted.get(f"award_type-{row.pk}", str(row.award_type_id or ""))
    row.sel_gender = posted.get(f"gender-{row.pk}", row.gender)
    row.sel_collective = posted.get(f"collective-{row.pk}", str(row.unit_id or ""))
