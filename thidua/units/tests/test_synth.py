import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from thidua.access import SYSTEM
from thidua.people.models import Person
from thidua.units.models import Unit, UnitKind
from thidua.units.synth import HAMLETS, synth


class Rollback(Exception):
    pass


def _names(seed: int) -> list[str]:
    try:
        with transaction.atomic():
            synth(communes=2, seed=seed, people_per_commune=40)
            names = list(Person.objects.order_by("id").values_list("full_name", flat=True))
            raise Rollback
    except Rollback:
        return names


@pytest.mark.django_db
def test_synthetic_data_is_deterministic_for_a_seed():
    assert _names(3) == _names(3)
    assert _names(3) != _names(4)


@pytest.mark.django_db
def test_synthetic_communes_have_hamlets_bodies_and_people():
    result = synth(communes=3, seed=9, people_per_commune=30)
    assert result.communes == 3 and result.people == 90
    commune = Unit.objects.get(code="SYN9-C1")
    assert commune.kind == UnitKind.COMMUNE and commune.is_sample
    assert Unit.objects.filter(parent=commune, kind=UnitKind.HAMLET).count() == HAMLETS
    assert Unit.objects.filter(parent=commune).count() >= 25
    assert Person.objects.in_subtree(commune).count() == 30


@pytest.mark.django_db
def test_the_same_seed_cannot_be_loaded_twice():
    call_command("synth", communes=1, seed=11, people=5)
    with pytest.raises(CommandError, match="đã có"):
        call_command("synth", communes=1, seed=11, people=5)


@pytest.mark.django_db
def test_people_added_after_synthetic_data_get_fresh_ids_and_are_searchable():
    from thidua.people.services import person_create

    synth(communes=1, seed=12, people_per_commune=20)
    hamlet = Unit.objects.get(code="SYN12-C0-H0")
    person = person_create(actor=SYSTEM, full_name="Người Mới Thêm", gender="female", unit=hamlet)
    assert person.pk > Person.objects.exclude(pk=person.pk).order_by("-pk").first().pk
    synthetic = Person.objects.filter(unit=hamlet).exclude(pk=person.pk).first()
    assert (
        synthetic is None
        or list(Person.objects.search(synthetic.full_name.split()[-1])).count(synthetic) == 1
    )
    assert list(Person.objects.search("nguoi moi")) == [person]


@pytest.mark.django_db
def test_the_years_of_a_synthetic_province_feed_its_dashboard():
    import datetime as dt

    from thidua.commendations.models import Award, Nomination
    from thidua.movements.models import CascadeStanding, Movement, ProgressReport, Target
    from thidua.movements.province import province_board
    from thidua.movements.services.standings import standings_rebuild
    from thidua.units.synth import HAMLET_TARGETS, HISTORY_INDICATORS, synth_history

    synth(communes=4, seed=21, people_per_commune=20)
    today = dt.date(2026, 12, 1)
    result = synth_history(seed=21, years=3, today=today)
    province = Unit.objects.get(code="SYN21-P0")
    assert Movement.objects.filter(unit=province).count() == 3
    assert result.movements == 3 * 5
    per_year = 4 * (HISTORY_INDICATORS + HAMLET_TARGETS[0] * HAMLET_TARGETS[1])
    assert result.targets == Target.objects.count() == 3 * per_year
    assert result.reports == ProgressReport.objects.count() > 0
    assert Nomination.objects.count() == result.nominations and Award.objects.count() == result.awards
    assert standings_rebuild(actor=SYSTEM) == 0  # the read model is already the reports'
    current = Movement.objects.get(unit=province, period_start__year=2026)
    assert CascadeStanding.objects.filter(movement=current).count() == 4
    board = province_board(current, year=2026, today=today)
    assert board.count == 4 and board.implemented == 4 and len(board.ranking) == 4
    assert len(board.overdue) == 1  # a tenth of the communes, at least one, is late with Q3
    with pytest.raises(ValueError):
        synth_history(seed=21, years=3, today=today)


@pytest.mark.django_db
def test_the_command_makes_the_years_too():
    call_command("synth", "--communes", "2", "--seed", "22", "--people", "10", "--years", "2")
    assert Unit.objects.get(code="SYN22-P0").movements.count() == 2
    with pytest.raises(CommandError):
        call_command("synth", "--communes", "2", "--seed", "23", "--years", "99")
