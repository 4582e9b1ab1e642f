"""Reads: the trust material the admin configured, an organisation's keys, the report of a paper."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from thidua import access
from thidua.access import Action, Someone
from thidua.documents.models import Document
from thidua.files.services import storage
from thidua.lib.errors import ServiceError
from thidua.signatures.models import AnchorKind, SignedAttachment, SignedPaper, SigningKey, TrustAnchor
from thidua.signatures.verification import Report, verify_pdf
from thidua.units.models import SEGMENT, Unit


@dataclass(frozen=True)
class TrustMaterial:
    roots: list[bytes]
    intermediates: list[bytes]
    crls: list[bytes]


def trust_material() -> TrustMaterial:
    by_kind: dict[str, list[bytes]] = {kind: [] for kind in AnchorKind.values}
    for kind, der in TrustAnchor.objects.values_list("kind", "der"):
        by_kind[kind].append(bytes(der))
    return TrustMaterial(
        roots=by_kind[AnchorKind.ROOT],
        intermediates=by_kind[AnchorKind.INTERMEDIATE],
        crls=by_kind[AnchorKind.CRL],
    )


def verify(data: bytes, *, name: str = "") -> Report:
    """A PDF checked against the configured trust roots, intermediates and CRLs."""
    material = trust_material()
    return verify_pdf(
        data, roots=material.roots, crls=material.crls, others=material.intermediates, name=name
    )


def keys_for(document_unit: Unit) -> QuerySet[SigningKey]:
    """The active keys that may sign a paper of `document_unit`: its own and its ancestors' (a
    council's papers under the commune's key)."""
    paths = [document_unit.path[:i] for i in range(SEGMENT, len(document_unit.path) + 1, SEGMENT)]
    return (
        SigningKey.objects.filter(active=True, unit__path__in=paths).select_related("unit").order_by("label")
    )


def keys_of(unit: Unit) -> QuerySet[SigningKey]:
    return SigningKey.objects.filter(unit=unit).order_by("-active", "label")


def anchors() -> QuerySet[TrustAnchor]:
    return TrustAnchor.objects.order_by("kind", "label")


def signed_paper(document: Document) -> SignedPaper | None:
    return SignedPaper.objects.select_related("file", "key").filter(document=document).first()


def signed_bytes(paper: SignedPaper | SignedAttachment) -> bytes:
    with storage().open(paper.file.path, "rb") as handle:
        return handle.read()


def paper_report(paper: SignedPaper) -> Report:
    return verify(signed_bytes(paper), name=paper.file.original_name)


def panel(user: Someone, document: Document) -> dict[str, Any]:
    """What the document's page shows of its signature: the signed copy and its report, or the form
    to sign it, for whoever may (an issued paper, an active key of its unit or above); the signed
    attachments, and the form to sign one more."""
    from thidua.signatures.forms import AttachmentForm, SignForm

    paper = signed_paper(document)
    attachments = list(document.signed_attachments.all()) if document.pk else []
    can_sign = document.is_issued and access.can(user, Action.DOCUMENT_ISSUE, document.unit)
    context: dict[str, Any] = {"paper": paper, "attachments": attachments, "can_sign": can_sign}
    if paper is not None:
        try:
            context["report"] = paper_report(paper)
        except (ServiceError, OSError) as exc:  # the kept file is gone or damaged: say so, not a 500
            context["report_error"] = (
                str(exc)
                if isinstance(exc, ServiceError)
                else _("Không đọc được bản đã ký số đã lưu; hãy báo quản trị viên.")
            )
    if can_sign:
        keys = keys_for(document.unit)
        context["has_keys"] = keys.exists()
        context["sign_form"] = SignForm(keys=keys)
        context["attachment_form"] = AttachmentForm(keys=keys)
    return context
