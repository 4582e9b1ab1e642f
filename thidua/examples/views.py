"""Thin views: ask access for the object, let a form parse, let a service decide."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua import access
from thidua.access import Action
from thidua.examples import audio_views, selectors, services
from thidua.examples.forms import (
    AdoptionForm,
    BroadcastForm,
    BulletinForm,
    ConsentForm,
    ExampleForm,
    PhotoForm,
    RejectForm,
    ReportForm,
    WithdrawConsentForm,
)
from thidua.examples.models import (
    Bulletin,
    BulletinState,
    Consent,
    Delivery,
    Example,
    ExamplePhoto,
    ExampleSource,
    ExampleState,
)
from thidua.files.responses import file_response
from thidua.lib.clients import client_ip
from thidua.lib.downloads import attachment
from thidua.lib.errors import ServiceError, show_error
from thidua.lib.paging import peek_page
from thidua.units.models import Unit, UnitKind

PAGE_SIZE = 30


# --- Staff: examples -------------------------------------------------------------------------


@require_GET
def example_list(request):
    state = request.GET.get("state", "")
    if state not in ExampleState.values:
        state = ""
    query = request.GET.get("q", "").strip()[:100]
    page = peek_page(
        selectors.examples_for(request.user, state=state, query=query), request.GET.get("page"), PAGE_SIZE
    )
    can_propose = selectors.units_for(request.user, Action.EXAMPLE_PROPOSE).exists()
    return render(
        request,
        "examples/list.html",
        {
            "page": page,
            "state": state,
            "q": query,
            "states": ExampleState.choices,
            "State": ExampleState,
            "Source": ExampleSource,
            "can_propose": can_propose,
        },
    )


@require_http_methods(["GET", "POST"])
def example_create(request):
    units = selectors.units_for(request.user, Action.EXAMPLE_PROPOSE)
    if not units.exists():
        raise PermissionDenied
    form = ExampleForm(
        request.POST or None,
        units=units,
        people=selectors.people_for(request.user),
        collectives=units,
        movements=selectors.movements_within(list(units)),
    )
    if request.method == "POST" and form.is_valid():
        try:
            example = services.example_propose(actor=request.user, **form.cleaned_data)
        except ServiceError as exc:
            show_error(request, exc, form)
        else:
            messages.success(request, _("Đã gửi đề xuất điển hình."))
            return redirect("examples:detail", example.pk)
    return render(request, "examples/form.html", {"form": form})


def _example(request, pk: int, action: Action = Action.VIEW):
    return access.get_for(request.user, selectors.EXAMPLE_QS, action, pk=pk)


@require_GET
def example_detail(request, pk: int):
    return _detail_page(request, _example(request, pk))


def _detail_page(request, example: Example, **typed):
    """The example's page; `typed` puts back a refused form (`reject_form`, `photo_form`, …) with
    what was typed in it, where the page shows that form to this user."""
    can_review = access.can(request.user, Action.EXAMPLE_REVIEW, example.unit)
    consents = list(selectors.consents_of(example))
    context = {
        "example": example,
        "consents": consents,
        "consent_in_force": next((c for c in consents if c.in_force), None),
        "consent_form": ConsentForm() if can_review else None,
        "withdraw_form": WithdrawConsentForm() if can_review else None,
        "State": ExampleState,
        "Source": ExampleSource,
        "photos": example.photos.select_related("file"),
        "adoptions": example.adoptions.select_related("unit"),
        "can_review": can_review,
        "can_add_photo": access.can(request.user, Action.EXAMPLE_PROPOSE, example.unit)
        and example.state != ExampleState.REJECTED,
        "photo_form": PhotoForm(),
        "reject_form": RejectForm(),
        "adoption_form": AdoptionForm(units=selectors.adopter_units(example)),
    }
    context.update({name: form for name, form in typed.items() if context.get(name) is not None})
    return render(request, "examples/detail.html", context)


def _transition(
    request, pk: int, service, done: str, *, action=Action.EXAMPLE_REVIEW, form_class=None, form_name=""
):
    """One POST action on an example: fetch it, parse the action's form if it has one, call its service.

    The form's errors and the service's refusal come back as messages on the example's page; a
    refused form (`form_name` in the page's context) comes back with what was typed in it."""
    example = _example(request, pk, action)
    form = form_class(request.POST, request.FILES) if form_class else None
    try:
        if form is not None and not form.is_valid():
            raise ValidationError(form.errors)
        service(actor=request.user, example=example, **(form.cleaned_data if form else {}))
    except ValidationError as exc:
        show_error(request, exc)
        if form is not None and form_name:
            return _detail_page(request, _example(request, pk), **{form_name: form})  # as stored
    else:
        messages.success(request, done)
    return redirect("examples:detail", example.pk)


@require_POST
def example_verify(request, pk: int):
    return _transition(request, pk, services.example_verify, _("Đã xác minh điển hình."))


@require_POST
def example_publish(request, pk: int):
    return _transition(request, pk, services.example_publish, _("Đã công bố điển hình trên cổng thông tin."))


@require_POST
def example_reject(request, pk: int):
    done = _("Đã ghi nhận không công nhận điển hình.")
    return _transition(
        request, pk, services.example_reject, done, form_class=RejectForm, form_name="reject_form"
    )


@require_POST
def example_photo(request, pk: int):
    done = _("Đã thêm ảnh, minh chứng.")
    return _transition(
        request,
        pk,
        services.example_photo_add,
        done,
        action=Action.EXAMPLE_PROPOSE,
        form_class=PhotoForm,
        form_name="photo_form",
    )


@require_POST
def example_adopt(request, pk: int):
    # Only units the reviewer may see; the service also refuses one outside the example's commune.
    done = _("Đã ghi nhận đơn vị nhân rộng.")

    def form_class(data, files):
        return AdoptionForm(data, units=access.visible_units(request.user))

    return _transition(
        request, pk, services.example_adopt, done, form_class=form_class, form_name="adoption_form"
    )


@require_POST
def consent_record(request, pk: int):
    done = _("Đã ghi nhận sự đồng ý của người được nêu gương.")
    return _transition(
        request, pk, services.consent_record, done, form_class=ConsentForm, form_name="consent_form"
    )


CONSENT_QS = Consent.objects.select_related("example__unit", "scan")


def _consent(request, pk: int) -> Consent:
    # The consent, its scan and its withdrawal are the reviewer's: they hold a person's signature.
    return access.get_for(
        request.user, CONSENT_QS, Action.EXAMPLE_REVIEW, unit_of=lambda c: c.example.unit, pk=pk
    )


@require_POST
def consent_withdraw(request, pk: int):
    consent = _consent(request, pk)
    form = WithdrawConsentForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors)
        services.consent_withdraw(actor=request.user, consent=consent, **form.cleaned_data)
    except ValidationError as exc:
        show_error(request, exc)
    else:
        messages.success(
            request, _("Đã ghi nhận rút lại sự đồng ý; điển hình không còn trên cổng thông tin.")
        )
    return redirect("examples:detail", consent.example_id)


