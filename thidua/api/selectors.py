"""Reads of the API. Every list is a token's view of its unit's subtree through `thidua.access`
(`filter_visible`, `visible_units`), ordered by id so that pages are stable; each row is turned into
the plain dict its schema (`schemas.py`) describes, with the related rows read in the same query."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Count, Q, QuerySet, TextChoices
from django.utils import timezone

from thidua import access
from thidua.access import Someone
from thidua.api.models import ApiToken
from thidua.api.schemas import EXPORT_FORMAT
from thidua.commendations.models import Award, Decision, Nomination, NominationState
from thidua.lib.codes import code_candidates, group_code
from thidua.movements import completion
from thidua.movements.models import STANDING_SCALE, Movement, MovementState, ProgressReport, Target
from thidua.movements.selectors import visible_movements
from thidua.people.models import Household, Person
from thidua.units.models import Unit, UnitKind


def _label(choices: type[TextChoices], value: str) -> str:
    """A state's or kind's label: Django's get_FOO_display makes the whole list of choices hashable
    at every call, which cost more than everything else in a page of 50 rows."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


# --- units and people -----------------------------------------------------------------------


def units(client: Someone, *, parent: int | None = None, kind: str | None = None) -> QuerySet[Unit]:
    qs = access.visible_units(client).order_by("id")
    if parent is not None:
        qs = qs.filter(parent_id=parent)
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def unit_row(unit: Unit) -> dict[str, Any]:
    return {
        "id": unit.pk,
        "name": unit.name,
        "short_name": unit.short_name,
        "kind": unit.kind,
        "kind_label": _label(UnitKind, unit.kind),
        "code": unit.code,
        "parent_id": unit.parent_id,
        "depth": unit.depth,
    }


def people(client: Someone, *, unit: int | None = None) -> QuerySet[Person]:
    # Only the shown fields are read: the others never leave the database.
    qs = access.filter_visible(client, Person.objects.all(), "unit").only(
        "id", "full_name", "gender", "position", "category", "unit_id"
    )
    if unit is not None:
        qs = qs.filter(unit_id=unit)
    return qs.order_by("id")


def person_row(person: Person) -> dict[str, Any]:
    return {
        "id": person.pk,
        "full_name": person.full_name,
        "gender": person.gender,
        "position": person.position,
        "category": person.category,
        "unit_id": person.unit_id,
    }


# --- movements, targets, figures ----------------------------------------------------------------


_MOVEMENT_FIELDS = (
    "id",
    "name",
    "unit_id",
    "kind",
    "state",
    "plan_number",
    "plan_date",
    "period_start",
    "period_end",
    "parent_id",
)


def movements(client: Someone, *, state: str | None = None) -> QuerySet[Movement]:
    """The movements the token's units run or take part in, as the app shows them to a viewer of
    those units (`movements.selectors.visible_movements`): the units' own and the ones above them."""
    # A plan's long texts (bases, purposes, content) are not in the row: never read, never decoded.
    qs = visible_movements(client).only(*_MOVEMENT_FIELDS, "unit__path").order_by("id")
    if state:
        qs = qs.filter(state=state)
    return qs


def movement_row(movement: Movement) -> dict[str, Any]:
    return {
        "id": movement.pk,
        "name": movement.name,
        "unit_id": movement.unit_id,
        "kind": movement.kind,
        "state": movement.state,
        "state_label": _label(MovementState, movement.state),
        "plan_number": movement.plan_number,
        "plan_date": movement.plan_date,
        "period_start": movement.period_start,
        "period_end": movement.period_end,
        "parent_id": movement.parent_id,
    }


def movement_detail(movement: Movement) -> dict[str, Any]:
    periods = movement.periods.order_by("end", "id")
    return {
        **movement_row(movement),
        "periods": [
            {
                "id": p.pk,
                "name": p.name,
                "kind": p.kind,
                "start": p.start,
                "end": p.end,
                "due": p.due,
                "state": p.state,
            }
            for p in periods
        ],
    }


