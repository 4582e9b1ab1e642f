"""Writes: an organisation's signing keys, the trust roots, and the signing of an issued paper.

Each runs in one transaction, checks its actor through `access`, refuses with `ServiceError` and is
audited. A PKCS#12 passphrase and a token's PIN are arguments, used once and never stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from pyhanko.sign.signers.pdf_cms import Signer
from pyhanko.sign.timestamps import HTTPTimeStamper, TimeStamper

from thidua import access
from thidua.access import Action, Actor
from thidua.accounts.models import User
from thidua.audit import changes
from thidua.documents.models import Document, DocumentState
from thidua.documents.render_pdf import render_pdf
from thidua.files import content
from thidua.files.services import stored_file_keep
from thidua.lib.errors import ServiceError
from thidua.signatures import certificates, look, signing, verification
from thidua.signatures.models import (
    AnchorKind,
    ImageKind,
    KeyKind,
    SignatureImage,
    SignedAttachment,
    SignedPaper,
    SigningKey,
    TrustAnchor,
)
from thidua.signatures.selectors import trust_material
from thidua.units.models import Unit

# Never put into an audit record: key material and certificates are bytes, and a snapshot is JSON.
_BINARY = ("pkcs12", "certificate", "der", "png")


def _fingerprint(cert: x509.Certificate) -> str:
    return cert.fingerprint(hashes.SHA256()).hex()


def _crls() -> list[x509.CertificateRevocationList]:
    return [certificates.load_crl(der) for der in trust_material().crls]


def _check(cert: x509.Certificate, at: dt.datetime | None = None) -> None:
    certificates.check_signing_certificate(cert, at=at or timezone.now(), crls=_crls())


def _new_key(
    *, actor: Actor, unit: Unit, label: str, kind: KeyKind, cert: x509.Certificate, **fields: str | bytes
) -> SigningKey:
    key = SigningKey(
        unit=unit,
        label=label.strip() or certificates.holder(cert),
        kind=kind,
        certificate=cert.public_bytes(Encoding.DER),
        subject=certificates.holder(cert)[:500],
        not_after=cert.not_valid_after_utc,
        fingerprint=_fingerprint(cert),
        created_by=access.user_of(actor),
        **fields,
    )
    return changes.create(key, actor=actor, unit=unit, verb="thêm khóa ký số", exclude=_BINARY)


@transaction.atomic
def signing_key_add_pkcs12(
    *, actor: Actor, unit: Unit, label: str, data: bytes, passphrase: str
) -> SigningKey:
    """Keep an organisation's PKCS#12 file, once its passphrase opened it and its certificate passed
    the checks. The file is kept as it came, locked by the passphrase; the passphrase is not kept."""
    access.require_actor(actor, Action.SIGNATURE_MANAGE, unit)
    try:
        content.check_size(len(data))
    except content.UploadRefused as exc:
        raise ServiceError(str(exc), field="file") from exc
    cert, _chain = signing.read_pkcs12_certificate(data, passphrase)
    _check(cert)
    return _new_key(actor=actor, unit=unit, label=label, kind=KeyKind.PKCS12, cert=cert, pkcs12=data)


@transaction.atomic
def signing_key_add_token(
    *, actor: Actor, unit: Unit, label: str, module_path: str, token_label: str, key_label: str, pin: str
) -> SigningKey:
    """Name a USB token's key for an organisation; the token is opened once with its PIN to read the
    certificate and check it. Only a module listed in SIGNING_PKCS11_MODULES may be named: it is a
    library the server loads."""
    access.require_actor(actor, Action.SIGNATURE_MANAGE, unit)
    if module_path not in settings.SIGNING_PKCS11_MODULES:
        raise ServiceError(
            _(
                "Thư viện PKCS#11 “%(path)s” chưa được cho phép (SIGNING_PKCS11_MODULES trong cấu hình máy chủ)."
            )
            % {"path": module_path},
            field="module_path",
            code="module_not_allowed",
        )
    with signing.open_token(
        module_path=module_path, token_label=token_label, pin=pin, key_label=key_label
    ) as signer:
        cert = signing.signer_certificate(signer)
    _check(cert)
    return _new_key(
        actor=actor,
        unit=unit,
        label=label,
        kind=KeyKind.PKCS11,
        cert=cert,
        module_path=module_path,
        token_label=token_label,
        key_label=key_label,
    )


@transaction.atomic
def signing_key_retire(*, actor: Actor, key: SigningKey) -> SigningKey:
    """A key no longer offered for signing (lost token, renewed certificate); papers it signed keep it."""
    access.require_actor(actor, Action.SIGNATURE_MANAGE, key.unit)
    return changes.update(key, actor=actor, verb="ngừng dùng khóa ký số", exclude=_BINARY, active=False)


@transaction.atomic
def trust_anchor_add(*, actor: Actor, unit: Unit, kind: AnchorKind, label: str, data: bytes) -> TrustAnchor:
    """Trust a root certificate (the national root among them), know an intermediate, or take a CRL.
    Trust holds for the whole installation, so only an admin of a top unit (the province, or a
    commune installed alone) may add it."""
    access.require_actor(actor, Action.SIGNATURE_MANAGE, unit)
    if unit.parent_id is not None:
        raise ServiceError(_("Chỉ quản trị của đơn vị cấp cao nhất mới thêm được chứng thư tin cậy."))
    if kind == AnchorKind.CRL:
        crl = certificates.load_crl(data)
        der = crl.public_bytes(Encoding.DER)
        default_label = crl.issuer.rfc4514_string()
    else:
        cert = certificates.load_certificate(data)
        der = cert.public_bytes(Encoding.DER)
        default_label = certificates.holder(cert)
        if kind == AnchorKind.ROOT and not _is_ca(cert):
            raise ServiceError(
                _(
                    "Chứng thư này không phải của một tổ chức chứng thực (CA), không dùng làm chứng thư gốc được."
                ),
                code="not_a_ca",
            )
    digest = hashlib.sha256(der).hexdigest()
    if TrustAnchor.objects.filter(sha256=digest).exists():
        raise ServiceError(_("Chứng thư (hoặc danh sách thu hồi) này đã có."), code="duplicate")
    anchor = TrustAnchor(
        kind=kind,
        label=(label.strip() or default_label)[:300],
        der=der,
        sha256=digest,
        created_by=access.user_of(actor),
    )
    return changes.create(anchor, actor=actor, unit=unit, verb="thêm chứng thư tin cậy", exclude=_BINARY)


def _is_ca(cert: x509.Certificate) -> bool:
    try:
        return cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        return False


def _keep_image(
    *, actor: Actor, kind: ImageKind, data: bytes, audit_unit: Unit | None, **owner
) -> SignatureImage:
    try:
        content.check_size(len(data))
    except content.UploadRefused as exc:
        raise ServiceError(str(exc), field="file") from exc
    look.check_image(data, seal=kind == ImageKind.SEAL)
    width_mm = owner.pop("width_mm", 36)
    existing = SignatureImage.objects.filter(kind=kind, **owner).first()
    if existing is not None:
        return changes.update(
            existing,
            actor=actor,
            unit=audit_unit,
            verb="thay ảnh chữ ký, con dấu",
            exclude=_BINARY,
            png=data,
            width_mm=width_mm,
        )
    image = SignatureImage(kind=kind, png=data, width_mm=width_mm, created_by=access.user_of(actor), **owner)
    return changes.create(
        image, actor=actor, unit=audit_unit, verb="thêm ảnh chữ ký, con dấu", exclude=_BINARY
    )


@transaction.atomic
def signature_image_set(*, actor: Actor, user: User, data: bytes) -> SignatureImage:
    """A person's own signature image (blue, transparent PNG), shown on the papers they sign digitally.
    Nobody sets another person's signature."""
    person = access.user_of(actor)
    if person is None or person.pk != user.pk:
        raise PermissionDenied
    return _keep_image(actor=actor, kind=ImageKind.SIGNATURE, data=data, audit_unit=None, user=user)


