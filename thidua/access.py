"""Every access decision of thidua lives here.

A role is granted on a unit and holds for that unit's whole subtree. A view asks one of the
helpers below for the object it needs; the helper returns it or raises 404 (the user may not
know it exists) or 403 (they may see it but not do this to it).

Sections below are grouped by domain; each action names the roles that may perform it.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar, TypeVar, cast

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from thidua.accounts.models import Role, User
from thidua.units.models import SEGMENT, Unit, UnitKind


@dataclass(frozen=True)
class SystemActor:
    """Whoever acts when no signed-in person does: a command, a loader, the demo, or a citizen
    through a public form. The label is what the audit log shows as the actor."""

    label: str

    def __str__(self) -> str:
        return self.label


# The installation itself: commands run by the IT person, loaders, the demo.
SYSTEM = SystemActor("hệ thống")
# What a citizen sends through a public form (objection, good-deed report, survey answer).
CITIZEN = SystemActor("người dân")


@dataclass(frozen=True)
class ApiClient:
    """Another system calling the API (`/api/v1/`) with a token an admin made for a unit's subtree
    (`thidua.api`). It reads that subtree as a viewer does, and does only the actions its token
    grants (`actions`): never more than the API offers, never outside the subtree. The label is what
    the audit log shows as the actor."""

    token_id: int
    label: str
    unit_id: int
    path: str
    actions: frozenset["Action"] = field(default_factory=frozenset)
    is_superuser: ClassVar[bool] = False
    is_authenticated: ClassVar[bool] = False

    def __str__(self) -> str:
        return self.label


# Every service that writes takes one of these; anything else is refused outright.
Actor = User | SystemActor | ApiClient
# Whom a check is about: whoever is behind a request (`request.user`), or an actor of a service.
# An anonymous visitor holds no role; a SystemActor may do everything; an ApiClient what its token grants.
Someone = User | AnonymousUser | SystemActor | ApiClient

M = TypeVar("M", bound=Model)


class Action(StrEnum):
    # Foundation
    VIEW = "view"
    MANAGE_UNITS = "manage_units"
    MANAGE_PEOPLE = "manage_people"
    VIEW_AUDIT = "view_audit"
    MANAGE_ACCESS = "manage_access"
    # Movements
    MOVEMENT_EDIT = "movement_edit"
    MOVEMENT_LAUNCH = "movement_launch"
    COMMITMENT_SUBMIT = "commitment_submit"
    COMMITMENT_REVIEW = "commitment_review"
    PROGRESS_REPORT = "progress_report"
    # The roll-up of a movement over every unit right below it (a province over its communes).
    ROLLUP_VIEW = "rollup_view"
    # Documents
    DOCUMENT_EDIT = "document_edit"
    DOCUMENT_ISSUE = "document_issue"
    # Digital signatures: an organisation's signing keys and the trust roots received papers are
    # checked against. Signing an issued paper is DOCUMENT_ISSUE (who issues it signs it); checking a
    # received one is DOCUMENT_EDIT (whoever handles the unit's papers).
    SIGNATURE_MANAGE = "signature_manage"
    # The archive (thidua.archive): the officers keep the copies, the retention periods and the
    # hand-overs; only the head (or the admin acting for them) records an appraisal decision, the one
    # thing that ends a paper's keeping. Reading the list of files is DOCUMENT_EDIT.
    ARCHIVE_MANAGE = "archive_manage"
    ARCHIVE_DISPOSE = "archive_dispose"
    # Commendations
    NOMINATE = "nominate"
    NOMINATION_CHECK = "nomination_check"
    COUNCIL_MANAGE = "council_manage"
    COUNCIL_VOTE = "council_vote"
    DECISION_SIGN = "decision_sign"
    # Award history from past decisions (their lists of awardees): the commune's commendation
    # officer, and whoever records awards by signing decisions
    AWARD_HISTORY_IMPORT = "award_history_import"
    # Proposals up the chain: a commune sends its dossier for the province's awards, the province
    # (its Sở Nội vụ) receives, returns and appraises it
    PROPOSAL_SEND = "proposal_send"
    PROPOSAL_RECEIVE = "proposal_receive"
    # Good examples and publicity
    EXAMPLE_PROPOSE = "example_propose"
    EXAMPLE_REVIEW = "example_review"
    BULLETIN_MANAGE = "bulletin_manage"
    BULLETIN_ACKNOWLEDGE = "bulletin_acknowledge"
    # Satisfaction surveys
    SURVEY_MANAGE = "survey_manage"
    SURVEY_RESULTS = "survey_results"
    # Statistics forms (Circular 02/2023/TT-BNV)
    STATISTICS_VIEW = "statistics_view"
    # The API (thidua.api): tokens are made by an admin; the other two are held by tokens only
    API_TOKEN_MANAGE = "api_token_manage"
    API_READ = "api_read"
    API_REPORT_FIGURES = "api_report_figures"


_ALL = set(Role)
_STAFF = {Role.ADMIN, Role.OFFICER}

RULES: dict[Action, set[Role]] = {
    Action.VIEW: _ALL,
    Action.MANAGE_UNITS: _STAFF,
    Action.MANAGE_PEOPLE: _STAFF,
    Action.VIEW_AUDIT: _STAFF | {Role.LEADER},
    Action.MANAGE_ACCESS: {Role.ADMIN},
    Action.MOVEMENT_EDIT: _STAFF | {Role.LEADER},
    Action.MOVEMENT_LAUNCH: {Role.ADMIN, Role.LEADER},
    Action.COMMITMENT_SUBMIT: _STAFF | {Role.REPRESENTATIVE},
    Action.COMMITMENT_REVIEW: _STAFF | {Role.LEADER},
    Action.PROGRESS_REPORT: _STAFF | {Role.REPRESENTATIVE},
    Action.ROLLUP_VIEW: _STAFF | {Role.LEADER},
    Action.DOCUMENT_EDIT: _STAFF | {Role.LEADER},
    Action.DOCUMENT_ISSUE: {Role.ADMIN, Role.LEADER},
    Action.SIGNATURE_MANAGE: {Role.ADMIN},
    Action.ARCHIVE_MANAGE: _STAFF,
    Action.ARCHIVE_DISPOSE: {Role.ADMIN, Role.LEADER},
    Action.NOMINATE: _STAFF | {Role.REPRESENTATIVE},
    Action.NOMINATION_CHECK: _STAFF,
    Action.COUNCIL_MANAGE: _STAFF | {Role.LEADER},
    Action.COUNCIL_VOTE: {Role.COUNCIL, Role.LEADER},
    Action.DECISION_SIGN: {Role.ADMIN, Role.LEADER},
    Action.AWARD_HISTORY_IMPORT: _STAFF | {Role.LEADER},
    Action.PROPOSAL_SEND: _STAFF | {Role.LEADER},
    Action.PROPOSAL_RECEIVE: _STAFF,
    Action.EXAMPLE_PROPOSE: _STAFF | {Role.REPRESENTATIVE},
    Action.EXAMPLE_REVIEW: _STAFF,
    Action.BULLETIN_MANAGE: _STAFF,
    Action.BULLETIN_ACKNOWLEDGE: _STAFF | {Role.REPRESENTATIVE},
    Action.SURVEY_MANAGE: _STAFF,
    Action.SURVEY_RESULTS: _STAFF | {Role.LEADER},
    # A commune's statistics forms for its officers and leaders; a province's, and any of its
    # communes', for the province's (a grant holds for the subtree).
    Action.STATISTICS_VIEW: _STAFF | {Role.LEADER},
    Action.API_TOKEN_MANAGE: {Role.ADMIN},
    # No person's role: a signed-in person reads the pages; a token holds these (`api_client_actions`).
    Action.API_READ: set(),
    Action.API_REPORT_FIGURES: set(),
}


def api_client_actions(*, report_figures: bool) -> frozenset[Action]:
    """What a token may do in its subtree: read (as a viewer reads), and — when an admin granted it
    "report figures" — report the figures of its units' targets, as a hamlet head does."""
    actions = {Action.VIEW, Action.API_READ}
    if report_figures:
        actions |= {Action.API_REPORT_FIGURES, Action.PROGRESS_REPORT}
    return frozenset(actions)