def targets(
    client: Someone, *, movement: int | None = None, year: int | None = None, unit: int | None = None
) -> QuerySet[Target]:
    """Targets of the token's own units (a commune's token never reads a sibling commune's rows of a
    province movement), with where each stands (the dashboard's read model)."""
    qs = access.filter_visible(
        client,
        # The standing's levels per period are the chart's, not the row's.
        Target.objects.select_related("indicator", "standing").defer(
            "standing__levels", "standing__reported_in"
        ),
        "unit",
    )
    if movement is not None:
        qs = qs.filter(movement_id=movement)
    if year is not None:
        qs = qs.filter(year=year)
    if unit is not None:
        qs = qs.filter(unit_id=unit)
    return qs.order_by("id")


def target_row(target: Target) -> dict[str, Any]:
    standing = getattr(target, "standing", None)
    row: dict[str, Any] = {
        "id": target.pk,
        "movement_id": target.movement_id,
        "unit_id": target.unit_id,
        "year": target.year,
        "indicator_id": target.indicator_id,
        "indicator": target.indicator.name,
        "measure": target.indicator.measure,
        "direction": target.indicator.direction,
        "value": target.value,
        "baseline": target.baseline,
        "latest_value": None,
        "latest_period_id": None,
        "completion_pct": None,
        "met": False,
    }
    if standing is not None and standing.value is not None:
        row |= {
            "latest_value": standing.value,
            "latest_period_id": standing.period_id,
            "completion_pct": completion.as_percent(Decimal(standing.capped) / STANDING_SCALE),
            "met": bool(standing.met),
        }
    return row


def figures(
    client: Someone,
    *,
    movement: int | None = None,
    period: int | None = None,
    unit: int | None = None,
    target: int | None = None,
) -> QuerySet[ProgressReport]:
    qs = access.filter_visible(client, ProgressReport.objects.select_related("target"), "target__unit").defer(
        "evidence", "reported_by"
    )
    if movement is not None:
        qs = qs.filter(target__movement_id=movement)
    if period is not None:
        qs = qs.filter(period_id=period)
    if unit is not None:
        qs = qs.filter(target__unit_id=unit)
    if target is not None:
        qs = qs.filter(target_id=target)
    return qs.order_by("id")


def figure_row(report: ProgressReport) -> dict[str, Any]:
    return {
        "id": report.pk,
        "target_id": report.target_id,
        "period_id": report.period_id,
        "unit_id": report.target.unit_id,
        "value": report.value,
        "as_of": report.as_of,
        "note": report.note,
        "reported_at": report.reported_at,
    }


# --- nominations, awards, decisions -------------------------------------------------------------


def _either(client: Someone, *fields: str) -> Q | None:
    """Records whose unit under any of `fields` lies in the token's subtree (None: no restriction)."""
    query = Q(pk__in=[])
    for field in fields:
        part = access.scope_q(client, field)
        if part is None:
            return None
        query |= part
    return query


def _scoped(client: Someone, qs: QuerySet, *fields: str) -> QuerySet:
    query = _either(client, *fields)
    return qs if query is None else qs.filter(query)


def nominations(
    client: Someone, *, year: int | None = None, state: str | None = None
) -> QuerySet[Nomination]:
    """Nominations made by the token's units or within its commune: their states, never their dossier
    (achievement text, the eligibility checks)."""
    qs = _scoped(
        client,
        Nomination.objects.select_related("award_type").only(
            "id",
            "year",
            "commune_id",
            "unit_id",
            "award_type__code",
            "award_type__name",
            "recipient_kind",
            "recipient_name",
            "state",
            "movement_id",
            "updated_at",
        ),
        "unit",
        "commune",
    )
    if year is not None:
        qs = qs.filter(year=year)
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("id")


