"""The province's awards in the catalogue, and the commune deciding only its own."""

import pytest

from thidua.commendations import rules
from thidua.commendations.forms import NominationForm
from thidua.commendations.models import AwardLevel, AwardType
from thidua.commendations.services import nomination_create
from thidua.commendations.tests.conftest import make_person
from thidua.lib.errors import ServiceError

pytestmark = pytest.mark.django_db

PROVINCE_CODES = {"bk-tinh-canhan", "bk-tinh-tapthe", "bk-tinh-ho", "cstd-tinh", "ttldxs", "co-tinh"}


def test_the_catalogue_ships_the_province_awards_with_their_level():
    province = set(AwardType.objects.filter(level=AwardLevel.PROVINCE).values_list("code", flat=True))
    assert province == PROVINCE_CODES
    assert AwardType.objects.get(code="ldtt").level == AwardLevel.COMMUNE
    assert str(AwardType.objects.get(code="cstd-tinh").coefficient) == "3.000"
    assert str(AwardType.objects.get(code="co-tinh").coefficient) == "8.000"
    kinds = dict(AwardType.objects.filter(code__startswith="bk-tinh").values_list("code", "recipient_kind"))
    assert kinds == {
        "bk-tinh-canhan": "individual",
        "bk-tinh-tapthe": "collective",
        "bk-tinh-ho": "household",
    }
    assert all(a.dossier_parts for a in AwardType.objects.filter(level=AwardLevel.PROVINCE))
    # Loading again changes nothing.
    assert rules.catalogue_load() == 0


def test_the_commune_form_does_not_offer_province_awards():
    form = NominationForm(
        units=AwardType.objects.none(),
        people=AwardType.objects.none(),
        collectives=AwardType.objects.none(),
        households=AwardType.objects.none(),
        movements=AwardType.objects.none(),
        periods=AwardType.objects.none(),
    )
    offered = set(form.fields["award_type"].queryset.values_list("code", flat=True))
    assert "ldtt" in offered and not offered & PROVINCE_CODES


def test_a_commune_cannot_decide_a_province_award(tree, personas):
    person = make_person(tree.hamlet, "Đặng Văn Đức")
    with pytest.raises(ServiceError) as refused:
        nomination_create(
            actor=personas["officer"],
            unit=tree.commune,
            award_type=AwardType.objects.get(code="cstd-tinh"),
            year=2025,
            achievement="Thành tích",
            person=person,
        )
    assert refused.value.code == "award_not_commune"
    assert refused.value.field == "award_type"