def _grants(user: Someone) -> list[tuple[str, str, int]]:
    """(unit path, role, unit id) of every grant the user holds, read once per request."""
    if isinstance(user, ApiClient):
        # A token reads its subtree as a viewer: lists, shared work and results follow the same rules.
        return [(user.path, Role.VIEWER, user.unit_id)]
    if not getattr(user, "is_authenticated", False):
        return []
    person = cast(User, user)
    cached: list[tuple[str, str, int]] | None = getattr(person, "_thidua_grants", None)
    if cached is None:
        cached = list(person.grants.values_list("unit__path", "role", "unit_id"))
        person._thidua_grants = cached  # type: ignore[attr-defined]  # a cache for this request only
    return cached


def roles_on(user: Someone, unit: Unit) -> set[Role]:
    """Roles the user holds on the unit, directly or through an ancestor."""
    if getattr(user, "is_superuser", False):
        return {Role.ADMIN}
    return {Role(role) for path, role, _id in _grants(user) if unit.path.startswith(path)}


def can(user: Someone, action: Action, unit: Unit) -> bool:
    if isinstance(user, ApiClient):
        return action in user.actions and unit.path.startswith(user.path)
    if isinstance(user, SystemActor) or getattr(user, "is_superuser", False):
        return True
    return bool(roles_on(user, unit) & RULES[action])


