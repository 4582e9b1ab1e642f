"""Signing an issued paper: keys from a PKCS#12 file or a SoftHSM token, the certificate checks made
before signing, the signed PDF kept with its hash audited, and pyHanko's own validator accepting it."""

import datetime as dt
import io

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import ExtendedKeyUsageOID
from django.core.exceptions import PermissionDenied
from django.http import Http404
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.timestamps import DummyTimeStamper
from pyhanko.sign.validation import validate_pdf_signature

from thidua import access
from thidua.access import SYSTEM, Action
from thidua.accounts.models import Role
from thidua.audit.models import AuditEntry
from thidua.documents import services as documents
from thidua.documents.model import Document as DocumentModel
from thidua.documents.model import Signer as PaperSigner
from thidua.files.models import StoredFile
from thidua.lib.errors import ServiceError
from thidua.signatures import selectors, services, signing, verification
from thidua.signatures.models import AnchorKind, SignedPaper, SigningKey
from thidua.signatures.tests.conftest import PASSPHRASE, SOFTHSM_MODULE
from thidua.signatures.verification import USAGE


def _issued(unit, abstract="Về việc khen thưởng phong trào Đồng khởi"):
    model = DocumentModel(
        doc_type="QUYẾT ĐỊNH",
        issuer="ỦY BAN NHÂN DÂN XÃ MỸ THẠNH",
        place="Mỹ Thạnh",
        abstract=abstract,
        signer=PaperSigner(title_lines=["CHỦ TỊCH"], name="Phạm Thanh Diễn"),
    )
    draft = documents.document_create_draft(actor=SYSTEM, unit=unit, model=model)
    return documents.document_issue(actor=SYSTEM, document=draft, date=dt.date(2026, 4, 30))


@pytest.fixture
def trusted(tree, ca):
    services.trust_anchor_add(
        actor=SYSTEM, unit=tree.province, kind=AnchorKind.ROOT, label="", data=ca.root_der
    )
    services.trust_anchor_add(
        actor=SYSTEM,
        unit=tree.province,
        kind=AnchorKind.INTERMEDIATE,
        label="",
        data=ca.intermediate.public_bytes(Encoding.PEM),
    )
    services.trust_anchor_add(
        actor=SYSTEM, unit=tree.province, kind=AnchorKind.CRL, label="", data=ca.crl_der
    )
    return ca


def _p12_key(tree, ca, which="good"):
    return services.signing_key_add_pkcs12(
        actor=SYSTEM,
        unit=tree.commune,
        label="Khóa UBND xã",
        data=ca.signers[which].p12,
        passphrase=PASSPHRASE,
    )


def _validate_with_pyhanko(data: bytes, ca):
    from pyhanko_certvalidator import ValidationContext

    context = ValidationContext(
        trust_roots=[asn1_x509.Certificate.load(ca.root_der)],
        other_certs=[asn1_x509.Certificate.load(ca.intermediate.public_bytes(Encoding.DER))],
        allow_fetching=False,
    )
    reader = PdfFileReader(io.BytesIO(data))
    (embedded,) = reader.embedded_signatures
    return validate_pdf_signature(embedded, signer_validation_context=context, key_usage_settings=USAGE)


def test_a_signed_decision_validates_in_pyhankos_own_validator(tree, trusted):
    document = _issued(tree.commune)
    paper = services.paper_sign(
        actor=SYSTEM, document=document, key=_p12_key(tree, trusted), secret=PASSPHRASE
    )
    data = selectors.signed_bytes(paper)
    status = _validate_with_pyhanko(data, trusted)
    assert status.bottom_line and status.intact and status.valid and status.trusted
    assert status.coverage.name == "ENTIRE_FILE"
    assert paper.signer == "Phạm Thanh Diễn – UBND xã Mỹ Thạnh"
    assert paper.file.original_name == "01/QĐ-UBND.ky-so.pdf".replace("/", "_")


def test_the_signed_files_hash_is_in_the_audit_log(tree, trusted):
    document = _issued(tree.commune)
    paper = services.paper_sign(
        actor=SYSTEM, document=document, key=_p12_key(tree, trusted), secret=PASSPHRASE
    )
    entry = AuditEntry.objects.filter(verb="ký số văn bản").get()
    assert entry.after["sha256"] == paper.sha256 == paper.file.sha256