@transaction.atomic
def seal_image_set(*, actor: Actor, unit: Unit, data: bytes, width_mm: int = 36) -> SignatureImage:
    """An organisation's seal image (red, transparent PNG) and its actual diameter."""
    access.require_actor(actor, Action.SIGNATURE_MANAGE, unit)
    if not 10 <= width_mm <= 80:
        raise ServiceError(_("Đường kính con dấu phải từ 10 đến 80 mm."), field="width_mm")
    return _keep_image(
        actor=actor, kind=ImageKind.SEAL, data=data, audit_unit=unit, unit=unit, width_mm=width_mm
    )


def _appearance(pdf: bytes, *, actor: Actor, key: SigningKey, signer_name: str):
    """The signature and seal images in the room the paper left for them, when the signer has a
    signature image and the paper a signature block; None keeps the signature invisible."""
    person = access.user_of(actor)
    image = SignatureImage.objects.filter(kind=ImageKind.SIGNATURE, user=person).first() if person else None
    if image is None:
        return None
    room = look.signature_room(pdf, name=signer_name)
    if room is None:
        return None
    seal = SignatureImage.objects.filter(kind=ImageKind.SEAL, unit=key.unit).first()
    return look.compose(
        room,
        signature=bytes(image.png),
        seal=bytes(seal.png) if seal else None,
        seal_mm=seal.width_mm if seal else 36,
    )


def timestamper() -> TimeStamper | None:
    """The timestamp server of SIGNING_TIMESTAMP_URL (PAdES B-T), or None (B-B)."""
    url = settings.SIGNING_TIMESTAMP_URL
    return HTTPTimeStamper(url, timeout=10) if url else None


