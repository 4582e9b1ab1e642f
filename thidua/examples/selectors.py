"""Reads of the examples app."""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from thidua import access
from thidua.access import Action
from thidua.examples.models import NAMES_NO_PERSON, Bulletin, Consent, Delivery, Example, ExampleState
from thidua.movements.models import Movement, MovementState
from thidua.people.models import Person
from thidua.units.models import SEGMENT, Unit, UnitKind

EXAMPLE_QS = Example.objects.select_related("unit", "person", "collective", "movement")


def examples_for(user, *, state: str = "", query: str = "") -> QuerySet[Example]:
    qs = access.filter_visible(user, EXAMPLE_QS)
    if state:
        qs = qs.filter(state=state)
    if query:
        qs = qs.filter(Q(title__icontains=query) | Q(story__icontains=query))
    return qs.order_by("-created_at", "-id")


def public_examples() -> QuerySet[Example]:
    """Published examples a citizen may see: one that names a person only while their consent is in
    force. A withdrawal also unpublishes the example; this filter covers examples published before
    consents existed or changed behind the services."""
    consents = Consent.objects.filter(example=OuterRef("pk"))
    # An example that once had a consent named someone, even if its person link is gone since.
    names_no_one = NAMES_NO_PERSON & ~Exists(consents)
    return (
        EXAMPLE_QS.filter(state=ExampleState.PUBLISHED)
        .filter(names_no_one | Exists(consents.filter(withdrawn_at__isnull=True)))
        .order_by("-published_at", "-id")
    )


def consents_of(example: Example) -> QuerySet[Consent]:
    return example.consents.select_related("recorded_by", "withdrawn_by", "scan")


def units_for(user, action: Action) -> QuerySet[Unit]:
    """Units on which the user may perform the action (small: a commune has a few dozen units)."""
    visible = list(access.visible_units(user).order_by("path")[:500])
    ids = [u.pk for u in visible if access.can(user, action, u)]
    return Unit.objects.filter(id__in=ids).order_by("path")


def people_for(user) -> QuerySet[Person]:
    return access.filter_visible(user, Person.objects.select_related("unit")).order_by("full_name")


def movements_within(units) -> QuerySet[Movement]:
    """Running movements of the given units or the units above them (a hamlet joins the commune's)."""
    paths = {u.path for u in units}
    query = Q(pk__in=[])
    for path in paths:
        query |= Q(unit__path__startswith=path) | Q(unit__path__in=_ancestors(path))
    return (
        Movement.objects.filter(query, state__in=[MovementState.LAUNCHED, MovementState.RUNNING])
        .select_related("unit")
        .order_by("-period_start")
    )


def _ancestors(path: str) -> list[str]:
    return [path[:i] for i in range(SEGMENT, len(path), SEGMENT)]


def communes_for(user, action: Action) -> QuerySet[Unit]:
    return units_for(user, action).filter(kind=UnitKind.COMMUNE)


def bulletins_for(user) -> QuerySet[Bulletin]:
    return (
        access.filter_visible(user, Bulletin.objects.select_related("unit"))
        .annotate(
            n_sent=Count("deliveries"),
            n_ack=Count("deliveries", filter=Q(deliveries__acknowledged_at__isnull=False)),
        )
        .order_by("-week_start", "-id")
    )


def deliveries_received(user) -> QuerySet[Delivery]:
    """Bulletins sent to the hamlets the user heads, the newest first, read or not: a hamlet head's
    own list of bulletins (the commune's list is the staff's)."""
    return access.filter_visible(
        user, Delivery.objects.select_related("bulletin", "hamlet"), field="hamlet"
    ).order_by("-sent_at", "-id")


def deliveries_waiting(user) -> QuerySet[Delivery]:
    """Bulletins sent to the hamlets the user heads and not yet acknowledged."""
    return (
        access.filter_visible(user, Delivery.objects.select_related("bulletin", "hamlet"), field="hamlet")
        .filter(acknowledged_at__isnull=True)
        .order_by("-sent_at")
    )


def commune_of(unit: Unit) -> Unit:
    """The commune a unit belongs to (itself when it is one): where an example may be replicated."""
    if unit.kind == UnitKind.COMMUNE or unit.parent is None:
        return unit
    return commune_of(unit.parent)


def adopter_units(example: Example) -> QuerySet[Unit]:
    """Units of the example's commune that have not replicated it yet."""
    return (
        Unit.objects.subtree(commune_of(example.unit))
        .exclude(id__in=example.adoptions.values("unit_id"))
        .order_by("path")
    )
