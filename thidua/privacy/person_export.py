"""Everything thidua holds about one person, as one JSON-safe dict (a person's request for access,
Law 91/2025/QH15): their record, household, memberships, account, the eligibility facts, their
nominations, awards, good examples, what citizens objected about them, the forms they sent
themselves where they can be told apart, who was shown their sensitive fields, and the audit entries
about all of it. The web page, the PDF and `thidua personal-data` read this one dict.

What belongs to someone else stays out: the other members of the household, an objector's name and
contact, the recipient of a household award the person does not head, the reporter of a good example
about them (also in its audit entries). A form a citizen sent (an objection, a good-deed report)
names its sender only by the name and contact typed in; it counts as the person's only when both the
name (diacritics and case ignored) and the phone number match, since a name alone may be another
person's.
"""

import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import Q
from django.utils import timezone

from thidua.accounts.models import RoleGrant, User
from thidua.audit.models import AuditEntry
from thidua.commendations.models import Award, Discipline, Initiative, Nomination, Objection, TaskRating
from thidua.examples.models import Example, ExampleSource
from thidua.lib.text import fold
from thidua.movements.models import Participation
from thidua.people.models import Person
from thidua.privacy.models import SensitiveRead

FORMAT = "thidua-personal-data/1"


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _unit(unit: Any) -> dict[str, Any] | None:
    return {"id": unit.pk, "name": unit.name} if unit is not None else None


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text or "")


def _person(person: Person) -> dict[str, Any]:
    return {
        "id": person.pk,
        "full_name": person.full_name,
        "gender": person.get_gender_display(),
        "birth_year": person.birth_year,
        "position": person.position,
        "category": person.get_category_display(),
        "unit": _unit(person.unit),
        "phone": person.phone,
        "note": person.note,
        "created_at": _iso(person.created_at),
        "updated_at": _iso(person.updated_at),
    }


def _household(person: Person) -> dict[str, Any] | None:
    household = person.household
    if household is None:
        return None
    return {
        "id": household.pk,
        "hamlet": _unit(household.hamlet),
        "address": household.address,
        "is_head": household.head_id == person.pk,
    }


def _accounts(person: Person) -> list[dict[str, Any]]:
    rows = []
    for user in User.objects.filter(person=person).order_by("id"):
        grants = RoleGrant.objects.filter(user=user).select_related("unit").order_by("id")
        rows.append(
            {
                "username": user.username,
                "full_name": user.full_name,
                "email": user.email,
                "is_active": user.is_active,
                "date_joined": _iso(user.date_joined),
                "last_login": _iso(user.last_login),
                "roles": [
                    {"role": g.get_role_display(), "unit": _unit(g.unit), "title": g.title} for g in grants
                ],
            }
        )
    return rows


def _facts(person: Person) -> dict[str, list[dict[str, Any]]]:
    """The facts the eligibility rules read: task ratings, initiatives, discipline and pending cases."""
    return {
        "task_ratings": [
            {"year": r.year, "level": r.get_level_display()}
            for r in TaskRating.objects.filter(person=person).order_by("year")
        ],
        "initiatives": [
            {
                "title": i.title,
                "year": i.year,
                "recognised_on": _iso(i.recognised_on),
                "recognised_by": i.recognised_by,
            }
            for i in Initiative.objects.filter(person=person).order_by("year", "id")
        ],
        "disciplines": [
            {
                "kind": d.get_kind_display(),
                "severity": d.get_severity_display(),
                "year": d.year,
                "pending": d.pending,
                "note": d.note,
            }
            for d in Discipline.objects.filter(person=person).order_by("year", "id")
        ],
    }


def _nominations(nominations: Iterable[Nomination]) -> list[dict[str, Any]]:
    return [
        {
            "id": n.pk,
            "year": n.year,
            "award_type": str(n.award_type),
            "unit": _unit(n.unit),
            "movement": str(n.movement) if n.movement_id else None,
            "state": n.get_state_display(),
            "recipient_name": n.recipient_name,
            "achievement": n.achievement,
            "return_reason": n.return_reason,
            "evidence": [str(e) for e in n.evidence.all()],
        }
        for n in nominations
    ]


def _awards(awards: Iterable[Award]) -> list[dict[str, Any]]:
    rows = []
    for a in awards:
        decision = a.decision
        rows.append(
            {
                "id": a.pk,
                "year": a.year,
                "award_type": str(a.award_type),
                "recipient_name": a.recipient_name,
                "decision": (
                    {
                        "number": decision.number_label,
                        "signed_on": _iso(decision.signed_on),
                        "state": decision.get_state_display(),
                    }
                    if decision is not None
                    else None
                ),
                "external_ref": a.external_ref,
                "amount": a.amount,
                "annulled": a.annulled,
                "annul_reason": a.annul_reason,
            }
        )
    return rows


def _examples(examples: Iterable[Example]) -> list[dict[str, Any]]:
    return [
        {
            "id": e.pk,
            "title": e.title,
            "story": e.story,
            "kind": e.get_kind_display(),
            "state": e.get_state_display(),
            "published_at": _iso(e.published_at),
            "consents": [
                {
                    "given_by": c.given_by,
                    "given_on": _iso(c.given_on),
                    "method": c.get_method_display(),
                    "withdrawn_on": _iso(c.withdrawn_on),
                }
                for c in e.consents.all()
            ],
        }
        for e in examples
    ]


