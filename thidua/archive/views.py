"""Thin views of the archive: the yearly list of files, the retention periods, the appraisal of
expired papers, the hand-over, a paper's PDF/A copy. Each starts with `access`, parses a form,
calls one service."""

import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua import access
from thidua.access import Action
from thidua.archive import selectors, services
from thidua.archive.forms import AppraisalForm, HandoverForm, RuleForm
from thidua.archive.models import ArchiveCopy
from thidua.documents.models import Document
from thidua.files.responses import file_response
from thidua.lib import params
from thidua.lib.downloads import attachment
from thidua.lib.errors import show_error
from thidua.lib.xlsx import PlainWorkbook


def _unit(request, action: Action = Action.DOCUMENT_EDIT):
    return access.get_unit_or_home(request.user, request.GET.get("unit") or request.POST.get("unit"), action)


def _year(request, years: list[int]) -> int:
    """The year asked for, else the latest year with papers, else this year."""
    latest = years[0] if years else timezone.localdate().year
    return params.parse_int(request.GET.get("year"), latest, low=params.YEAR_MIN, high=params.YEAR_MAX)


def _back(unit, year: int | None = None) -> str:
    url = f"{reverse('archive:index')}?unit={unit.pk}"
    return f"{url}&year={year}" if year else url


@require_GET
def index(request):
    """The yearly list of files (mục lục hồ sơ) of a unit."""
    unit = _unit(request)
    years = selectors.years(unit)
    year = _year(request, years)
    today = timezone.localdate()
    context = {
        "unit": unit,
        "year": year,
        "years": years,
        "files": selectors.file_list(unit, year),
        "missing": selectors.missing_copies(unit, year).count(),
        "handovers": selectors.handovers(unit),
        "expired": len(selectors.expired(unit)),
        "can_manage": access.can(request.user, Action.ARCHIVE_MANAGE, unit),
        "can_dispose": access.can(request.user, Action.ARCHIVE_DISPOSE, unit),
        # Only a closed year is handed over: the form starts at the year shown, or the last closed one.
        "handover_form": HandoverForm(initial={"year": min(year, today.year - 1), "handed_on": today}),
    }
    return render(request, "archive/index.html", context)


HEADERS = [
    "Số TT",
    "Số, ký hiệu hồ sơ",
    "Tiêu đề hồ sơ",
    "Thời gian bắt đầu",
    "Thời gian kết thúc",
    "Thời hạn bảo quản",
    "Số tờ",
    "Số văn bản",
    "Ghi chú",
]


@require_GET
def index_xlsx(request):
    unit = _unit(request)
    year = _year(request, selectors.years(unit))
    files = selectors.file_list(unit, year)
    rows = [
        [
            f.number,
            f"{f.number:02d}/{year}",
            f.title,
            f.first or "",
            f.last or "",
            f.period,
            f.pages if f.pages is not None else "",
            len(f.rows),
            _("%(n)s văn bản đã hủy") % {"n": sum(1 for r in f.rows if r.destroyed)}
            if any(r.destroyed for r in f.rows)
            else "",
        ]
        for f in files
    ]
    book = PlainWorkbook()
    titles = [_("MỤC LỤC HỒ SƠ NĂM %(year)s") % {"year": year}, unit.name]
    book.add_sheet(_("Mục lục hồ sơ"), HEADERS, rows, titles=titles)
    buffer = io.BytesIO()
    book.save(buffer)
    return attachment(buffer.getvalue(), f"muc-luc-ho-so-{year}.xlsx")


@require_POST
def copies_make(request):
    unit = _unit(request, Action.ARCHIVE_MANAGE)
    try:
        made = services.archive_copies_make(actor=request.user, unit=unit)
    except ValidationError as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("Đã lập %(n)s bản lưu trữ PDF/A.") % {"n": made})
    return redirect(_back(unit, request.POST.get("year")))


@require_http_methods(["GET", "POST"])
def rules(request):
    unit = _unit(request)
    can_edit = unit.parent_id is None and access.can(request.user, Action.ARCHIVE_MANAGE, unit)
    form = RuleForm(request.POST or None)
    if request.method == "POST":
        access.require(request.user, Action.ARCHIVE_MANAGE, unit)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.retention_rule_set(
                    actor=request.user,
                    unit=unit,
                    doc_type=data["doc_type"],
                    years=data["years"],
                    basis=data["basis"],
                )
            except ValidationError as exc:
                show_error(request, exc, form)
            else:
                messages.success(request, _("Đã lưu thời hạn bảo quản."))
                return redirect(f"{reverse('archive:rules')}?unit={unit.pk}")
    context = {"unit": unit, "rules": selectors.rules().values(), "form": form, "can_edit": can_edit}
    return render(request, "archive/rules.html", context)


@require_http_methods(["GET", "POST"])
def appraisal(request):
    """The papers whose retention period has passed, and the head's decision on them."""
    unit = _unit(request)
    can_dispose = access.can(request.user, Action.ARCHIVE_DISPOSE, unit)
    expired = selectors.expired(unit)
    form = AppraisalForm(request.POST or None)
    if request.method == "POST":
        access.require(request.user, Action.ARCHIVE_DISPOSE, unit)
        if form.is_valid():
            by_pk = {str(row.document.pk): row.document for row in expired}
            chosen = {pk: request.POST.get(f"outcome-{pk}", "") for pk in by_pk}
            destroy = [by_pk[pk] for pk, outcome in chosen.items() if outcome == "destroy"]
            keep = {}
            for pk, outcome in chosen.items():
                if outcome == "keep":
                    try:
                        keep[by_pk[pk]] = int(request.POST.get(f"until-{pk}", ""))
                    except ValueError:
                        keep[by_pk[pk]] = 0  # refused by the service with the paper named
            data = form.cleaned_data
            try:
                services.appraisal_record(
                    actor=request.user,
                    unit=unit,
                    reference=data["reference"],
                    decided_on=data["decided_on"],
                    destroy=destroy,
                    keep=keep,
                    note=data["note"],
                )
            except ValidationError as exc:
                show_error(request, exc, form)
            else:
                messages.success(request, _("Đã ghi quyết định xác định giá trị tài liệu."))
                return redirect(f"{reverse('archive:appraisal')}?unit={unit.pk}")
    context = {
        "unit": unit,
        "expired": expired,
        "form": form,
        "can_dispose": can_dispose,
        "appraisals": unit.appraisals.prefetch_related("items__document"),
    }
    return render(request, "archive/appraisal.html", context)


@require_POST
def handover(request):
    unit = _unit(request, Action.ARCHIVE_MANAGE)
    form = HandoverForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.handover_record(
                actor=request.user,
                unit=unit,
                year=data["year"],
                handed_on=data["handed_on"],
                archive=data["archive"],
                reference=data["reference"],
            )
        except ValidationError as exc:
            show_error(request, exc)
        else:
            messages.success(request, _("Đã ghi việc giao nộp hồ sơ năm %(year)s.") % {"year": data["year"]})
            return redirect(_back(unit, data["year"]))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(_back(unit, request.POST.get("year")))


@require_GET
def copy_pdf(request, pk: int):
    """A paper's PDF/A copy, for whoever may read the unit's papers."""
    document = access.get_for(request.user, Document.objects.all(), Action.DOCUMENT_EDIT, pk=pk)
    copy = ArchiveCopy.objects.filter(document=document).select_related("file").first()
    if copy is None:
        raise Http404
    return file_response(copy.file)