def test_an_rsa_key_signs_with_rsassa_pss(tree, trusted):
    document = _issued(tree.commune)
    paper = services.paper_sign(
        actor=SYSTEM, document=document, key=_p12_key(tree, trusted, "rsa"), secret=PASSPHRASE
    )
    status = _validate_with_pyhanko(selectors.signed_bytes(paper), trusted)
    assert status.bottom_line
    assert status.pkcs7_signature_mechanism == "rsassa_pss"


def test_a_wrong_passphrase_signs_nothing_and_keeps_nothing(tree, trusted):
    document = _issued(tree.commune)
    key = _p12_key(tree, trusted)
    files = StoredFile.objects.count()
    with pytest.raises(ServiceError) as caught:
        services.paper_sign(actor=SYSTEM, document=document, key=key, secret="sai mật khẩu")
    assert caught.value.code == "wrong_passphrase"
    assert "Mật khẩu của tệp khóa không đúng" in str(caught.value)
    assert not SignedPaper.objects.exists() and StoredFile.objects.count() == files


def test_a_wrong_passphrase_is_refused_when_the_key_is_uploaded(tree, ca):
    with pytest.raises(ServiceError) as caught:
        services.signing_key_add_pkcs12(
            actor=SYSTEM, unit=tree.commune, label="", data=ca.signers["good"].p12, passphrase="không đúng"
        )
    assert caught.value.code == "wrong_passphrase"
    assert not SigningKey.objects.exists()


@pytest.mark.parametrize(
    ("which", "code", "words"),
    [
        ("expired", "expired", "đã hết hạn"),
        ("revoked", "revoked", "đã bị thu hồi"),
        ("weak", "weak_key", "quá yếu (RSA 1024 bit)"),
    ],
)
def test_a_bad_certificate_is_refused_at_upload_with_a_clear_message(tree, trusted, which, code, words):
    with pytest.raises(ServiceError) as caught:
        _p12_key(tree, trusted, which)
    assert caught.value.code == code and words in str(caught.value)
    assert not SigningKey.objects.exists()


def test_a_certificate_revoked_after_its_upload_signs_nothing(tree, ca):
    key = _p12_key(tree, ca, "revoked")  # no CRL known yet
    services.trust_anchor_add(
        actor=SYSTEM, unit=tree.province, kind=AnchorKind.CRL, label="", data=ca.crl_der
    )
    with pytest.raises(ServiceError) as caught:
        services.paper_sign(actor=SYSTEM, document=_issued(tree.commune), key=key, secret=PASSPHRASE)
    assert caught.value.code == "revoked" and "Nguyễn Văn Thu Hồi" in str(caught.value)
    assert not SignedPaper.objects.exists()


def test_an_expired_key_signs_nothing(tree, ca, monkeypatch):
    key = _p12_key(tree, ca)
    later = ca.signers["good"].cert.not_valid_after_utc + dt.timedelta(days=1)
    monkeypatch.setattr(services.timezone, "now", lambda: later)
    with pytest.raises(ServiceError) as caught:
        services.paper_sign(actor=SYSTEM, document=_issued(tree.commune), key=key, secret=PASSPHRASE)
    assert caught.value.code == "expired"
    assert not SignedPaper.objects.exists()


def test_a_paper_is_signed_once_and_only_when_issued(tree, ca):
    key = _p12_key(tree, ca)
    draft = documents.document_create_draft(
        actor=SYSTEM, unit=tree.commune, model=DocumentModel(doc_type="QUYẾT ĐỊNH", abstract="Về việc thử")
    )
    with pytest.raises(ServiceError) as caught:
        services.paper_sign(actor=SYSTEM, document=draft, key=key, secret=PASSPHRASE)
    assert caught.value.code == "not_issued"
    document = _issued(tree.commune)
    services.paper_sign(actor=SYSTEM, document=document, key=key, secret=PASSPHRASE)
    with pytest.raises(ServiceError) as caught:
        services.paper_sign(actor=SYSTEM, document=document, key=key, secret=PASSPHRASE)
    assert caught.value.code == "already_signed"


def test_another_communes_key_cannot_sign(tree, ca):
    key = services.signing_key_add_pkcs12(
        actor=SYSTEM, unit=tree.other, label="", data=ca.signers["good"].p12, passphrase=PASSPHRASE
    )
    with pytest.raises(ServiceError):
        services.paper_sign(actor=SYSTEM, document=_issued(tree.commune), key=key, secret=PASSPHRASE)


