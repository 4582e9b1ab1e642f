"""The demo's signing key: a certificate authority made up when the demo loads ("THỬ NGHIỆM", never
a real one), trusted by the demo installation only, and a key file for the commune's chairman, so the
demo's decisions are signed digitally and their signatures check as valid. Its passphrase is
`DEMO_PASSPHRASE`, written in the README's demo section: the demo's papers prove nothing."""

from __future__ import annotations

import datetime as dt

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.utils import timezone

from thidua.access import Actor
from thidua.signatures import services
from thidua.signatures.models import AnchorKind, SigningKey
from thidua.units.models import SEGMENT, Unit

DEMO_PASSPHRASE = "ky-so-thu-nghiem"
DEMO_LABEL = "Khóa ký số thử nghiệm"


def _name(common: str, organisation: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common),
        ]
    )


def _certificate(subject, issuer, key, issuer_key, *, ca: bool, days: int) -> x509.Certificate:
    now = timezone.now()
    usage = (
        x509.KeyUsage(False, False, False, False, False, True, True, False, False)
        if ca
        else x509.KeyUsage(True, True, False, False, False, False, False, False, False)
    )
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False
        )
        .sign(issuer_key, hashes.SHA256())
    )


def demo_signing_key(*, actor: Actor, commune: Unit, signer_name: str) -> SigningKey:
    """The commune's demo key (made once), its made-up root trusted at the top unit."""
    existing = SigningKey.objects.filter(unit=commune, label=DEMO_LABEL).first()
    if existing is not None:
        return existing
    root_key = ec.generate_private_key(ec.SECP256R1())
    root_name = _name("Gốc THỬ NGHIỆM của bản demo thidua", "Không dùng thật")
    root = _certificate(root_name, root_name, root_key, root_key, ca=True, days=3650)
    top = Unit.objects.get(path=commune.path[:SEGMENT])
    services.trust_anchor_add(
        actor=actor,
        unit=top,
        kind=AnchorKind.ROOT,
        label="Gốc THỬ NGHIỆM (bản demo)",
        data=root.public_bytes(serialization.Encoding.DER),
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = _certificate(_name(signer_name, commune.name), root_name, key, root_key, ca=False, days=730)
    data = pkcs12.serialize_key_and_certificates(
        b"demo", key, cert, [root], serialization.BestAvailableEncryption(DEMO_PASSPHRASE.encode())
    )
    return services.signing_key_add_pkcs12(
        actor=actor, unit=commune, label=DEMO_LABEL, data=data, passphrase=DEMO_PASSPHRASE
    )