def require(user: Someone, action: Action, unit: Unit) -> None:
    """404 when the user may not even see the unit's records, 403 when they may see but not act."""
    if can(user, action, unit):
        return
    if not can(user, Action.VIEW, unit):
        raise Http404
    raise PermissionDenied


def require_actor(actor: Actor, action: Action, unit: Unit) -> None:
    """The check at the top of every service that writes: a person must hold a role allowing the
    action on the unit; the installation acting for itself (`SystemActor`) is trusted. Anything
    else — None, a string, an anonymous visitor — is a programming error and is refused."""
    require(check_actor(actor), action, unit)


def check_actor(actor: Actor) -> Actor:
    """For services that need no role (a citizen's form, a person's own account): still only a
    real user or a named system actor may write."""
    if isinstance(actor, SystemActor | ApiClient) or (isinstance(actor, User) and actor.is_authenticated):
        return actor
    raise TypeError(f"a service needs a User or a SystemActor as its actor, not {actor!r}")


def user_of(actor: Actor) -> User | None:
    """The person behind an actor, for fields that name who did something (None for the system)."""
    checked = check_actor(actor)
    return checked if isinstance(checked, User) else None


def has_role_within(user: Someone, unit: Unit, roles: Iterable[Role] | None = None) -> bool:
    """True when the user holds a role on the unit or on any unit below it.

    A hamlet head works on the commune's movement though their grant is on the hamlet.
    """
    if getattr(user, "is_superuser", False):
        return True
    wanted = set(roles) if roles is not None else _ALL
    return any(path.startswith(unit.path) and Role(role) in wanted for path, role, _id in _grants(user))


def scope_q(user: Someone, field: str = "unit", *, include_ancestors: bool = False) -> Q | None:
    """A filter for records whose unit (`field`) lies in a subtree the user holds a role on.

    None means no restriction (superuser). With include_ancestors, records of the units above the
    user's grants pass too: a hamlet head takes part in the commune's movement. Lists use this;
    single objects go through `get_for`.
    """
    if getattr(user, "is_superuser", False):
        return None
    prefix = f"{field}__" if field else ""
    paths = {path for path, _role, _id in _grants(user)}
    query = Q(pk__in=[])
    for path in _minimal_prefixes(paths):
        query |= Q(**{f"{prefix}path__startswith": path})
    if include_ancestors:
        above = {path[:i] for path in paths for i in range(SEGMENT, len(path), SEGMENT)}
        if above:
            query |= Q(**{f"{prefix}path__in": sorted(above)})
    return query


