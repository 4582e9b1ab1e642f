"""The demo loads this app's records: published examples on the portal, a broadcast bulletin."""

import pytest

from thidua.accounts.models import User
from thidua.demo import load_demo
from thidua.examples.models import Bulletin, Example, ExampleState
from thidua.surveys.models import Survey, SurveyState

pytestmark = pytest.mark.django_db


def test_demo_has_examples_a_broadcast_bulletin_and_an_open_survey(client):
    load_demo()
    assert Example.objects.filter(state=ExampleState.PUBLISHED, is_sample=True).count() >= 3
    assert Example.objects.filter(source="citizen", state=ExampleState.PROPOSED).exists()
    bulletin = Bulletin.objects.get()
    assert bulletin.state == "broadcast" and bulletin.deliveries.count() == 6
    assert bulletin.deliveries.filter(acknowledged_at__isnull=False).count() == 1
    survey = Survey.objects.get()
    assert survey.state == SurveyState.OPEN and survey.responses.count() == 40
    body = client.get("/").content.decode()
    assert "Tuyến đường hoa kiểu mẫu" in body and survey.title in body
    # The published good deed names a person of the hamlet, who agreed: it is on the portal too.
    named = Example.objects.get(state=ExampleState.PUBLISHED, person__isnull=False)
    assert named.consents.filter(withdrawn_at__isnull=True).exists() and named.title in body
    # The head of Ấp Mỹ Hòa is asked to read the bulletin on their home page.
    client.force_login(User.objects.get(username="truongap"))
    assert bulletin.title in client.get("/").content.decode()