def _sent_by(person: Person) -> dict[str, list[dict[str, Any]]]:
    """Objections and good-deed reports whose sender's name and phone are the person's. The typed
    contact may be spaced or dotted, so it is compared digit by digit (a rare request: a scan)."""
    phone = _digits(person.phone)
    if not phone:
        return {"objections": [], "reports": []}
    name = fold(person.full_name)
    objections = [
        {"id": o.pk, "created_at": _iso(o.created_at), "name": o.name, "contact": o.contact, "text": o.text,
         "state": o.get_state_display(), "resolution": o.resolution}
        for o in Objection.objects.order_by("id").iterator()
        if _digits(o.contact) == phone and fold(o.name) == name
    ]  # fmt: skip
    reports = [
        {"id": e.pk, "created_at": _iso(e.created_at), "name": e.reporter_name, "contact": e.reporter_contact,
         "title": e.title, "story": e.story, "state": e.get_state_display()}
        for e in Example.objects.filter(source=ExampleSource.CITIZEN).order_by("id").iterator()
        if _digits(e.reporter_contact) == phone and fold(e.reporter_name) == name
    ]  # fmt: skip
    return {"objections": objections, "reports": reports}


def _objections_about(nomination_ids: list[int]) -> list[dict[str, Any]]:
    """What citizens objected about the person's nominations; the objector's name and contact are
    the objector's own data and stay out."""
    return [
        {"nomination": o.nomination_id, "created_at": _iso(o.created_at), "text": o.text,
         "state": o.get_state_display(), "resolution": o.resolution}
        for o in Objection.objects.filter(nomination_id__in=nomination_ids).order_by("id")
    ]  # fmt: skip


def _reads(person: Person) -> list[dict[str, Any]]:
    return [
        {"read_at": _iso(r.read_at), "reader": r.reader_label, "kind": r.get_kind_display(), "place": r.place}
        for r in SensitiveRead.objects.filter(person=person).order_by("read_at", "id")
    ]


def audit_about(person: Person, records: Mapping[str, Iterable[int]]) -> Q:
    """The audit entries about the person and about their own records (`records`: model label → ids)."""
    query = Q(model="people.person", object_id=str(person.pk))
    for label, ids in records.items():
        keys = [str(pk) for pk in ids]
        if keys:
            query |= Q(model=label, object_id__in=keys)
    return query


# Values in the audit entries of the person's records that are someone else's: a good example's
# reporter (a citizen) and the rate limit's key of their address.
OTHERS = {"examples.example": frozenset({"reporter_name", "reporter_contact", "client_key"})}
OTHERS_MARK = "(dữ liệu của người khác)"


def _mask(model: str, values: Any) -> Any:
    others = OTHERS.get(model)
    if not others or not isinstance(values, dict):
        return values
    return {k: OTHERS_MARK if k in others and v not in ("", None) else v for k, v in values.items()}


def _audit(entries: Iterable[AuditEntry]) -> list[dict[str, Any]]:
    return [
        {
            "id": e.pk,
            "created_at": _iso(e.created_at),
            "actor": e.actor_label,
            "action": e.get_action_display(),
            "verb": e.verb,
            "model": e.model,
            "object_id": e.object_id,
            "object_repr": e.object_repr,
            "before": _mask(e.model, e.before),
            "after": _mask(e.model, e.after),
        }
        for e in entries
    ]


def own_records(person: Person) -> dict[str, list[int]]:
    """The ids of the records that are the person's own, by model label (for their audit entries)."""
    ids = {
        "people.membership": person.memberships.values_list("id", flat=True),
        "commendations.nomination": Nomination.objects.filter(person=person).values_list("id", flat=True),
        "commendations.award": Award.objects.filter(person=person).values_list("id", flat=True),
        "commendations.taskrating": TaskRating.objects.filter(person=person).values_list("id", flat=True),
        "commendations.initiative": Initiative.objects.filter(person=person).values_list("id", flat=True),
        "commendations.discipline": Discipline.objects.filter(person=person).values_list("id", flat=True),
        "movements.participation": Participation.objects.filter(person=person).values_list("id", flat=True),
        "examples.example": Example.objects.filter(person=person).values_list("id", flat=True),
    }
    return {label: list(qs) for label, qs in ids.items()}


def person_data(person: Person) -> dict[str, Any]:
    """Everything held about the person, JSON-safe, in a fixed order."""
    nominations = list(
        Nomination.objects.filter(person=person)
        .select_related("award_type", "unit", "movement")
        .prefetch_related("evidence__file")
        .order_by("year", "id")
    )
    awards = (
        Award.objects.filter(person=person).select_related("award_type", "decision").order_by("year", "id")
    )
    if person.household is not None and person.household.head_id == person.pk:
        awards = awards | Award.objects.filter(household=person.household).select_related(
            "award_type", "decision"
        )
    examples = Example.objects.filter(person=person).prefetch_related("consents").order_by("id")
    records = own_records(person)
    audit = AuditEntry.objects.filter(audit_about(person, records)).order_by("id")
    return {
        "format": FORMAT,
        "generated_at": _iso(timezone.now()),
        "person": _person(person),
        "household": _household(person),
        "memberships": [
            {"unit": _unit(m.unit), "title": m.title}
            for m in person.memberships.select_related("unit").order_by("id")
        ],
        "accounts": _accounts(person),
        "movements": [
            {"movement": str(p.movement), "joined_on": _iso(p.joined_on)}
            for p in Participation.objects.filter(person=person).select_related("movement").order_by("id")
        ],
        **_facts(person),
        "nominations": _nominations(nominations),
        "awards": _awards(awards.order_by("year", "id")),
        "examples": _examples(examples),
        "objections_about": _objections_about([n.pk for n in nominations]),
        "sent": _sent_by(person),
        "sensitive_reads": _reads(person),
        "audit": _audit(audit),
    }