def filter_visible(
    user: Someone, queryset: QuerySet[M], field: str = "unit", *, include_ancestors: bool = False
) -> QuerySet[M]:
    query = scope_q(user, field, include_ancestors=include_ancestors)
    return queryset if query is None else queryset.filter(query)


def can_see_shared(user: Someone, unit: Unit) -> bool:
    """Work a unit shares with the units above and below it (a movement, a plan): seen by whoever
    holds a role on the unit, above it, or anywhere below it — a hamlet head sees the commune's
    movement they take part in, a commune officer the province's movement they implement."""
    return can(user, Action.VIEW, unit) or has_role_within(user, unit)


def require_shared(user: Someone, action: Action | None, unit: Unit, act_on: Unit | None = None) -> None:
    """404 when the shared work of `unit` is hidden from the user; with an action, 403 when they may
    see it but may not perform the action on `act_on` (by default the unit itself)."""
    if not can_see_shared(user, unit):
        raise Http404
    if action is not None and not can(user, action, act_on or unit):
        raise PermissionDenied


def result_paths(user: Someone, unit: Unit, *, published: bool = False) -> list[str] | None:
    """Whose results of shared work on `unit` (a movement's figures, ranking, plans below) the user
    may read row by row: None for every unit's — a role on the unit or above it, or results the
    unit has published — else the paths of the subtrees of the user's own grants. A commune's users
    do not see a sibling commune's rows on a province movement; the movement's totals are not rows."""
    if published or can(user, Action.VIEW, unit):
        return None
    return _minimal_prefixes({path for path, _role, _id in _grants(user)})


def within_paths(path: str, paths: list[str] | None) -> bool:
    """True when the unit at `path` lies in one of the subtrees `paths` (None: everywhere)."""
    return paths is None or any(path.startswith(prefix) for prefix in paths)


def allowed_q(user: Someone, action: Action, field: str = "unit") -> Q | None:
    """A filter for records whose unit (`field`) lies where the user may perform `action`: the
    subtrees of the grants whose role allows it, read in one query where `can` on each unit would
    take one call per unit. None means no restriction (superuser, the system)."""
    if isinstance(user, SystemActor) or getattr(user, "is_superuser", False):
        return None
    prefix = f"{field}__" if field else ""
    if isinstance(user, ApiClient):
        paths = {user.path} if action in user.actions else set()
    else:
        paths = {path for path, role, _id in _grants(user) if Role(role) in RULES[action]}
    query = Q(pk__in=[])
    for path in _minimal_prefixes(paths):
        query |= Q(**{f"{prefix}path__startswith": path})
    return query


def visible_units(user: Someone) -> QuerySet[Unit]:
    """Units whose records the user may see: the subtrees of their grants."""
    return filter_visible(user, Unit.objects.all(), field="")


def home_units(user: Someone) -> list[Unit]:
    """The units the user was granted roles on, topmost first (their starting points)."""
    if getattr(user, "is_superuser", False):
        return list(Unit.objects.filter(parent__isnull=True)[:20])
    if isinstance(user, ApiClient):
        return list(Unit.objects.filter(id=user.unit_id))
    grants = _grants(user)
    if not grants:
        return []
    # Read once per request, like the grants they come from: the menu, the page and its
    # selectors each ask.
    cached: tuple[list[tuple[str, str, int]], list[Unit]] | None = getattr(user, "_thidua_homes", None)
    if cached is None or cached[0] is not grants:
        ids = {unit_id for _path, _role, unit_id in grants}
        cached = (grants, list(Unit.objects.filter(id__in=ids).order_by("depth", "name")))
        user._thidua_homes = cached  # type: ignore[union-attr]  # a cache for this request only
    return list(cached[1])


