"""A refused withdrawal or issue shows the document's page again with what was typed."""

import datetime as dt

import pytest
from django.urls import reverse

from thidua.access import SYSTEM
from thidua.documents import services
from thidua.documents.models import Document, DocumentState
from thidua.documents.tests.test_views import draft  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def test_a_withdrawal_reason_too_long_comes_back_as_typed(client, personas, draft):  # noqa: F811
    issued = services.document_issue(actor=SYSTEM, document=draft, date=dt.date(2025, 3, 13))
    client.force_login(personas["leader"])
    reason = "Ban hành nhầm đối tượng, cần sửa danh sách đơn vị tham gia. " * 6  # over 300 characters
    response = client.post(reverse("documents:withdraw", args=[issued.pk]), {"reason": reason})
    assert response.status_code == 200 and "Cần ghi lý do thu hồi." in response.content.decode()
    assert reason.strip() in " ".join(response.content.decode().split())
    assert Document.objects.get(pk=issued.pk).state == DocumentState.ISSUED


def test_an_issue_date_refused_comes_back_as_typed(client, personas, draft):  # noqa: F811
    client.force_login(personas["leader"])
    response = client.post(reverse("documents:issue", args=[draft.pk]), {"date": "2025-02-30"})
    assert response.status_code == 200 and 'value="2025-02-30"' in response.content.decode()
    assert Document.objects.get(pk=draft.pk).state == DocumentState.DRAFT
