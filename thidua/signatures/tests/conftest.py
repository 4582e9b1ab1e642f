"""A tiny certificate authority made at test time: a root, an intermediate, and signers under it —
one good (Vietnamese names in its subject), one expired, one revoked by the intermediate's CRL, one
with a 1024-bit key — each also as a PKCS#12 file locked by a passphrase. And a SoftHSM2 token holding
the good signer's key, for the PKCS#11 path."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

PASSPHRASE = "mật-khẩu-đúng"
NOW = dt.datetime.now(dt.UTC)
SOFTHSM_MODULE = "/usr/lib/softhsm/libsofthsm2.so"
TOKEN_LABEL = "UBND Mỹ Thạnh"
TOKEN_PIN = "246810"
KEY_LABEL = "lanh-dao"


def _name(cn: str, org: str = "UBND xã Mỹ Thạnh") -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
            x509.NameAttribute(NameOID.COMMON_NAME, cn),
        ]
    )


def _cert(subject, issuer, key, issuer_key, *, ca: bool, start: dt.datetime, end: dt.datetime, eku=None):
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False
        )
    )
    if ca:
        usage = x509.KeyUsage(False, False, False, False, False, True, True, False, False)
    else:
        usage = x509.KeyUsage(True, True, False, False, False, False, False, False, False)
        # Where the CRL is published, as real certificates say; the tests hand the CRL over, nothing is fetched.
        point = x509.DistributionPoint(
            full_name=[x509.UniformResourceIdentifier("http://ca.thu-nghiem.invalid/trung-gian.crl")],
            relative_name=None,
            reasons=None,
            crl_issuer=None,
        )
        builder = builder.add_extension(x509.CRLDistributionPoints([point]), critical=False)
    builder = builder.add_extension(usage, critical=True)
    if eku:
        builder = builder.add_extension(x509.ExtendedKeyUsage(eku), critical=True)
    return builder.sign(issuer_key, hashes.SHA256())


@dataclass
class Signer:
    key: object
    cert: x509.Certificate
    p12: bytes

    @property
    def der(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.DER)


@dataclass
class CA:
    root: x509.Certificate
    root_key: object
    intermediate: x509.Certificate
    intermediate_key: object
    crl: x509.CertificateRevocationList
    signers: dict[str, Signer] = field(default_factory=dict)

    @property
    def root_der(self) -> bytes:
        return self.root.public_bytes(serialization.Encoding.DER)

    @property
    def crl_der(self) -> bytes:
        return self.crl.public_bytes(serialization.Encoding.DER)

    def signer(
        self,
        cn: str,
        org: str = "UBND xã Mỹ Thạnh",
        *,
        key=None,
        start: dt.datetime | None = None,
        end: dt.datetime | None = None,
        passphrase: str = PASSPHRASE,
        eku=None,
    ) -> Signer:
        key = key or ec.generate_private_key(ec.SECP256R1())
        cert = _cert(
            _name(cn, org),
            self.intermediate.subject,
            key,
            self.intermediate_key,
            ca=False,
            start=start or NOW - dt.timedelta(days=30),
            end=end or NOW + dt.timedelta(days=365),
            eku=eku,
        )
        p12 = pkcs12.serialize_key_and_certificates(
            b"signer",
            key,
            cert,
            [self.intermediate, self.root],
            serialization.BestAvailableEncryption(passphrase.encode()),
        )
        return Signer(key=key, cert=cert, p12=p12)


@pytest.fixture(scope="session")
def ca() -> CA:
    return build_ca()


def build_ca() -> CA:
    """The test CA; a function too, for tests outside this folder (the browser journey)."""
    root_key = ec.generate_private_key(ec.SECP384R1())
    root_name = _name("Gốc thử nghiệm thidua", "Trung tâm chứng thực thử")
    root = _cert(
        root_name,
        root_name,
        root_key,
        root_key,
        ca=True,
        start=NOW - dt.timedelta(days=3650),
        end=NOW + dt.timedelta(days=3650),
    )
    inter_key = ec.generate_private_key(ec.SECP256R1())
    inter = _cert(
        _name("CA trung gian thử nghiệm", "Trung tâm chứng thực thử"),
        root_name,
        inter_key,
        root_key,
        ca=True,
        start=NOW - dt.timedelta(days=1000),
        end=NOW + dt.timedelta(days=1000),
    )
    authority = CA(root=root, root_key=root_key, intermediate=inter, intermediate_key=inter_key, crl=None)  # type: ignore[arg-type]
    authority.signers["good"] = authority.signer("Phạm Thanh Diễn")
    authority.signers["rsa"] = authority.signer("Trần Văn Bảy", key=rsa.generate_private_key(65537, 2048))
    authority.signers["expired"] = authority.signer(
        "Lê Thị Hết Hạn", start=NOW - dt.timedelta(days=800), end=NOW - dt.timedelta(days=10)
    )
    authority.signers["revoked"] = authority.signer("Nguyễn Văn Thu Hồi")
    authority.signers["weak"] = authority.signer("Đỗ Khóa Yếu", key=rsa.generate_private_key(65537, 1024))
    revoked = (
        x509.RevokedCertificateBuilder()
        .serial_number(authority.signers["revoked"].cert.serial_number)
        .revocation_date(NOW - dt.timedelta(days=1))
        .build()
    )
    authority.crl = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(inter.subject)
        .last_update(NOW - dt.timedelta(days=1))
        .next_update(NOW + dt.timedelta(days=7))
        .add_revoked_certificate(revoked)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(inter_key.public_key()), critical=False
        )
        .add_extension(x509.CRLNumber(1), critical=False)
        .sign(inter_key, hashes.SHA256())
    )
    return authority


@dataclass
class Token:
    module: str
    label: str
    pin: str
    key_label: str


@pytest.fixture(scope="session")
def softhsm_token(ca: CA, tmp_path_factory) -> Token:
    """A SoftHSM2 token in a temporary folder holding the good signer's key and certificate. The
    library reads SOFTHSM2_CONF when it is loaded, so the variable is set for the whole session."""
    if not Path(SOFTHSM_MODULE).exists() or not shutil.which("softhsm2-util"):
        pytest.skip(f"SoftHSM2 is not installed ({SOFTHSM_MODULE}); scripts/ensure-signing.sh installs it")
    folder = tmp_path_factory.mktemp("softhsm")
    (folder / "tokens").mkdir()
    conf = folder / "softhsm2.conf"
    conf.write_text(
        f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n"
    )
    os.environ["SOFTHSM2_CONF"] = str(conf)
    subprocess.run(
        [
            "softhsm2-util",
            "--init-token",
            "--free",
            "--label",
            TOKEN_LABEL,
            "--so-pin",
            "13579",
            "--pin",
            TOKEN_PIN,
        ],
        check=True,
        capture_output=True,
    )
    signer = ca.signers["good"]
    key_file = folder / "key.pem"
    key_file.write_bytes(
        signer.key.private_bytes(  # type: ignore[attr-defined]
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    subprocess.run(
        [
            "softhsm2-util",
            "--import",
            str(key_file),
            "--token",
            TOKEN_LABEL,
            "--label",
            KEY_LABEL,
            "--id",
            "01",
            "--pin",
            TOKEN_PIN,
        ],
        check=True,
        capture_output=True,
    )
    key_file.unlink()
    _put_certificate(signer.der, TOKEN_LABEL, KEY_LABEL, b"\x01")
    # A token carries its issuer's certificate too, as the ones agencies are given do.
    _put_certificate(ca.intermediate.public_bytes(serialization.Encoding.DER), TOKEN_LABEL, "ca", b"\x02")
    return Token(module=SOFTHSM_MODULE, label=TOKEN_LABEL, pin=TOKEN_PIN, key_label=KEY_LABEL)


def _put_certificate(der: bytes, token_label: str, label: str, ident: bytes) -> None:
    """The certificate beside the key, with python-pkcs11 (works with or without OpenSC's tool)."""
    import pkcs11
    from pkcs11 import Attribute, CertificateType, ObjectClass

    lib = pkcs11.lib(SOFTHSM_MODULE)
    token = lib.get_token(token_label=token_label)
    cert = x509.load_der_x509_certificate(der)
    with token.open(rw=True, user_pin=TOKEN_PIN) as session:
        session.create_object(
            {
                Attribute.CLASS: ObjectClass.CERTIFICATE,
                Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                Attribute.TOKEN: True,
                Attribute.LABEL: label,
                Attribute.ID: ident,
                Attribute.SUBJECT: cert.subject.public_bytes(),
                Attribute.VALUE: der,
            }
        )


def decision_with_one_award(tree):
    """A draft decision of Mỹ Thạnh granting Nguyễn Thị Hoa the Lao động tiên tiến title."""
    from thidua.commendations.models import Award, AwardType, Decision
    from thidua.commendations.tests.conftest import YEAR, make_person

    decision = Decision.objects.create(
        commune=tree.commune, title="Khen thưởng phong trào Đồng khởi", year=YEAR
    )
    person = make_person(tree.hamlet, "Nguyễn Thị Hoa")
    Award.objects.create(
        award_type=AwardType.objects.get(code="ldtt"),
        year=YEAR,
        commune=tree.commune,
        recipient_kind="individual",
        person=person,
        recipient_name=person.full_name,
        decision=decision,
    )
    return decision