def home_unit_for(user: Someone, action: Action, kind: str) -> Unit | None:
    """The user's first own unit of `kind` where they may do `action`, or None."""
    return next((u for u in home_units(user) if u.kind == kind and can(user, action, u)), None)


def _minimal_prefixes(paths: set[str]) -> list[str]:
    result: list[str] = []
    for path in sorted(paths):
        if not any(path.startswith(p) for p in result):
            result.append(path)
    return result


def _own_unit(obj: Any) -> Unit:
    return obj.unit


def get_for(
    user: Someone,
    queryset: QuerySet[M] | type[M],
    action: Action,
    unit_of: Callable[[M], Unit] = _own_unit,
    **lookup: Any,
) -> M:
    """Fetch one object and check the action on the unit it belongs to.

    Every detail view starts here. The object's unit must be loaded by `queryset`
    (select_related) so the check costs no extra query.
    """
    obj = _fetch(queryset, lookup)
    require(user, action, unit_of(obj))
    return obj


def get_shared(
    user: Someone,
    queryset: QuerySet[M] | type[M],
    action: Action | None,
    unit_of: Callable[[M], Unit] = _own_unit,
    **lookup: Any,
) -> M:
    """`get_for` for work a unit shares with the units above and below it (a movement and its
    records): 404 when it is hidden from the user, 403 when they see it but may not act."""
    obj = _fetch(queryset, lookup)
    require_shared(user, action, unit_of(obj))
    return obj


def _fetch(queryset: QuerySet[M] | type[M], lookup: dict[str, Any]) -> M:
    qs = queryset._default_manager.all() if isinstance(queryset, type) else queryset
    try:
        return qs.get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def get_statistics_unit(user: Someone, pk: Any) -> Unit:
    """A commune or province whose statistics forms the user opens: 404 for a unit they cannot see
    (another commune, another province) or that makes no forms, 403 for a role that may see the
    unit but not its statistics (a viewer, a council member, a hamlet's representative)."""
    unit = get_unit(user, pk)
    if unit.kind not in (UnitKind.COMMUNE, UnitKind.PROVINCE):
        raise Http404
    require(user, Action.STATISTICS_VIEW, unit)
    return unit


def get_unit(user: Someone, pk: Any, action: Action = Action.VIEW) -> Unit:
    return get_for(user, Unit.objects.all(), action, unit_of=lambda unit: unit, pk=pk)


def get_unit_or_home(user: Someone, pk: Any, action: Action = Action.VIEW) -> Unit:
    """The unit a page was asked for (`?unit=`), checked as `get_unit` does; without one, the
    user's first home unit where they may do `action` (404 when there is none)."""
    if pk:
        return get_unit(user, pk, action)
    for unit in home_units(user):
        if can(user, action, unit):
            return unit
    raise Http404


def get_readable(
    user: Someone,
    queryset: QuerySet[M] | type[M],
    shared: Callable[[M], bool],
    unit_of: Callable[[M], Unit] = _own_unit,
    **lookup: Any,
) -> M:
    """Read one record of a unit: seen by whoever may view the unit, and — when `shared(obj)` says
    the record belongs to shared work (a movement's plan or report) — by whoever takes part in it,
    as `get_shared` allows. 404 otherwise."""
    obj = _fetch(queryset, lookup)
    unit = unit_of(obj)
    if can(user, Action.VIEW, unit) or (can_see_shared(user, unit) and shared(obj)):
        return obj
    raise Http404


