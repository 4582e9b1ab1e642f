import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from thidua import access
from thidua.access import Action
from thidua.audit.selectors import entries_for_object
from thidua.commendations import selectors as commendation_selectors
from thidua.lib.downloads import attachment
from thidua.lib.errors import show_error
from thidua.lib.excel import WorkbookError
from thidua.people import importing, selectors, services
from thidua.people.forms import ImportForm, PersonForm
from thidua.people.models import Person
from thidua.privacy import reads
from thidua.units.models import Unit

PERSON_FORM_FIELDS = ("full_name", "gender", "birth_year", "position", "category", "unit", "phone", "note")


def _managed_units(user):
    """Units under which the user may manage people (for the form's unit choices)."""
    homes = [u for u in access.home_units(user) if access.can(user, Action.MANAGE_PEOPLE, u)]
    if not homes:
        return Unit.objects.none()
    qs = Unit.objects.none()
    for home in homes:
        qs = qs | Unit.objects.subtree(home)
    return qs.filter(kind__in=["commune", "hamlet", "district", "province"]).order_by("path")


def _import_unit(request, action=Action.MANAGE_PEOPLE) -> Unit:
    return access.get_unit_or_home(request.user, request.GET.get("unit") or request.POST.get("unit"), action)


@require_GET
def person_list(request):
    query = request.GET.get("q", "")
    unit = access.get_unit(request.user, request.GET["unit"]) if request.GET.get("unit") else None
    page = selectors.person_search(request.user, query, unit, request.GET.get("page", 1))
    can_add = any(access.can(request.user, Action.MANAGE_PEOPLE, u) for u in access.home_units(request.user))
    template = "people/list.html#results" if request.htmx else "people/list.html"
    return render(request, template, {"page": page, "query": query, "unit": unit, "can_add": can_add})


@require_GET
def person_pick(request):
    """The options of a person picker: people the user may see whose name matches (htmx)."""
    query = request.GET.get(f"{request.GET.get('field', 'person')}__q", "") or request.GET.get("q", "")
    people = list(selectors.person_search(request.user, query))[:20] if query.strip() else []
    if people:
        prompt = ngettext("%(n)s người phù hợp – chọn một", "%(n)s người phù hợp – chọn một", len(people)) % {
            "n": len(people)
        }
    else:
        prompt = _("Không tìm thấy ai")
    options = [(person.pk, _pick_label(person)) for person in people]
    return render(request, "people/_pick_options.html", {"prompt": prompt, "options": options})


def _pick_label(person: Person) -> str:
    """'Nguyễn Văn An (1970) – Ấp Mỹ Hòa': enough to tell two people of the same name apart."""
    born = f" ({person.birth_year})" if person.birth_year else ""
    return f"{person.full_name}{born} – {person.unit.name}"


@require_GET
def person_detail(request, pk: int):
    person = access.get_for(
        request.user, Person.objects.select_related("unit", "household"), Action.VIEW, pk=pk
    )
    context = {
        "person": person,
        "memberships": person.memberships.select_related("unit"),
        "household_members": (
            person.household.members.exclude(pk=person.pk).order_by("-birth_year")
            if person.household_id
            else []
        ),
        "can_edit": access.can(request.user, Action.MANAGE_PEOPLE, person.unit),
        "can_audit": access.can(request.user, Action.VIEW_AUDIT, person.unit),
        "show_contact": access.can_see_contact(request.user, person),
        # The award history: the commune's decisions and the province's (proposals up the chain).
        "awards": commendation_selectors.person_awards(person),
    }
    shown = reads.person_reads(person, contact=context["show_contact"])
    if context["can_audit"]:
        context["entries"] = entries_for_object(person)
        shown += reads.audit_shown_to(request.user, context["entries"])
    reads.reads_record(reader=request.user, place=request.path, reads=shown)
    return render(request, "people/detail.html", context)


@require_http_methods(["GET", "POST"])
def person_new(request):
    units = _managed_units(request.user)
    if not units.exists():
        raise Http404
    form = PersonForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            show_error(request, exc, form)
        else:
            messages.success(request, _("Đã thêm %(name)s.") % {"name": person.full_name})
            return redirect("people:detail", person.pk)
    return render(request, "people/form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def person_edit(request, pk: int):
    person = access.get_for(request.user, Person.objects.select_related("unit"), Action.MANAGE_PEOPLE, pk=pk)
    initial = {name: getattr(person, name) for name in PERSON_FORM_FIELDS}
    form = PersonForm(request.POST or None, initial=initial, units=_managed_units(request.user))
    if request.method == "GET":
        # The form shows the phone number: a read like the person's page.
        reads.reads_record(
            reader=request.user, place=request.path, reads=reads.person_reads(person, contact=True)
        )
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            show_error(request, exc, form)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("people:detail", person.pk)
    return render(request, "people/form.html", {"form": form, "person": person})


@require_GET
def person_import_template(request):
    unit = _import_unit(request)
    buffer = io.BytesIO()
    importing.template_workbook(unit).save(buffer)
    return attachment(buffer.getvalue(), "mau-nhap-ca-nhan.xlsx")


@require_http_methods(["GET", "POST"])
def person_import(request):
    unit = _import_unit(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = importing.import_people(
                actor=request.user,
                unit=unit,
                data=form.cleaned_data["file"].read(),
                only_valid=form.cleaned_data["only_valid"],
            )
        except WorkbookError as exc:
            form.add_error("file", str(exc))
        else:
            if report.saved:
                messages.success(
                    request,
                    _("Đã nhập %(n)s cá nhân; bỏ qua %(s)s dòng có lỗi.")
                    % {"n": report.created, "s": report.skipped},
                )
            else:
                messages.error(
                    request,
                    _("Tệp có lỗi nên chưa có dòng nào được lưu. Hãy sửa các lỗi dưới đây rồi tải lên lại."),
                )
    return render(request, "people/import.html", {"form": form, "unit": unit, "report": report})
