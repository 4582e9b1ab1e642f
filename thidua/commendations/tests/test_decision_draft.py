"""A draft decision shows the money it will carry, from the same rules as signing."""

import pytest
from django.urls import reverse
from django.utils import timezone

from thidua.commendations import services
from thidua.commendations.models import Award, Decision
from thidua.lib.vn import format_money

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(tree, award):
    decision = Decision.objects.create(commune=tree.commune, title="Về việc khen thưởng năm 2025", year=2025)
    common = {"year": 2025, "commune": tree.commune, "decision": decision}
    Award.objects.create(
        award_type=award("ldtt"), recipient_kind="individual", recipient_name="Nguyễn Văn An", **common
    )
    Award.objects.create(
        award_type=award("gk-tapthe"), recipient_kind="collective", recipient_name="Ấp Mỹ Hòa", **common
    )
    return decision


def test_a_draft_decision_shows_the_money_it_will_carry(client, personas, draft):
    base, computed = services.compute_amounts(draft, timezone.localdate())
    total = sum(a.amount for a in computed["awards"])
    assert total > 0
    client.force_login(personas["officer"])
    page = client.get(reverse("commendations:decision", args=[draft.pk])).content.decode()
    assert format_money(base) in page and format_money(total) in page
    for award in computed["awards"]:
        assert format_money(award.amount) in page
    draft.refresh_from_db()
    assert draft.total_amount == 0 and not Award.objects.filter(decision=draft, amount__gt=0).exists()