def nomination_row(n: Nomination) -> dict[str, Any]:
    return {
        "id": n.pk,
        "year": n.year,
        "commune_id": n.commune_id,
        "unit_id": n.unit_id,
        "award_type": n.award_type.code,
        "award_name": n.award_type.name,
        "recipient_kind": n.recipient_kind,
        "recipient_name": n.recipient_name,
        "state": n.state,
        "state_label": _label(NominationState, n.state),
        "movement_id": n.movement_id,
        "updated_at": n.updated_at,
    }


_AWARD_DEFERRED = (
    "award_type__criteria",
    "award_type__dossier_parts",
    "award_type__rules",
    "decision__rules_snapshot",
    "annul_reason",
)


def awards(client: Someone, *, year: int | None = None, state: str | None = None) -> QuerySet[Award]:
    """Awards granted by the token's units or to their people and collectives: those of a signed
    decision or recorded from before, in force or annulled (`state`; None: both). An annulled award
    shows the day and the decision that annulled it, as the public verification does; never the
    reason, which the data map keeps for the staff and leaders.

    The scope is written for each database as it reads it fastest (`python -m bench api`, 100
    communes): PostgreSQL walked a province's awards for a commune's page through four outer joins
    compared by path (p95 70 ms), and answers in 28–50 ms from id subqueries; SQLite rebuilt the
    subquery of a province's people for every page (p95 108 ms) and answers in 40 ms through the joins."""
    qs = (
        Award.objects.select_related("award_type", "decision")
        # The catalogue's criteria and rules, the decision's rules: long JSON no row shows.
        .defer(*_AWARD_DEFERRED)
        .filter(Q(decision__isnull=True) | Q(decision__state=Decision.State.SIGNED))
    )
    if state is not None:
        qs = qs.filter(annulled=state == "annulled")
    if connection.vendor != "postgresql":
        qs = _scoped(client, qs, "commune", "person__unit", "collective", "household__hamlet")
    elif (scope := access.scope_q(client, "")) is not None:
        units = Unit.objects.filter(scope).values("id")
        qs = qs.filter(
            Q(commune_id__in=units)
            | Q(collective_id__in=units)
            | Q(person_id__in=Person.objects.filter(unit_id__in=units).values("id"))
            | Q(household_id__in=Household.objects.filter(hamlet_id__in=units).values("id"))
        )
    if year is not None:
        qs = qs.filter(year=year)
    return qs.order_by("id")


def award_row(a: Award) -> dict[str, Any]:
    decision = a.decision
    return {
        "id": a.pk,
        "year": a.year,
        "award_type": a.award_type.code,
        "award_name": a.award_type.name,
        "level": getattr(a.award_type, "level", "commune"),
        "recipient_kind": a.recipient_kind,
        "recipient_name": a.recipient_name,
        "person_id": a.person_id,
        "collective_id": a.collective_id,
        "commune_id": a.commune_id,
        "decision_id": a.decision_id,
        "decision_number": decision.number_label if decision else "",
        "decision_date": decision.signed_on if decision else None,
        "external_ref": a.external_ref,
        "verify_code": group_code(a.verify_code),
        **_annulment(a),
    }


def _annulment(a: Award) -> dict[str, Any]:
    """What the public verification shows of an annulment: the day and the annulling decision."""
    return {
        "state": "annulled" if a.annulled else "in_force",
        "annulled_on": a.annulled_on if a.annulled else None,
        "annul_decision": a.annul_decision if a.annulled else "",
    }


def decisions(client: Someone, *, year: int | None = None) -> QuerySet[Decision]:
    """Signed decisions of the token's units (drafts are the staff's work in progress)."""
    qs = access.filter_visible(
        client, Decision.objects.filter(state=Decision.State.SIGNED), "commune"
    ).annotate(awards_count=Count("awards"))
    if year is not None:
        qs = qs.filter(year=year)
    return qs.order_by("id")


def decision_row(d: Decision) -> dict[str, Any]:
    return {
        "id": d.pk,
        "commune_id": d.commune_id,
        "title": d.title,
        "year": d.year,
        "number_label": d.number_label,
        "signed_on": d.signed_on,
        "signer_name": d.signer_name,
        "total_amount": d.total_amount,
        "awards_count": getattr(d, "awards_count", 0),
    }