def test_with_a_timestamp_server_the_signature_is_b_t(tree, trusted, monkeypatch):
    tsa = trusted.signer(
        "Máy chủ dấu thời gian thử",
        key=rsa.generate_private_key(65537, 2048),
        eku=[ExtendedKeyUsageOID.TIME_STAMPING],
    )
    stamper = DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(tsa.der),
        tsa_key=_asn1_key(tsa.key),
        certs_to_embed=[asn1_x509.Certificate.load(trusted.intermediate.public_bytes(Encoding.DER))],
    )
    monkeypatch.setattr(services, "timestamper", lambda: stamper)
    paper = services.paper_sign(
        actor=SYSTEM, document=_issued(tree.commune), key=_p12_key(tree, trusted), secret=PASSPHRASE
    )
    assert paper.timestamped
    report = selectors.paper_report(paper)
    assert report.signatures[0].timestamp and report.signatures[0].timestamp_time


def test_the_timestamp_server_setting_chooses_b_t(settings):
    settings.SIGNING_TIMESTAMP_URL = ""
    assert services.timestamper() is None
    settings.SIGNING_TIMESTAMP_URL = "http://tsa.example.gov.vn/tsa"
    assert services.timestamper() is not None


def _asn1_key(key):
    from asn1crypto import keys
    from cryptography.hazmat.primitives import serialization

    return keys.PrivateKeyInfo.load(
        key.private_bytes(Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )


# --- PKCS#11: a token in SoftHSM ---------------------------------------------------------------------


def test_a_token_key_signs_through_pkcs11(tree, trusted, softhsm_token, settings):
    settings.SIGNING_PKCS11_MODULES = [SOFTHSM_MODULE]
    key = services.signing_key_add_token(
        actor=SYSTEM,
        unit=tree.commune,
        label="USB token của Chủ tịch",
        module_path=softhsm_token.module,
        token_label=softhsm_token.label,
        key_label=softhsm_token.key_label,
        pin=softhsm_token.pin,
    )
    assert key.subject == "Phạm Thanh Diễn – UBND xã Mỹ Thạnh"
    assert not key.pkcs12
    paper = services.paper_sign(
        actor=SYSTEM, document=_issued(tree.commune), key=key, secret=softhsm_token.pin
    )
    status = _validate_with_pyhanko(selectors.signed_bytes(paper), trusted)
    assert status.bottom_line and status.intact and status.trusted


def test_a_wrong_pin_signs_nothing(tree, trusted, softhsm_token, settings):
    settings.SIGNING_PKCS11_MODULES = [SOFTHSM_MODULE]
    key = services.signing_key_add_token(
        actor=SYSTEM,
        unit=tree.commune,
        label="",
        module_path=softhsm_token.module,
        token_label=softhsm_token.label,
        key_label=softhsm_token.key_label,
        pin=softhsm_token.pin,
    )
    with pytest.raises(ServiceError) as caught:
        services.paper_sign(actor=SYSTEM, document=_issued(tree.commune), key=key, secret="000000")
    assert caught.value.code == "wrong_pin"
    assert not SignedPaper.objects.exists()


def test_only_an_allowed_pkcs11_module_is_loaded(tree, softhsm_token, settings):
    settings.SIGNING_PKCS11_MODULES = []
    with pytest.raises(ServiceError) as caught:
        services.signing_key_add_token(
            actor=SYSTEM,
            unit=tree.commune,
            label="",
            module_path=softhsm_token.module,
            token_label=softhsm_token.label,
            key_label=softhsm_token.key_label,
            pin=softhsm_token.pin,
        )
    assert caught.value.code == "module_not_allowed"


def test_the_pkcs11_signer_reads_the_certificate_from_the_token(softhsm_token, ca):
    with signing.open_token(
        module_path=softhsm_token.module,
        token_label=softhsm_token.label,
        pin=softhsm_token.pin,
        key_label=softhsm_token.key_label,
    ) as signer:
        assert signing.signer_certificate(signer) == ca.signers["good"].cert


# --- Who may do what -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "manage", "sign"),
    [
        (Role.ADMIN, True, True),
        (Role.OFFICER, False, False),
        (Role.LEADER, False, True),
        (Role.COUNCIL, False, False),
        (Role.REPRESENTATIVE, False, False),
        (Role.VIEWER, False, False),
    ],
)
def test_the_admin_manages_keys_and_the_leader_signs(tree, make_user, role, manage, sign):
    user = make_user(f"u-{role}", role, tree.commune)
    assert access.can(user, Action.SIGNATURE_MANAGE, tree.commune) is manage
    assert access.can(user, Action.DOCUMENT_ISSUE, tree.commune) is sign
    assert access.can(user, Action.SIGNATURE_MANAGE, tree.other) is False


