"""Signing a PDF as PAdES with pyHanko, with the key of a PKCS#12 file or of a PKCS#11 token.

The keys' own checks (`certificates.check_signing_certificate`) are made by the caller before
`sign_pdf`; this module only opens keys and signs. Baseline B-B; B-T when a timestamp server is
given. RSA keys sign with RSASSA-PSS and EC keys with ECDSA, the digest is SHA-256
(Circular 15/2025/TT-BKHCN).
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

from cryptography import x509
from cryptography.hazmat.primitives.serialization import pkcs12
from django.utils.translation import gettext as _
from PIL import Image
from pyhanko.keys.internal import (
    translate_pyca_cryptography_cert_to_asn1,
    translate_pyca_cryptography_key_to_asn1,
)
from pyhanko.pdf_utils.images import PdfImage
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.sign import fields, signers
from pyhanko.sign.signers.pdf_cms import Signer
from pyhanko.sign.timestamps import TimeStamper
from pyhanko.stamp import BaseStampStyle, StaticStampStyle
from pyhanko_certvalidator.registry import SimpleCertificateStore

from thidua.lib.errors import ServiceError
from thidua.signatures.look import Placement

DIGEST = "sha256"
FIELD_PREFIX = "ChuKySo"


@dataclass(frozen=True)
class PKCS12Key:
    """What a PKCS#12 file holds once its passphrase opened it."""

    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...]
    signer: Signer


def _load_pkcs12(data: bytes, passphrase: str):
    """Key, certificate and chain of a PKCS#12 file; ServiceError when the passphrase is wrong or the
    file is not PKCS#12. Decrypted once: the passphrase's key derivation is the slow part."""
    try:
        key, cert, others = pkcs12.load_key_and_certificates(data, passphrase.encode("utf-8"))
    except ValueError as exc:
        raise ServiceError(
            _("Mật khẩu của tệp khóa không đúng, hoặc tệp không phải là tệp khóa PKCS#12 (.p12, .pfx)."),
            field="passphrase",
            code="wrong_passphrase",
        ) from exc
    if cert is None or key is None:
        raise ServiceError(
            _("Tệp PKCS#12 không chứa cả khóa bí mật lẫn chứng thư số của người ký."),
            code="incomplete_pkcs12",
        )
    return key, cert, tuple(others)


def read_pkcs12_certificate(
    data: bytes, passphrase: str
) -> tuple[x509.Certificate, tuple[x509.Certificate, ...]]:
    """The certificate (and its chain) of a PKCS#12 file, once its passphrase opened it."""
    _key, cert, chain = _load_pkcs12(data, passphrase)
    return cert, chain


def open_pkcs12(data: bytes, passphrase: str) -> PKCS12Key:
    key, cert, chain = _load_pkcs12(data, passphrase)
    registry = SimpleCertificateStore()
    registry.register_multiple([translate_pyca_cryptography_cert_to_asn1(c) for c in chain])
    signer = signers.SimpleSigner(
        signing_key=translate_pyca_cryptography_key_to_asn1(key),
        signing_cert=translate_pyca_cryptography_cert_to_asn1(cert),
        cert_registry=registry,
        prefer_pss=True,
    )
    return PKCS12Key(certificate=cert, chain=chain, signer=signer)


@contextmanager
def open_token(*, module_path: str, token_label: str, pin: str, key_label: str) -> Iterator[Signer]:
    """A signer on a PKCS#11 token (an agency's USB token; SoftHSM in the tests), open while the
    `with` block runs; ServiceError when the token is absent or the PIN is wrong."""
    import pkcs11
    from pyhanko.sign import pkcs11 as hanko_pkcs11

    try:
        session = hanko_pkcs11.open_pkcs11_session(
            module_path, token_criteria=hanko_pkcs11.TokenCriteria(label=token_label), user_pin=pin
        )
    except pkcs11.exceptions.PinIncorrect as exc:
        raise ServiceError(
            _("Mã PIN của thiết bị ký số không đúng."), field="secret", code="wrong_pin"
        ) from exc
    except pkcs11.exceptions.PinLocked as exc:
        raise ServiceError(_("Thiết bị ký số đã bị khóa PIN; liên hệ nơi cấp."), code="pin_locked") from exc
    except (pkcs11.exceptions.PKCS11Error, hanko_pkcs11.PKCS11Error, OSError, RuntimeError) as exc:
        raise ServiceError(
            _("Không mở được thiết bị ký số “%(label)s”: hãy cắm thiết bị và kiểm tra cấu hình.")
            % {"label": token_label},
            code="token_unavailable",
        ) from exc
    try:
        signer = hanko_pkcs11.PKCS11Signer(
            session, cert_label=key_label, key_label=key_label, other_certs_to_pull=None, prefer_pss=True
        )
        if signer.signing_cert is not None and signer.signing_cert.public_key.algorithm == "ec":
            # Many tokens (SoftHSM among them) offer ECDSA only on a digest made outside the token.
            signer = hanko_pkcs11.PKCS11Signer(
                session,
                cert_label=key_label,
                key_label=key_label,
                other_certs_to_pull=None,
                use_raw_mechanism=True,
            )
        yield signer
    finally:
        session.close()


def signer_certificate(signer: Signer) -> x509.Certificate:
    """The signer's certificate as `cryptography` reads it (a token's is read from the token)."""
    cert = signer.signing_cert
    if cert is None:
        raise ServiceError(
            _("Không tìm thấy chứng thư số của người ký trên thiết bị."), code="no_certificate"
        )
    return x509.load_der_x509_certificate(cert.dump())


T = TypeVar("T")


def outside_event_loop(work: Callable[[], T]) -> T:
    """pyHanko's synchronous calls run their own event loop (`asyncio.run`), which Python refuses in
    a thread already running one (a caller driving a browser, an async server): there the work runs
    in a thread of its own, and the caller waits for it."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return work()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()


def sign_pdf(
    data: bytes,
    signer: Signer,
    *,
    reason: str = "",
    location: str = "",
    name: str = "",
    timestamper: TimeStamper | None = None,
    appearance: tuple[Placement, Image.Image | BaseStampStyle] | None = None,
) -> bytes:
    """`data` signed as PAdES (B-B, or B-T with a timestamper) in a new signature field; invisible,
    or — with an `appearance` — visible in its box: an image (`look.compose`: the signature and seal
    images) or a stamp style (`look.attachment_style`: the organisation's signature on an attachment)."""
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        existing = len(list(fields.enumerate_sig_fields(writer)))
        field_name = f"{FIELD_PREFIX}{existing + 1}"
        extra: dict = {}
        if appearance is not None:
            placement, look = appearance
            extra["new_field_spec"] = fields.SigFieldSpec(
                field_name, on_page=placement.page, box=tuple(round(v, 2) for v in placement.box)
            )
            extra["stamp_style"] = (
                look
                if isinstance(look, BaseStampStyle)
                else StaticStampStyle(background=PdfImage(look), border_width=0)
            )
        meta = signers.PdfSignatureMetadata(
            field_name=field_name,
            subfilter=fields.SigSeedSubFilter.PADES,
            md_algorithm=DIGEST,
            reason=reason or None,
            location=location or None,
            name=name or None,
        )
        pdf_signer = signers.PdfSigner(meta, signer=signer, timestamper=timestamper, **extra)
        out = outside_event_loop(lambda: pdf_signer.sign_pdf(writer))
    except (PdfError, ValueError) as exc:
        raise ServiceError(_("Không ký được tệp PDF: %(e)s") % {"e": exc}, code="sign_failed") from exc
    return out.getvalue()