# --- certificates (public) ----------------------------------------------------------------------


def certificate(code: str) -> dict[str, Any] | None:
    """What the public verification page (`/v/<code>/`) shows of the certificate with this code: the
    same lookup (typed in any case, with spaces or hyphens; a signed decision only)."""
    award = (
        Award.objects.select_related("award_type", "decision", "commune")
        .filter(verify_code__in=code_candidates(code), decision__state=Decision.State.SIGNED)
        .first()
    )
    if award is None:
        return None
    decision = award.decision
    return {
        "valid": not award.annulled,
        "annulled": award.annulled,
        "annulled_on": award.annulled_on if award.annulled else None,
        "annul_decision": award.annul_decision if award.annulled else "",
        "recipient_name": award.recipient_name,
        "paper": str(award.award_type.paper_name),
        "award_name": award.award_type.name,
        "year": award.year,
        "decision_number": decision.number_label if decision else "",
        "decision_date": decision.signed_on if decision else None,
        "issuer": f"Ủy ban nhân dân {award.commune.name}",
        "verify_code": group_code(award.verify_code),
    }


# --- the awards export --------------------------------------------------------------------------


def _export_unit(unit: Unit) -> dict[str, Any]:
    return {"id": unit.pk, "name": unit.name, "code": unit.code, "kind": unit.kind}


def awards_export(
    client: Someone, *, unit: Unit, year: int, now: dt.datetime | None = None
) -> dict[str, Any]:
    """A year's awards of the client's subtree, in force and annulled, as one document
    (`schemas.AwardsExport`): the adapter point for the national commendation database until its
    interface is published. A year without awards is an empty list, not an error."""
    rows = (
        awards(client, year=year)
        .select_related("decision__commune", "commune", "person__unit", "collective")
        .order_by("id")
    )
    items = []
    for a in rows:
        person = a.person
        recipient: dict[str, Any] = {"kind": a.recipient_kind, "name": a.recipient_name}
        if person is not None:
            recipient |= {
                "person_id": person.pk,
                "gender": person.gender,
                "position": person.position,
                "unit": _export_unit(person.unit) if person.unit_id else None,
            }
        elif a.collective is not None:
            recipient["unit"] = _export_unit(a.collective)
        decision = a.decision
        items.append(
            {
                "id": a.pk,
                "year": a.year,
                "award_type": a.award_type.code,
                "award_name": a.award_type.name,
                "level": getattr(a.award_type, "level", "commune"),
                "is_title": a.award_type.is_title,
                "recipient": recipient,
                "decision": {
                    "id": decision.pk if decision else None,
                    "number": decision.number_label if decision else a.external_ref,
                    "signed_on": decision.signed_on if decision else None,
                    "signer_name": decision.signer_name if decision else "",
                    "issuer": _export_unit(decision.commune if decision else a.commune),
                },
                "verify_code": group_code(a.verify_code),
                **_annulment(a),
            }
        )
    return {
        "format": EXPORT_FORMAT,
        "year": year,
        "unit": _export_unit(unit),
        "generated_at": now or timezone.now(),
        "count": len(items),
        "awards": items,
    }


# --- tokens (the admin's page) ------------------------------------------------------------------


def tokens_within(unit: Unit) -> QuerySet[ApiToken]:
    """Every token of `unit` and of the units below it, newest first: what its admin manages."""
    return (
        ApiToken.objects.filter(unit__path__startswith=unit.path)
        .select_related("unit", "created_by")
        .order_by("-created_at", "-id")
    )


def token_units(unit: Unit) -> QuerySet[Unit]:
    """The units a token can be made for on `unit`'s page: the unit itself and those right below it
    (a hamlet's or a body's token from the commune's page); deeper units from their own page."""
    return Unit.objects.filter(Q(pk=unit.pk) | Q(parent=unit)).order_by("depth", "name")
