"""Thin views: check a received PDF, manage an organisation's keys and trust roots, sign an issued
paper and download its signed copy. Each starts with `access`, parses a form, calls one service."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua import access
from thidua.access import Action
from thidua.documents import selectors as documents_selectors
from thidua.documents.models import Document
from thidua.files import content
from thidua.files.responses import file_response
from thidua.files.services import read_upload
from thidua.lib.errors import ServiceError, show_error
from thidua.signatures import selectors, services
from thidua.signatures.forms import (
    AnchorForm,
    AttachmentForm,
    Pkcs12Form,
    SealImageForm,
    SignatureImageForm,
    SignForm,
    TokenForm,
    VerifyForm,
)
from thidua.signatures.models import AnchorKind, SignatureImage, SignedAttachment, SigningKey


def _unit(request, action: Action):
    return access.get_unit_or_home(request.user, request.GET.get("unit") or request.POST.get("unit"), action)


def _upload(form, field: str, kinds: tuple[content.Kind, ...] | None = None) -> bytes:
    """The bytes of an uploaded file within the upload limit (and of `kinds`, when given)."""
    upload = form.cleaned_data[field]
    try:
        if kinds is None:
            content.check_size(upload.size or 0)
            return b"".join(upload.chunks())
        return read_upload(upload, kinds)[0]
    except content.UploadRefused as exc:
        raise ServiceError(str(exc), field=field) from exc


@require_http_methods(["GET", "POST"])
def verify(request):
    """A received PDF and its signature report; nothing is kept."""
    unit = _unit(request, Action.DOCUMENT_EDIT)
    form = VerifyForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = selectors.verify(_upload(form, "file", (content.PDF,)), name=upload.name or "")
        except ValidationError as exc:
            show_error(request, exc, form)
    return render(request, "signatures/verify.html", {"form": form, "unit": unit, "report": report})


@require_http_methods(["GET", "POST"])
def keys(request):
    unit = _unit(request, Action.SIGNATURE_MANAGE)
    which = request.POST.get("form")
    p12_form = Pkcs12Form(
        request.POST if which == "pkcs12" else None, request.FILES if which == "pkcs12" else None
    )
    token_form = TokenForm(request.POST if which == "token" else None)
    anchor_form = AnchorForm(
        request.POST if which == "anchor" else None, request.FILES if which == "anchor" else None
    )
    seal_form = SealImageForm(
        request.POST if which == "seal" else None, request.FILES if which == "seal" else None
    )
    form = {"pkcs12": p12_form, "token": token_form, "anchor": anchor_form, "seal": seal_form}.get(
        which or ""
    )
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            if which == "pkcs12":
                services.signing_key_add_pkcs12(
                    actor=request.user,
                    unit=unit,
                    label=data["label"],
                    data=_upload(form, "file"),
                    passphrase=data["passphrase"],
                )
            elif which == "token":
                services.signing_key_add_token(
                    actor=request.user,
                    unit=unit,
                    label=data["label"],
                    module_path=data["module_path"],
                    token_label=data["token_label"],
                    key_label=data["key_label"],
                    pin=data["pin"],
                )
            elif which == "seal":
                services.seal_image_set(
                    actor=request.user, unit=unit, data=_upload(form, "file"), width_mm=data["width_mm"]
                )
            else:
                services.trust_anchor_add(
                    actor=request.user,
                    unit=unit,
                    kind=AnchorKind(data["kind"]),
                    label=data["label"],
                    data=_upload(form, "file"),
                )
        except ValidationError as exc:
            show_error(request, exc, form)
        else:
            messages.success(request, _("Đã lưu."))
            return redirect(f"{reverse('signatures:keys')}?unit={unit.pk}")
    context = {
        "unit": unit,
        "keys": selectors.keys_of(unit),
        "anchors": selectors.anchors(),
        "can_add_anchor": unit.parent_id is None,
        "p12_form": p12_form,
        "token_form": token_form,
        "anchor_form": anchor_form,
        "seal_form": seal_form,
        "seal": SignatureImage.objects.filter(unit=unit).first(),
        "has_modules": bool(token_form.fields["module_path"].choices),
    }
    return render(request, "signatures/keys.html", context)


@require_POST
def key_retire(request, pk: int):
    key = access.get_for(
        request.user, SigningKey.objects.select_related("unit"), Action.SIGNATURE_MANAGE, pk=pk
    )
    try:
        services.signing_key_retire(actor=request.user, key=key)
    except ValidationError as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("Đã ngừng dùng khóa ký số."))
    return redirect(f"{reverse('signatures:keys')}?unit={key.unit_id}")


@require_POST
def sign(request, pk: int):
    document = access.get_for(
        request.user, Document.objects.select_related("unit", "issuer"), Action.DOCUMENT_ISSUE, pk=pk
    )
    form = SignForm(request.POST, keys=selectors.keys_for(document.unit))
    if form.is_valid():
        try:
            services.paper_sign(
                actor=request.user,
                document=document,
                key=form.cleaned_data["key"],
                secret=form.cleaned_data["secret"],
            )
        except ValidationError as exc:
            show_error(request, exc)
        else:
            messages.success(request, _("Đã ký số văn bản %(n)s.") % {"n": document.number_symbol})
    else:
        messages.error(request, _("Cần chọn khóa ký số và nhập mật khẩu hoặc mã PIN."))
    return redirect("documents:detail", document.pk)


@require_GET
def signed_pdf(request, pk: int):
    document = access.get_readable(
        request.user, Document.objects.select_related("unit"), documents_selectors.is_movement_paper, pk=pk
    )
    paper = selectors.signed_paper(document)
    if paper is None:
        raise Http404
    return file_response(paper.file, filename=paper.file.original_name)


@require_http_methods(["GET", "POST"])
def my_signature(request):
    """A person's own signature image, shown on the papers they sign digitally."""
    form = SignatureImageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.signature_image_set(actor=request.user, user=request.user, data=_upload(form, "file"))
        except ValidationError as exc:
            show_error(request, exc, form)
        else:
            messages.success(request, _("Đã lưu ảnh chữ ký."))
            return redirect("signatures:my_signature")
    current = SignatureImage.objects.filter(user=request.user).first()
    return render(request, "signatures/my_signature.html", {"form": form, "current": current})


@require_POST
def attachment_sign(request, pk: int):
    document = access.get_for(
        request.user, Document.objects.select_related("unit", "issuer"), Action.DOCUMENT_ISSUE, pk=pk
    )
    form = AttachmentForm(request.POST, request.FILES, keys=selectors.keys_for(document.unit))
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.attachment_sign(
                actor=request.user,
                document=document,
                data=_upload(form, "file", (content.PDF,)),
                name=upload.name or "",
                key=form.cleaned_data["key"],
                secret=form.cleaned_data["secret"],
            )
        except ValidationError as exc:
            show_error(request, exc)
        else:
            messages.success(request, _("Đã ký số văn bản kèm theo."))
    else:
        messages.error(request, _("Cần chọn tệp PDF, khóa ký số và nhập mật khẩu hoặc mã PIN."))
    return redirect("documents:detail", document.pk)


@require_GET
def attachment_pdf(request, pk: int):
    attachment = access.get_readable(
        request.user,
        SignedAttachment.objects.select_related("document__unit", "file"),
        lambda a: documents_selectors.is_movement_paper(a.document),
        unit_of=lambda a: a.document.unit,
        pk=pk,
    )
    return file_response(attachment.file, filename=attachment.name)
