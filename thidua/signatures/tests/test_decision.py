"""A leader signs a commendation decision and, with a key, its paper is signed digitally in the same
step; a refused digital signature leaves the decision unsigned."""

import datetime as dt

import pytest

from thidua.access import SYSTEM
from thidua.commendations import services as commendations
from thidua.commendations.models import Decision
from thidua.lib.errors import ServiceError
from thidua.signatures import selectors, services
from thidua.signatures.models import AnchorKind, SignedPaper
from thidua.signatures.tests.conftest import PASSPHRASE, decision_with_one_award

SIGNED_ON = dt.date(2025, 12, 22)


@pytest.fixture
def decision(tree):
    return decision_with_one_award(tree)


@pytest.fixture
def key(tree, ca):
    services.trust_anchor_add(
        actor=SYSTEM, unit=tree.province, kind=AnchorKind.ROOT, label="", data=ca.root_der
    )
    return services.signing_key_add_pkcs12(
        actor=SYSTEM, unit=tree.commune, label="", data=ca.signers["good"].p12, passphrase=PASSPHRASE
    )


def test_a_decision_signed_with_a_key_is_signed_digitally(tree, personas, decision, key):
    commendations.decision_sign(
        actor=personas["leader"], decision=decision, signed_on=SIGNED_ON, key=key, secret=PASSPHRASE
    )
    decision.refresh_from_db()
    assert decision.state == Decision.State.SIGNED
    paper = SignedPaper.objects.get(document=decision.document)
    report = selectors.paper_report(paper)
    assert report.ok and report.signatures[0].signer == "Phạm Thanh Diễn"


def test_a_wrong_passphrase_leaves_the_decision_unsigned(tree, personas, decision, key):
    with pytest.raises(ServiceError) as caught:
        commendations.decision_sign(
            actor=personas["leader"], decision=decision, signed_on=SIGNED_ON, key=key, secret="sai"
        )
    assert caught.value.code == "wrong_passphrase"
    decision.refresh_from_db()
    assert decision.state == Decision.State.DRAFT and decision.document_id is None
    assert not SignedPaper.objects.exists()


def test_without_a_key_the_decision_is_signed_as_before(tree, personas, decision, key):
    commendations.decision_sign(actor=personas["leader"], decision=decision, signed_on=SIGNED_ON)
    decision.refresh_from_db()
    assert decision.state == Decision.State.SIGNED and not SignedPaper.objects.exists()


def test_the_decision_page_offers_the_key_and_signs_with_it(client, personas, decision, key):
    from django.urls import reverse

    client.force_login(personas["leader"])
    url = reverse("commendations:decision", args=[decision.pk])
    assert "Ký số bằng khóa" in client.get(url).content.decode()
    response = client.post(
        url, {"signed_on": SIGNED_ON.isoformat(), "signer_name": "", "key": key.pk, "secret": PASSPHRASE}
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert SignedPaper.objects.filter(document=decision.document).exists()


def test_destroying_an_expired_signed_decision_discards_its_signed_copy_with_its_hash_audited(
    tree, personas, decision, key
):
    from thidua.archive.selectors import expired
    from thidua.archive.services import appraisal_record, retention_rule_set
    from thidua.audit.models import AuditEntry

    commendations.decision_sign(
        actor=personas["leader"], decision=decision, signed_on=SIGNED_ON, key=key, secret=PASSPHRASE
    )
    decision.refresh_from_db()
    paper = SignedPaper.objects.get(document=decision.document)
    # decisions are kept permanently by default; a shorter period makes this one expire by 2028
    retention_rule_set(actor=SYSTEM, unit=tree.province, doc_type="Quyết định", years=1)
    later = dt.date(SIGNED_ON.year + 3, 1, 5)
    assert [row.document for row in expired(tree.commune, later)] == [decision.document]
    appraisal_record(
        actor=personas["leader"], unit=tree.commune, reference="01/QĐ-UBND", decided_on=later,
        destroy=[decision.document], today=later,
    )  # fmt: skip
    assert not SignedPaper.objects.filter(pk=paper.pk).exists()
    gone = AuditEntry.objects.get(model="signatures.signedpaper", object_id=str(paper.pk), action="delete")
    assert gone.before["sha256"] == paper.sha256
