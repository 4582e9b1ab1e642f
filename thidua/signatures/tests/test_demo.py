"""The demo's signed decision opens with its signature valid in pyHanko's own validator, trusted
through the demo's made-up root."""

import io

import pytest
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from thidua.commendations.models import Decision
from thidua.demo import load_demo
from thidua.signatures import selectors
from thidua.signatures.models import AnchorKind, SignedPaper, TrustAnchor
from thidua.signatures.verification import USAGE

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def ctx(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            context = load_demo()
            yield context
            transaction.set_rollback(True)


def test_the_demos_signed_decision_is_valid_in_pyhankos_validator(ctx):
    decision = Decision.objects.filter(state=Decision.State.SIGNED, commune=ctx.commune).first()
    paper = SignedPaper.objects.get(document=decision.document)
    root = TrustAnchor.objects.get(kind=AnchorKind.ROOT)
    context = ValidationContext(
        trust_roots=[asn1_x509.Certificate.load(bytes(root.der))], allow_fetching=False
    )
    (embedded,) = PdfFileReader(io.BytesIO(selectors.signed_bytes(paper))).embedded_signatures
    status = validate_pdf_signature(embedded, signer_validation_context=context, key_usage_settings=USAGE)
    assert status.bottom_line and status.intact and status.trusted
    assert embedded.signer_cert.subject.native["common_name"] == ctx.users["chutich"].full_name


def test_every_paper_the_demo_issued_has_its_pdfa_copy_beside_the_signed_original(ctx):
    from thidua.archive.models import ArchiveCopy
    from thidua.documents.models import Document

    issued = Document.objects.filter(number__isnull=False)
    assert issued.exists()
    assert ArchiveCopy.objects.filter(document__in=issued).count() == issued.count()
    decision = Decision.objects.filter(state=Decision.State.SIGNED, commune=ctx.commune).first()
    copy = ArchiveCopy.objects.get(document=decision.document)
    assert (
        copy.standard == "PDF/A-2b"
        and copy.sha256 != SignedPaper.objects.get(document=decision.document).sha256
    )