def _sign_with(
    key: SigningKey, secret: str, sign: Callable[[Signer], bytes]
) -> tuple[bytes, x509.Certificate]:
    if key.kind == KeyKind.PKCS12:
        opened = signing.open_pkcs12(bytes(key.pkcs12), secret)
        _check(opened.certificate)
        return sign(opened.signer), opened.certificate
    if key.module_path not in settings.SIGNING_PKCS11_MODULES:
        raise ServiceError(
            _("Thư viện PKCS#11 của khóa này không còn được cho phép trong cấu hình máy chủ."),
            code="module_not_allowed",
        )
    with signing.open_token(
        module_path=key.module_path, token_label=key.token_label, pin=secret, key_label=key.key_label
    ) as signer:
        cert = signing.signer_certificate(signer)
        _check(cert)
        return sign(signer), cert


def _file_name(document: Document) -> str:
    label = document.number_symbol.replace("/", "_") if document.number else f"van-ban-{document.pk}"
    return f"{label}.ky-so.pdf"


@transaction.atomic
def paper_sign(*, actor: Actor, document: Document, key: SigningKey, secret: str) -> SignedPaper:
    """Sign an issued paper's PDF as PAdES with the organisation's key; the signed PDF is kept as a
    stored file and its SHA-256 is in the audit record. Refused — nothing signed, nothing kept — when
    the passphrase or PIN is wrong or the certificate fails a check."""
    access.require_actor(actor, Action.DOCUMENT_ISSUE, document.unit)
    document = Document.objects.select_for_update().select_related("unit", "issuer").get(pk=document.pk)
    if document.state != DocumentState.ISSUED:
        raise ServiceError(_("Chỉ ký số văn bản đã ban hành (đã có số)."), code="not_issued")
    if SignedPaper.objects.filter(document=document).exists():
        raise ServiceError(_("Văn bản này đã được ký số."), code="already_signed")
    if not key.active or not document.unit.path.startswith(key.unit.path):
        raise ServiceError(_("Khóa ký số này không dùng được cho văn bản của đơn vị này."), field="key")
    model = document.model
    stamper = timestamper()

    pdf = render_pdf(model)
    appearance = _appearance(pdf, actor=actor, key=key, signer_name=model.signer.name)

    def sign(signer: Signer) -> bytes:
        return signing.sign_pdf(
            pdf,
            signer,
            reason=_("Ký ban hành %(doc)s") % {"doc": document.number_symbol},
            location=model.place or "",
            timestamper=stamper,
            appearance=appearance,
        )

    data, cert = _sign_with(key, secret, sign)
    stored = stored_file_keep(
        actor=actor, data=data, name=_file_name(document), kind=content.PDF, unit=document.unit
    )
    paper = SignedPaper(
        document=document,
        file=stored,
        key=key,
        sha256=hashlib.sha256(data).hexdigest(),
        signer=certificates.holder(cert)[:500],
        timestamped=stamper is not None,
        signed_by=access.user_of(actor),
        signed_at=timezone.now(),
    )
    return changes.create(paper, actor=actor, unit=document.unit, verb="ký số văn bản")


@transaction.atomic
def attachment_sign(
    *, actor: Actor, document: Document, data: bytes, name: str, key: SigningKey, secret: str
) -> SignedAttachment:
    """Sign an attachment sent as its own PDF with an issued paper: the organisation's signature at the
    top right of its page 1 with the paper's number and symbol and the signing time. Refused — nothing
    signed, nothing kept — for a file that is not a readable PDF, or as `paper_sign` refuses."""
    access.require_actor(actor, Action.DOCUMENT_ISSUE, document.unit)
    document = Document.objects.select_for_update().select_related("unit").get(pk=document.pk)
    if document.state != DocumentState.ISSUED:
        raise ServiceError(
            _("Chỉ ký số văn bản kèm theo của văn bản đã ban hành (đã có số)."), code="not_issued"
        )
    if not key.active or not document.unit.path.startswith(key.unit.path):
        raise ServiceError(_("Khóa ký số này không dùng được cho văn bản của đơn vị này."), field="key")
    verification.verify_pdf(data, name=name or "tep.pdf")  # refuses what is not a readable PDF, with why
    label = document.number_symbol
    placement = look.attachment_corner(data, label)
    style = look.attachment_style(label)

    def sign(signer: Signer) -> bytes:
        return signing.sign_pdf(
            data,
            signer,
            reason=_("Văn bản kèm theo %(doc)s") % {"doc": label},
            timestamper=timestamper(),
            appearance=(placement, style),
        )

    signed, _cert = _sign_with(key, secret, sign)
    stored = stored_file_keep(
        actor=actor, data=signed, name=name or "kem-theo.pdf", kind=content.PDF, unit=document.unit
    )
    attachment = SignedAttachment(
        document=document,
        file=stored,
        key=key,
        name=(name or stored.original_name)[-255:],
        sha256=hashlib.sha256(signed).hexdigest(),
        signed_by=access.user_of(actor),
        signed_at=timezone.now(),
    )
    return changes.create(attachment, actor=actor, unit=document.unit, verb="ký số văn bản kèm theo")