@require_GET
def consent_scan(request, pk: int):
    consent = _consent(request, pk)
    if consent.scan is None:
        raise Http404
    return file_response(consent.scan)


@login_not_required
@require_GET
def photo_file(request, pk: int):
    """Photos of an example on the portal are public; others only for who may see the example."""
    photo = ExamplePhoto.objects.select_related("example__unit", "file").filter(pk=pk).first()
    if photo is None or photo.file is None:
        raise Http404
    if not selectors.public_examples().filter(pk=photo.example_id).exists():
        if not request.user.is_authenticated:
            raise Http404
        access.require(request.user, Action.VIEW, photo.example.unit)
    return file_response(photo.file, inline=True)


# --- Public portal ---------------------------------------------------------------------------


@login_not_required
@require_GET
def public_list(request):
    page = peek_page(selectors.public_examples(), request.GET.get("page"), PAGE_SIZE)
    return render(request, "examples/public_list.html", {"page": page})


@login_not_required
@require_GET
def public_detail(request, pk: int):
    example = selectors.public_examples().filter(pk=pk).first()
    if example is None:
        raise Http404(_("Không tìm thấy điển hình."))
    return render(
        request,
        "examples/public_detail.html",
        {
            "example": example,
            "photos": example.photos.select_related("file"),
            "adoptions": example.adoptions.select_related("unit"),
        },
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def public_report(request):
    hamlets = (
        Unit.objects.filter(kind=UnitKind.HAMLET).select_related("parent").order_by("parent__name", "name")
    )
    form = ReportForm(request.POST or None, request.FILES or None, hamlets=hamlets)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.example_report(
                hamlet=data["hamlet"],
                name=data["name"],
                contact=data["contact"],
                title=data["title"],
                story=data["story"],
                ip=client_ip(request),
                photos=data["photos"],
            )
        except ServiceError as exc:
            show_error(request, exc, form)
        else:
            messages.success(
                request, _("Cảm ơn bạn. Phản ánh đã được chuyển đến bộ phận thi đua – khen thưởng.")
            )
            return redirect("examples:public_report")
    # The notice names the commune that keeps the report when the portal serves only one.
    communes = list(Unit.objects.filter(children__kind=UnitKind.HAMLET).distinct()[:2])
    return render(
        request,
        "examples/public_report.html",
        {"form": form, "commune": communes[0] if len(communes) == 1 else None},
    )


# --- Radio bulletins -------------------------------------------------------------------------


BULLETIN_QS = Bulletin.objects.select_related("unit")


RECEIVED_SHOWN = 20


@require_GET
def bulletin_list(request):
    page = peek_page(selectors.bulletins_for(request.user), request.GET.get("page"), PAGE_SIZE)
    can_create = selectors.communes_for(request.user, Action.BULLETIN_MANAGE).exists()
    # The hamlets' notice boards (`board_views`): for whoever the bulletins are sent to.
    can_board = (
        selectors.units_for(request.user, Action.BULLETIN_ACKNOWLEDGE).filter(kind=UnitKind.HAMLET).exists()
    )
    # Whoever does not write the bulletins (a hamlet head) also gets those sent to their hamlets.
    received = [] if can_create else list(selectors.deliveries_received(request.user)[:RECEIVED_SHOWN])
    return render(
        request,
        "examples/bulletins.html",
        {
            "page": page,
            "can_create": can_create,
            "can_board": can_board,
            "received": received,
            "BulletinState": BulletinState,
        },
    )


def _drafted(request, form: BulletinForm, units, *, asked: bool) -> BulletinForm:
    """The form again with its text drafted from the chosen items, for the officer to edit and save.

    Drafting writes nothing; when the officer saved with an empty text, they are told it was drafted."""
    data = form.cleaned_data
    values = request.POST.copy()
    values["text"] = services.bulletin_draft_text(
        unit=data["unit"],
        week_start=data["week_start"],
        examples=data["examples"],
        movements=data["movements"],
    )
    values["title"] = values.get("title") or services.bulletin_title(data["week_start"])
    drafted = BulletinForm(
        values,
        units=units,
        movements=form.fields["movements"].queryset,
        examples=form.fields["examples"].queryset,
    )
    drafted.is_valid()
    if not asked:
        drafted.add_error("text", _("Bản tin chưa có nội dung: đã soạn tự động, hãy xem lại rồi lưu."))
    return drafted


@require_http_methods(["GET", "POST"])
def bulletin_create(request):
    units = selectors.communes_for(request.user, Action.BULLETIN_MANAGE)
    if not units.exists():
        raise PermissionDenied
    unit_list = list(units)
    examples = selectors.public_examples().filter(
        id__in=access.filter_visible(request.user, selectors.EXAMPLE_QS).values("id")
    )[:50]
    form = BulletinForm(
        request.POST or None,
        units=units,
        movements=selectors.movements_within(unit_list),
        examples=selectors.public_examples().filter(id__in=[e.pk for e in examples]),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if "draft" in request.POST or not data["text"].strip():
            form = _drafted(request, form, units, asked="draft" in request.POST)
        else:
            try:
                bulletin = services.bulletin_create(actor=request.user, **data)
            except ServiceError as exc:
                show_error(request, exc, form)
            else:
                messages.success(request, _("Đã lưu bản tin."))
                return redirect("examples:bulletin", bulletin.pk)
    return render(request, "examples/bulletin_form.html", {"form": form})


def _bulletin(request, pk: int, action: Action = Action.VIEW) -> Bulletin:
    return access.get_for(request.user, BULLETIN_QS, action, pk=pk)


@require_GET
def bulletin_detail(request, pk: int):
    bulletin = _bulletin(request, pk)
    return render(
        request,
        "examples/bulletin.html",
        {
            "bulletin": bulletin,
            "BulletinState": BulletinState,
            "deliveries": bulletin.deliveries.select_related("hamlet", "acknowledged_by"),
            "can_manage": access.can(request.user, Action.BULLETIN_MANAGE, bulletin.unit),
            "broadcast_form": BroadcastForm(),
            **audio_views.player_context(request, bulletin),
        },
    )


@require_GET
def bulletin_txt(request, pk: int):
    bulletin = _bulletin(request, pk)
    return attachment(f"{bulletin.title}\n\n{bulletin.text}\n".encode(), f"ban-tin-{bulletin.pk}.txt")


@require_GET
def bulletin_docx(request, pk: int):
    import docx
    from docx.shared import Pt

    bulletin = _bulletin(request, pk)
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(14)
    document.add_heading(bulletin.title, level=1)
    for paragraph in bulletin.text.split("\n"):
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return attachment(buffer.getvalue(), f"ban-tin-{bulletin.pk}.docx")


def _bulletin_action(request, pk: int, service, done, form_class=None):
    """One POST action on a bulletin, in the same shape as `_transition` for examples.

    `done` is the success message, or a function of what the service returned."""
    bulletin = _bulletin(request, pk, Action.BULLETIN_MANAGE)
    form = form_class(request.POST) if form_class else None
    try:
        if form is not None and not form.is_valid():
            raise ValidationError(form.errors)
        result = service(actor=request.user, bulletin=bulletin, **(form.cleaned_data if form else {}))
    except ValidationError as exc:
        show_error(request, exc)
    else:
        messages.success(request, done(result) if callable(done) else done)
    return redirect("examples:bulletin", bulletin.pk)


@require_POST
def bulletin_broadcast(request, pk: int):
    done = _("Đã đánh dấu bản tin đã phát sóng.")
    return _bulletin_action(request, pk, services.bulletin_broadcast, done, form_class=BroadcastForm)


@require_POST
def bulletin_send(request, pk: int):
    def done(sent):
        return _("Đã gửi bản tin đến %(n)s ấp.") % {"n": len(sent)}

    return _bulletin_action(request, pk, services.bulletin_send, done)


DELIVERY_QS = Delivery.objects.select_related("hamlet", "bulletin__unit", "acknowledged_by")


@require_GET
def delivery_detail(request, pk: int):
    """The bulletin as the hamlet information team reads it (the hamlet head cannot see the commune's)."""
    delivery = access.get_for(request.user, DELIVERY_QS, Action.VIEW, unit_of=lambda d: d.hamlet, pk=pk)
    return render(
        request,
        "examples/delivery.html",
        {
            "delivery": delivery,
            "bulletin": delivery.bulletin,
            "can_ack": delivery.acknowledged_at is None
            and access.can(request.user, Action.BULLETIN_ACKNOWLEDGE, delivery.hamlet),
            **audio_views.player_context(request, delivery.bulletin, delivery=delivery),
        },
    )


@require_POST
def delivery_acknowledge(request, pk: int):
    delivery = access.get_for(
        request.user, DELIVERY_QS, Action.BULLETIN_ACKNOWLEDGE, unit_of=lambda d: d.hamlet, pk=pk
    )
    try:
        services.delivery_acknowledge(actor=request.user, delivery=delivery)
    except ServiceError as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("Đã xác nhận nhận bản tin."))
    return redirect("examples:delivery", delivery.pk)
