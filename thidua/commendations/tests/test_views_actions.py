"""The permission matrix of the pages that only take a POST: evidence upload, drafting a decision
from a notice, resolving an objection, annulling an award. Refused roles change nothing; a refused
form people type into (a resolution, an annulment) comes back with what they typed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thidua.commendations import services
from thidua.commendations.models import Award, Decision, Evidence, Objection
from thidua.commendations.tests.test_views import ALL, world  # noqa: F401  (the shared fixture)

pytestmark = pytest.mark.django_db


def _matrix(client, personas, url, data, allowed, *, hamlet_level=False, allowed_status=302):
    """POST as every role: allowed → redirect (or `allowed_status`: 200 where a refused form is
    shown again with what was typed); the outsider, and the hamlet representative on a
    commune-level record, → 404; everyone else of the commune → 403."""
    outcomes = {}
    for role in ALL + ["outsider"]:
        client.force_login(personas[role])
        payload = data() if callable(data) else data
        outcomes[role] = client.post(url, payload).status_code
    expected = {}
    for role in ALL + ["outsider"]:
        if role in allowed:
            expected[role] = allowed_status
        elif role == "outsider" or (role == "representative" and not hamlet_level):
            expected[role] = 404
        else:
            expected[role] = 403
    assert outcomes == expected
    client.logout()
    response = client.post(url, data() if callable(data) else data)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def _pdf():
    return {
        "file": SimpleUploadedFile("minh-chung.pdf", b"%PDF-1.4 minh chung", content_type="application/pdf"),
        "description": "Ảnh công trình",
    }


def test_evidence_upload_matrix(client, world, personas):  # noqa: F811
    url = reverse("commendations:evidence", args=[world.draft.pk])
    _matrix(client, personas, url, _pdf, ["admin", "officer", "representative"], hamlet_level=True)
    assert Evidence.objects.filter(nomination=world.draft).count() == 3


def test_decision_new_matrix(client, world, personas):  # noqa: F811
    url = reverse("commendations:decision_new", args=[world.notice.pk])
    before = Decision.objects.count()
    # Every nominee of the notice is already decided: allowed roles are told so and sent back.
    _matrix(client, personas, url, {}, ["admin", "officer", "leader"])
    assert Decision.objects.count() == before


def test_objection_resolve_matrix(client, world, personas):  # noqa: F811
    objection = services.objection_submit(
        notice=world.notice,
        name="Người dân",
        contact="0909",
        text="Xin xem lại",
        ip="10.0.0.1",
        today=world.notice.starts_on,
    )
    url = reverse("commendations:objection_resolve", args=[objection.pk])
    # A refused form is shown again with what was typed (200), not redirected.
    _matrix(
        client, personas, url, {"state": "bogus", "resolution": ""}, ["admin", "officer"], allowed_status=200
    )
    objection.refresh_from_db()
    assert objection.state == Objection.State.OPEN
    client.force_login(personas["officer"])
    client.post(url, {"state": "dismissed", "resolution": "Đã xác minh, không có cơ sở."})
    objection.refresh_from_db()
    assert objection.state == Objection.State.DISMISSED and objection.resolved_by == personas["officer"]


def test_annul_matrix(client, world, personas):  # noqa: F811
    url = reverse("commendations:annul", args=[world.award.pk])
    _matrix(client, personas, url, {}, ["admin", "leader"], allowed_status=200)
    assert not Award.objects.get(pk=world.award.pk).annulled
    client.force_login(personas["leader"])
    client.post(
        url, {"reason": "Khai man thành tích", "annul_decision": "09/QĐ-UBND", "annulled_on": "2026-03-01"}
    )
    award = Award.objects.get(pk=world.award.pk)
    assert award.annulled and award.recover_amount == award.amount
