"""Pages of the privacy app. Edit with small targeted changes: several parts of it live here."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from thidua import access
from thidua.lib import params
from thidua.people.models import Person
from thidua.privacy import reads
from thidua.privacy import render as datamap_render
from thidua.privacy.keeps import RETENTION
from thidua.privacy.kinds import BASIS_SHORT, Basis


@require_GET
def read_log(request):
    """Who was shown which person's phone number or conduct facts, and when: for the admin and
    officers, about the people of their units; `?person=ID` narrows it to one person."""
    user = request.user
    if not any(access.can_see_contact_on(user, unit) for unit in access.home_units(user)):
        raise Http404
    person = None
    if (person_id := params.parse_id(request.GET.get("person", ""))) is not None:
        person = Person.objects.select_related("unit").filter(pk=person_id).first()
        if person is None or not access.can_see_contact(user, person):
            raise Http404
    page = reads.read_page(user, person_id=person.pk if person else None, page=request.GET.get("page", 1))
    return render(request, "privacy/reads.html", {"page": page, "person": person})


@require_GET
def data_map(request):
    """The data map: every personal field, why it is kept, on what basis, who sees it, for how long
    (thidua/privacy/datamap.py; the README's section "Dữ liệu cá nhân" is the same map)."""
    if not access.can_read_data_map(request.user):
        raise Http404
    rows = datamap_render.rows()
    personal, other, models = datamap_render.counts()
    context = {
        "rows": rows,
        "bases": [(BASIS_SHORT[basis], basis.label) for basis in Basis],
        "keeps": list(RETENTION.values()),
        "counts": {"personal": personal, "other": other, "models": models},
    }
    return render(request, "privacy/datamap.html", context)
