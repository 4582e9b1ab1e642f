from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua import access
from thidua.access import Action
from thidua.archive import selectors as archive
from thidua.documents import selectors, services
from thidua.documents.forms import DocumentEditForm, IssueForm, UploadForm, WithdrawForm
from thidua.documents.model import Document as DocumentModel
from thidua.documents.model import date_line
from thidua.documents.models import Document
from thidua.documents.reader import DocumentReadError, read_document
from thidua.documents.render_docx import render_docx
from thidua.documents.render_pdf import render_pdf
from thidua.lib.downloads import attachment
from thidua.lib.errors import show_error
from thidua.signatures import selectors as signatures

_SIGNING_SALT = "thidua.documents.upload"


def _unit(request, action=Action.VIEW):
    return access.get_unit_or_home(request.user, request.GET.get("unit") or request.POST.get("unit"), action)


def _get(request, pk, action=Action.VIEW) -> Document:
    queryset = Document.objects.select_related("unit", "issuer")
    if action == Action.VIEW:
        return access.get_readable(request.user, queryset, selectors.is_movement_paper, pk=pk)
    return access.get_for(request.user, queryset, action, pk=pk)


@require_GET
def document_list(request):
    unit = _unit(request)
    page = selectors.register(unit, page=request.GET.get("page", 1))
    context = {
        "unit": unit,
        "page": page,
        "can_edit": access.can(request.user, Action.DOCUMENT_EDIT, unit),
        "can_manage_signatures": access.can(request.user, Action.SIGNATURE_MANAGE, unit),
    }
    return render(request, "documents/list.html", context)


@require_GET
def document_detail(request, pk: int):
    return _detail_page(request, _get(request, pk))


def _detail_page(request, document: Document, **typed):
    """The document's page; `typed` puts back a refused form (`issue_form`, `withdraw_form`) with
    what was typed in it."""
    versions = selectors.versions(document)
    can_edit_papers = access.can(request.user, Action.DOCUMENT_EDIT, document.unit)
    context = {
        "document": document,
        "doc": document.model,
        "date_line": date_line(document.model.place, document.model.date),
        "versions": versions,
        "can_issue": document.is_draft and access.can(request.user, Action.DOCUMENT_ISSUE, document.unit),
        "can_withdraw": document.is_issued and access.can(request.user, Action.DOCUMENT_ISSUE, document.unit),
        "can_edit": access.can(request.user, Action.DOCUMENT_EDIT, document.unit)
        and not any(v.previous_id == document.pk for v in versions),
        "issue_form": IssueForm(),
        "withdraw_form": WithdrawForm(),
        "signature": signatures.panel(request.user, document),
        "archive": archive.panel(document) if can_edit_papers else {},
        **typed,
    }
    return render(request, "documents/detail.html", context)


def _filename(document: Document, ext: str) -> str:
    name = document.number_symbol.replace("/", "_") if document.number else f"du-thao-{document.pk}"
    return f"{name}.{ext}"


@require_GET
def document_docx(request, pk: int):
    document = _get(request, pk)
    return attachment(render_docx(document.model), _filename(document, "docx"))


@require_GET
def document_pdf(request, pk: int):
    document = _get(request, pk)
    return attachment(render_pdf(document.model, draft=document.is_draft), _filename(document, "pdf"))


@require_http_methods(["GET", "POST"])
def document_edit(request, pk: int):
    """Edit a draft in place; editing an issued document makes a new draft version, the old one kept."""
    document = _get(request, pk, Action.DOCUMENT_EDIT)
    form = DocumentEditForm(request.POST or None, model=document.model)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.document_update(actor=request.user, document=document, model=form.edited_model())
        except ValidationError as exc:
            show_error(request, exc, form)
        else:
            if saved.pk == document.pk:
                messages.success(request, _("Đã lưu dự thảo."))
            else:
                messages.success(
                    request,
                    _("Đã tạo phiên bản %(v)s (dự thảo); văn bản đã ban hành được giữ nguyên.")
                    % {"v": saved.version},
                )
            return redirect("documents:detail", saved.pk)
    return render(request, "documents/edit.html", {"form": form, "document": document})


@require_POST
def document_issue(request, pk: int):
    document = _get(request, pk, Action.DOCUMENT_ISSUE)
    form = IssueForm(request.POST)
    if form.is_valid():
        try:
            document = services.document_issue(
                actor=request.user, document=document, date=form.cleaned_data["date"]
            )
        except ValidationError as exc:
            show_error(request, exc)
        else:
            messages.success(request, _("Đã ban hành văn bản số %(n)s.") % {"n": document.number_symbol})
            return redirect("documents:detail", document.pk)
    else:
        messages.error(request, _("Ngày ban hành không hợp lệ."))
    return _detail_page(request, _get(request, pk), issue_form=form)  # as stored, not as half-changed


@require_POST
def document_withdraw(request, pk: int):
    document = _get(request, pk, Action.DOCUMENT_ISSUE)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.document_withdraw(
                actor=request.user, document=document, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            show_error(request, exc)
        else:
            messages.success(request, _("Đã thu hồi văn bản; số của văn bản vẫn được giữ trong sổ."))
            return redirect("documents:detail", document.pk)
    else:
        messages.error(request, _("Cần ghi lý do thu hồi."))
    return _detail_page(request, _get(request, pk), withdraw_form=form)


@require_http_methods(["GET", "POST"])
def document_upload(request):
    """Read an uploaded document and show what was understood; the officer may keep it as a draft."""
    unit = _unit(request, Action.DOCUMENT_EDIT)
    if request.method == "POST" and request.POST.get("payload"):
        try:
            content = signing.loads(request.POST["payload"], salt=_SIGNING_SALT, max_age=3600)
        except signing.BadSignature:
            raise Http404 from None
        try:
            document = services.document_create_draft(
                actor=request.user, unit=unit, model=DocumentModel.from_dict(content)
            )
        except ValidationError as exc:
            show_error(request, exc)
            return redirect(f"{reverse('documents:upload')}?unit={unit.pk}")
        messages.success(request, _("Đã lưu thành văn bản dự thảo."))
        return redirect("documents:detail", document.pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    context = {"form": form, "unit": unit}
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        try:
            parsed = read_document(file.read(), file.name)
        except DocumentReadError as exc:
            form.add_error("file", str(exc))
        else:
            context.update(
                parsed=parsed,
                fields=parsed.to_json(),
                doc=parsed.document,
                date_line=date_line(parsed.document.place, parsed.document.date),
                payload=signing.dumps(parsed.document.to_dict(), salt=_SIGNING_SALT),
            )
    return render(request, "documents/upload.html", context)
