"""A person's requests (Law 91/2025/QH15), for the admin and officers of the person's unit: see what
is held about them, download it as JSON or PDF, correct it (the person's edit page), anonymise it."""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from thidua import access
from thidua.access import Action
from thidua.lib.downloads import attachment
from thidua.lib.errors import show_error
from thidua.people.models import Person
from thidua.privacy import reads, services
from thidua.privacy.forms import AnonymiseForm
from thidua.privacy.person_export import person_data
from thidua.privacy.person_pdf import PARTS, person_pdf


def _person(request, pk: int) -> Person:
    return access.get_for(
        request.user, Person.objects.select_related("unit", "household__hamlet"), Action.MANAGE_PEOPLE, pk=pk
    )


def _data(request, person: Person) -> dict:
    """The export, its reads of the phone and the conduct facts logged like any page's."""
    data = person_data(person)
    shown = reads.person_reads(person, contact=True, conduct=bool(data["disciplines"]))
    reads.reads_record(reader=request.user, place=request.path, reads=shown)
    return data


def _counts(data: dict) -> list[tuple[str, int]]:
    counts = []
    for key, label in PARTS.items():
        value = data[key]
        if key == "sent":
            value = [*value["objections"], *value["reports"]]
        counts.append((str(label), len(value) if isinstance(value, list) else int(value is not None)))
    return counts


@require_http_methods(["GET", "POST"])
def person_requests(request, pk: int):
    person = _person(request, pk)
    form = AnonymiseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_anonymise(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            show_error(request, exc, form)
        else:
            messages.success(request, _("Đã ẩn danh hóa dữ liệu cá nhân và xóa các giá trị đó khỏi nhật ký."))
            return redirect("privacy:person", person.pk)
    data = _data(request, person)
    return render(request, "privacy/person.html", {"person": person, "counts": _counts(data), "form": form})


@require_GET
def person_json(request, pk: int):
    person = _person(request, pk)
    body = json.dumps(_data(request, person), ensure_ascii=False, indent=2).encode("utf-8")
    return attachment(body, f"du-lieu-ca-nhan-{person.pk}.json", "application/json; charset=utf-8")


@require_GET
def person_pdf_download(request, pk: int):
    person = _person(request, pk)
    with translation.override("vi"):
        pdf = person_pdf(_data(request, person))
    return attachment(pdf, f"du-lieu-ca-nhan-{person.pk}.pdf")
