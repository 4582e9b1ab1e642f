"""Writes to people and households."""

from django.db import transaction

from thidua.audit.services import AuditAction, audit_record, snapshot
from thidua.lib.text import fold
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


@transaction.atomic
def person_create(
    *, actor, full_name: str, gender: str, unit: Unit, is_sample: bool = False, **fields
) -> Person:
    person = Person(full_name=full_name.strip(), gender=gender, unit=unit, is_sample=is_sample, **fields)
    person.search_key = fold(person.full_name)
    person.full_clean()
    person.save()
    PersonNameKey.objects.bulk_create(name_keys_for([person]))
    audit_record(actor=actor, action=AuditAction.CREATE, instance=person, unit=unit, after=snapshot(person))
    return person


@transaction.atomic
def person_update(*, actor, person: Person, **changes) -> Person:
    unknown = set(changes) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"unknown person fields: {sorted(unknown)}")
    before = snapshot(person)
    before_key = person.search_key
    for name, value in changes.items():
        setattr(person, name, value.strip() if isinstance(value, str) else value)
    person.search_key = fold(person.full_name)
    person.full_clean()
    person.save()
    if person.search_key != before_key:
        person.name_keys.all().delete()
        PersonNameKey.objects.bulk_create(name_keys_for([person]))
    after = snapshot(person)
    if after != before:
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=person,
            unit=person.unit,
            before=before,
            after=after,
        )
    return person


@transaction.atomic
def person_delete(*, actor, person: Person) -> None:
    before = snapshot(person)
    unit = person.unit
    audit_record(actor=actor, action=AuditAction.DELETE, instance=person, unit=unit, before=before)
    person.delete()


@transaction.atomic
def membership_add(*, actor, person: Person, unit: Unit, title: str = "") -> Membership:
    membership, created = Membership.objects.get_or_create(
        person=person, unit=unit, defaults={"title": title}
    )
    if created:
        audit_record(
            actor=actor, action=AuditAction.CREATE, instance=membership, unit=unit, after=snapshot(membership)
        )
    return membership


@transaction.atomic
def household_create(
    *, actor, head: Person | None, hamlet: Unit, address: str = "", is_sample: bool = False
) -> Household:
    household = Household.objects.create(head=head, hamlet=hamlet, address=address, is_sample=is_sample)
    if head is not None and head.household_id != household.pk:
        head.household = household
        head.save(update_fields=["household"])
    audit_record(
        actor=actor, action=AuditAction.CREATE, instance=household, unit=hamlet, after=snapshot(household)
    )
    return household
