"""Writes to people, their memberships and households. Every one checks the actor and is audited."""

from collections.abc import Sequence

from django.db import transaction

from thidua import access
from thidua.access import Action, Actor
from thidua.audit import changes
from thidua.lib.text import clean_text, fold
from thidua.people.models import Household, Membership, Person, PersonNameKey, name_keys_for
from thidua.units.models import Unit

PERSON_FIELDS = (
    "full_name",
    "gender",
    "birth_year",
    "position",
    "category",
    "unit",
    "household",
    "phone",
    "note",
)


def _index_name(person: Person) -> None:
    """Rebuild the search keys of the person's name (one row per word, for typing part of a name)."""
    person.name_keys.all().delete()
    PersonNameKey.objects.bulk_create(name_keys_for([person]))


@transaction.atomic
def person_create(
    *, actor: Actor, full_name: str, gender: str, unit: Unit, is_sample: bool = False, **fields
) -> Person:
    access.require_actor(actor, Action.MANAGE_PEOPLE, unit)
    person = Person(
        full_name=clean_text(full_name).strip(), gender=gender, unit=unit, is_sample=is_sample, **fields
    )
    person.search_key = fold(person.full_name)
    person.full_clean()
    changes.create(person, actor=actor)
    PersonNameKey.objects.bulk_create(name_keys_for([person]))
    return person


@transaction.atomic
def person_update(*, actor: Actor, person: Person, **fields) -> Person:
    """Change the person's fields; moving them to another unit needs the right on both units."""
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"unknown person fields: {sorted(unknown)}")
    access.require_actor(actor, Action.MANAGE_PEOPLE, person.unit)
    if fields.get("unit") is not None and fields["unit"] != person.unit:
        access.require_actor(actor, Action.MANAGE_PEOPLE, fields["unit"])
    old_key = person.search_key
    with changes.tracked(person, actor=actor):
        for name, value in fields.items():
            setattr(person, name, clean_text(value).strip() if isinstance(value, str) else value)
        person.search_key = fold(person.full_name)
        person.full_clean()
    if person.search_key != old_key:
        _index_name(person)
    return person


@transaction.atomic
def membership_add(*, actor: Actor, person: Person, unit: Unit, title: str = "") -> Membership:
    """Make the person a member of the unit (an organisation, a body); adding twice changes nothing."""
    access.require_actor(actor, Action.MANAGE_PEOPLE, unit)
    membership = Membership.objects.filter(person=person, unit=unit).first()
    if membership is None:
        membership = changes.create(Membership(person=person, unit=unit, title=title), actor=actor, unit=unit)
    return membership


@transaction.atomic
def household_create(
    *,
    actor: Actor,
    head: Person | None,
    hamlet: Unit,
    members: Sequence[Person] = (),
    address: str = "",
    is_sample: bool = False,
) -> Household:
    """A household of the hamlet; its head and the other members are linked to it, each audited."""
    access.require_actor(actor, Action.MANAGE_PEOPLE, hamlet)
    household = changes.create(
        Household(head=head, hamlet=hamlet, address=address, is_sample=is_sample), actor=actor, unit=hamlet
    )
    for person in (head, *members):
        if person is not None and person.household_id != household.pk:
            person_update(actor=actor, person=person, household=household)
    return household
