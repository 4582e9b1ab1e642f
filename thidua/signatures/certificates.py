"""What a signing certificate must be before anything is signed with it (Circular 15/2025/TT-BKHCN):
in its validity period, meant for signatures, a key strong enough (RSA ≥ 2048 bits, EC ≥ 256 bits),
itself signed with SHA-2 or SHA-3, not revoked by a CRL the admin uploaded, and — when the admin set
trust roots — chained to one of them. Each refusal is a Vietnamese `ServiceError`; the code lets
tests and callers tell them apart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from django.utils.translation import gettext as _

from thidua.lib.errors import ServiceError

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
MIN_RSA_BITS = 2048
MIN_EC_BITS = 256
# Digests the certificate itself may be signed with: SHA-2 (256 bits and up) and SHA-3.
STRONG_DIGESTS = (
    hashes.SHA256,
    hashes.SHA384,
    hashes.SHA512,
    hashes.SHA3_256,
    hashes.SHA3_384,
    hashes.SHA3_512,
)


def load_certificate(data: bytes) -> x509.Certificate:
    """A certificate from PEM or DER bytes; ServiceError when it is neither."""
    try:
        if data.lstrip().startswith(b"-----BEGIN"):
            return x509.load_pem_x509_certificate(data)
        return x509.load_der_x509_certificate(data)
    except ValueError as exc:
        raise ServiceError(
            _("Tệp không phải là chứng thư số (X.509, PEM hoặc DER)."), code="not_a_certificate"
        ) from exc


def load_crl(data: bytes) -> x509.CertificateRevocationList:
    try:
        if data.lstrip().startswith(b"-----BEGIN"):
            return x509.load_pem_x509_crl(data)
        return x509.load_der_x509_crl(data)
    except ValueError as exc:
        raise ServiceError(
            _("Tệp không phải là danh sách chứng thư bị thu hồi (CRL)."), code="not_a_crl"
        ) from exc


def subject_part(name: x509.Name, oid: x509.ObjectIdentifier) -> str:
    values = name.get_attributes_for_oid(oid)
    return str(values[0].value) if values else ""


def holder(cert: x509.Certificate) -> str:
    """Who a certificate is for, as the people who use it say: "Phạm Thanh Diễn – UBND xã Mỹ Thạnh"."""
    name = subject_part(cert.subject, x509.NameOID.COMMON_NAME)
    org = subject_part(cert.subject, x509.NameOID.ORGANIZATION_NAME)
    return " – ".join(part for part in (name, org) if part) or cert.subject.rfc4514_string()


def vn_datetime(moment: dt.datetime) -> str:
    return moment.astimezone(VIETNAM).strftime("%H:%M ngày %d/%m/%Y")


def key_description(cert: x509.Certificate) -> str:
    key = cert.public_key()
    if isinstance(key, rsa.RSAPublicKey):
        return f"RSA {key.key_size} bit"
    if isinstance(key, ec.EllipticCurvePublicKey):
        return f"ECDSA {key.curve.name} ({key.key_size} bit)"
    return type(key).__name__


def check_key_strength(cert: x509.Certificate) -> None:
    key = cert.public_key()
    if isinstance(key, rsa.RSAPublicKey) and key.key_size >= MIN_RSA_BITS:
        return
    if isinstance(key, ec.EllipticCurvePublicKey) and key.key_size >= MIN_EC_BITS:
        return
    # Anything else (DSA, Ed25519…) is not among the algorithms the circular lists for state papers.
    raise ServiceError(
        _(
            "Khóa của chứng thư số quá yếu (%(key)s): chỉ nhận RSA từ %(rsa)s bit hoặc ECDSA từ %(ec)s bit "
            "(Thông tư 15/2025/TT-BKHCN). Không ký."
        )
        % {"key": key_description(cert), "rsa": MIN_RSA_BITS, "ec": MIN_EC_BITS},
        code="weak_key",
    )


def check_digest(cert: x509.Certificate) -> None:
    algorithm = cert.signature_hash_algorithm
    if isinstance(algorithm, STRONG_DIGESTS):
        return
    raise ServiceError(
        _("Chứng thư số được ký bằng hàm băm %(algo)s, yếu hơn SHA-256; chỉ nhận SHA-2 hoặc SHA-3. Không ký.")
        % {"algo": algorithm.name.upper() if algorithm else "?"},
        code="weak_digest",
    )


def check_validity(cert: x509.Certificate, at: dt.datetime) -> None:
    if at < cert.not_valid_before_utc:
        raise ServiceError(
            _("Chứng thư số của %(who)s chưa có hiệu lực (từ %(d)s). Không ký.")
            % {"who": holder(cert), "d": vn_datetime(cert.not_valid_before_utc)},
            code="not_yet_valid",
        )
    if at > cert.not_valid_after_utc:
        raise ServiceError(
            _("Chứng thư số của %(who)s đã hết hạn từ %(d)s. Không ký; hãy gia hạn chứng thư số.")
            % {"who": holder(cert), "d": vn_datetime(cert.not_valid_after_utc)},
            code="expired",
        )


def check_key_usage(cert: x509.Certificate) -> None:
    """A certificate for signing documents says it allows digital signatures or non-repudiation; one
    made only for encryption or for a TLS server, or one that says nothing, may not sign a paper (the
    check of a received paper would call its signature invalid)."""
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        usage = None
    if usage is not None and (usage.digital_signature or usage.content_commitment):
        return
    raise ServiceError(
        _("Chứng thư số không được cấp để ký số (thiếu mục đích “chữ ký số” trong Key Usage). Không ký."),
        code="key_usage",
    )


def check_not_revoked(cert: x509.Certificate, crls: Iterable[x509.CertificateRevocationList]) -> None:
    for crl in crls:
        if crl.issuer != cert.issuer:
            continue
        revoked = crl.get_revoked_certificate_by_serial_number(cert.serial_number)
        if revoked is not None:
            raise ServiceError(
                _("Chứng thư số của %(who)s đã bị thu hồi từ %(d)s. Không ký.")
                % {"who": holder(cert), "d": vn_datetime(revoked.revocation_date_utc)},
                code="revoked",
            )


def check_signing_certificate(
    cert: x509.Certificate,
    *,
    at: dt.datetime,
    crls: Iterable[x509.CertificateRevocationList] = (),
) -> None:
    """Every check made before a paper is signed; the first that fails is raised."""
    check_validity(cert, at)
    check_key_usage(cert)
    check_key_strength(cert)
    check_digest(cert)
    check_not_revoked(cert, crls)