def get_owned(
    user: Someone,
    queryset: QuerySet[M] | type[M],
    action_of: Callable[[M], Action],
    unit_of: Callable[[M], Unit] = _own_unit,
    **lookup: Any,
) -> M:
    """A record one person made for themselves (a background job and its file): theirs while they
    may still do its action on its unit, and the unit's staff's (admin, officer) who may do it too;
    404 to everyone else, so a job's existence is not revealed."""
    obj = _fetch(queryset, lookup)
    unit, action = unit_of(obj), action_of(obj)
    if can(user, action, unit):
        owner_id = getattr(obj, "owner_id", None)
        is_owner = owner_id is not None and owner_id == getattr(user, "pk", None)
        if is_owner or getattr(user, "is_superuser", False) or roles_on(user, unit) & _STAFF:
            return obj
    raise Http404


def get_mine(user: Someone, queryset: QuerySet[M] | type[M], owner: str = "owner", **lookup: Any) -> M:
    """A record that is one person's alone (a notification): theirs, 404 to everyone else — an
    admin included, since nobody acts on another's messages."""
    if not getattr(user, "is_authenticated", False) or isinstance(user, ApiClient):
        raise Http404
    return _fetch(queryset, {**lookup, f"{owner}_id": getattr(user, "pk", None)})


# --- Personal data: least sight (Law 91/2025/QH15) ------------------------------------------------
# A person's phone number is for the staff who work with them (admin, officer); the discipline,
# inspection and complaint facts the eligibility rules read are for the officer and the leader, and for
# a council member only while the nomination is on the agenda of a session of a council they sit on.
# Everyone else — a hamlet head, a viewer, the public — sees a person's name, unit and award.

CONTACT_ROLES = frozenset(_STAFF)
CONDUCT_ROLES = frozenset(_STAFF | {Role.LEADER})


def holds_on_path(user: Someone, path: str, roles: frozenset[Role]) -> bool:
    """True when the user holds one of `roles` on the unit at `path` (or above it)."""
    if isinstance(user, SystemActor) or getattr(user, "is_superuser", False):
        return True
    return any(path.startswith(p) and Role(role) in roles for p, role, _id in _grants(user))


def can_see_contact_on(user: Someone, unit: Unit | None) -> bool:
    """Contacts kept on a unit's records (a person's phone, an objection's or a report's sender)."""
    return unit is not None and holds_on_path(user, unit.path, CONTACT_ROLES)


def can_see_contact(user: Someone, person: Any) -> bool:
    """A person's phone number: the admin and officers of the unit the person belongs to."""
    return can_see_contact_on(user, person.unit)


def can_see_conduct_on(user: Someone, unit: Unit | None) -> bool:
    """Discipline, inspection and complaint facts kept on a unit's records, outside any agenda."""
    return unit is not None and holds_on_path(user, unit.path, CONDUCT_ROLES)


def council_seats(user: Someone) -> set[int]:
    """The councils (unit ids) the user sits on as an active member, read once per request."""
    if not getattr(user, "is_authenticated", False) or isinstance(user, SystemActor):
        return set()
    person = cast(User, user)
    cached: set[int] | None = getattr(person, "_thidua_seats", None)
    if cached is None:
        cached = set(person.council_seats.filter(active=True).values_list("council_id", flat=True))
        person._thidua_seats = cached  # type: ignore[attr-defined]  # a cache for this request only
    return cached


def can_see_conduct(user: Someone, nomination: Any) -> bool:
    """The recipient's discipline, inspection and complaint facts on a nomination: the commune's
    admin, officer and leader; a council member only for a nomination on the agenda of a session of
    a council they sit on. The nomination's session should be loaded (select_related)."""
    if can_see_conduct_on(user, nomination.commune):
        return True
    session = nomination.session if nomination.session_id else None
    return session is not None and session.council_id in council_seats(user)


# The data map (privacy:datamap) describes the installation, not one unit's records: it is for the
# admins and officers of any unit, who answer a citizen's or the data-protection officer's questions.
DATA_MAP_ROLES = frozenset(_STAFF)


def can_read_data_map(user: Someone) -> bool:
    if isinstance(user, SystemActor) or getattr(user, "is_superuser", False):
        return True
    return any(Role(role) in DATA_MAP_ROLES for _path, role, _id in _grants(user))
