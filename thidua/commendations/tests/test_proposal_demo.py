"""The demo has one proposal from Mỹ Thạnh waiting at the province, seen by the province's officer
and not by the other communes."""

import pytest
from django.urls import reverse

from thidua.commendations.models import Proposal, ProposalState
from thidua.demo import load_demo

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def ctx(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            context = load_demo()
            yield context
            transaction.set_rollback(True)


def test_one_proposal_of_my_thanh_waits_at_the_province(ctx, client):
    proposal = Proposal.objects.get()
    assert proposal.commune == ctx.commune and proposal.province == ctx.province
    assert proposal.state == ProposalState.SUBMITTED and proposal.is_sample
    assert proposal.nominations.count() == 2 and proposal.submission_document and proposal.minutes_file
    client.force_login(ctx.users["tinh_canbo"])
    page = client.get(reverse("commendations:proposal", args=[proposal.pk])).content.decode()
    assert "Tiếp nhận (hồ sơ đủ)" in page
    client.force_login(ctx.users["canbo2"])
    assert client.get(reverse("commendations:proposal", args=[proposal.pk])).status_code == 404