def test_a_leader_may_not_upload_a_key(tree, ca, personas):
    with pytest.raises(PermissionDenied):
        services.signing_key_add_pkcs12(
            actor=personas["leader"],
            unit=tree.commune,
            label="",
            data=ca.signers["good"].p12,
            passphrase=PASSPHRASE,
        )
    with pytest.raises(Http404):
        services.signing_key_add_pkcs12(
            actor=personas["outsider"],
            unit=tree.commune,
            label="",
            data=ca.signers["good"].p12,
            passphrase=PASSPHRASE,
        )


def test_an_officer_may_not_sign(tree, ca, personas):
    key = _p12_key(tree, ca)
    with pytest.raises(PermissionDenied):
        services.paper_sign(
            actor=personas["officer"], document=_issued(tree.commune), key=key, secret=PASSPHRASE
        )


def test_only_a_top_units_admin_adds_trust_roots(tree, ca, personas):
    with pytest.raises(ServiceError):
        services.trust_anchor_add(
            actor=personas["admin"], unit=tree.commune, kind=AnchorKind.ROOT, label="", data=ca.root_der
        )
    with pytest.raises(ServiceError) as caught:
        services.trust_anchor_add(
            actor=SYSTEM, unit=tree.province, kind=AnchorKind.ROOT, label="", data=ca.signers["good"].der
        )
    assert caught.value.code == "not_a_ca"


def test_verification_names_the_signer_in_vietnamese(tree, trusted):
    paper = services.paper_sign(
        actor=SYSTEM, document=_issued(tree.commune), key=_p12_key(tree, trusted), secret=PASSPHRASE
    )
    report = verification.verify_pdf(
        selectors.signed_bytes(paper), roots=[trusted.root_der], name="Quyết định Đồng khởi.pdf"
    )
    (sig,) = report.signatures
    assert (sig.signer, sig.organisation) == ("Phạm Thanh Diễn", "UBND xã Mỹ Thạnh")
    assert sig.signing_time.endswith("+07:00")


def test_a_certificate_not_made_for_signing_is_refused(tree, ca):
    from cryptography import x509 as cx509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12

    key = ec.generate_private_key(ec.SECP256R1())
    good = ca.signers["good"].cert
    cert = (
        cx509.CertificateBuilder()
        .subject_name(good.subject)
        .issuer_name(ca.intermediate.subject)
        .public_key(key.public_key())
        .serial_number(cx509.random_serial_number())
        .not_valid_before(good.not_valid_before_utc)
        .not_valid_after(good.not_valid_after_utc)
        .add_extension(
            cx509.KeyUsage(False, False, True, False, False, False, False, False, False), critical=True
        )
        .sign(ca.intermediate_key, hashes.SHA256())
    )
    p12 = pkcs12.serialize_key_and_certificates(
        b"k", key, cert, None, serialization.BestAvailableEncryption(PASSPHRASE.encode())
    )
    with pytest.raises(ServiceError) as caught:
        services.signing_key_add_pkcs12(
            actor=SYSTEM, unit=tree.commune, label="", data=p12, passphrase=PASSPHRASE
        )
    assert caught.value.code == "key_usage"


def test_signing_and_checking_work_in_a_thread_that_runs_an_event_loop(ca):
    """A caller that runs an event loop (a test driving a browser, loading the demo) still signs
    and checks: pyHanko's own loop then runs in a thread of its own."""
    import asyncio

    from thidua.documents.render_pdf import compile_source
    from thidua.signatures import signing, verification

    pdf = compile_source('#set page(paper: "a4")\nQuyết định khen thưởng')
    key = signing.open_pkcs12(ca.signers["good"].p12, PASSPHRASE)

    async def inside_a_loop():
        signed = signing.sign_pdf(pdf, key.signer, name="Phạm Thanh Diễn")
        return verification.verify_pdf(
            signed, roots=[ca.root_der], others=[ca.intermediate.public_bytes(Encoding.DER)]
        )

    report = asyncio.run(inside_a_loop())
    assert report.signed and report.ok, report.summary
