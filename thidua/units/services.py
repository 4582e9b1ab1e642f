"""Writes to the organisation tree: a unit created under its parent, renamed, or loaded in bulk."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from thidua import access
from thidua.access import Action, Actor
from thidua.accounts.models import User
from thidua.audit import changes
from thidua.audit.services import AuditAction, audit_record_many, snapshot
from thidua.lib.errors import ServiceError
from thidua.lib.text import fold
from thidua.units.models import SEGMENT, Unit, path_segment


def _segment_number(segment: str) -> int:
    return int(segment, 36)


def next_child_numbers(parent: Unit | None) -> int:
    """The next free sibling number below parent (or at the root)."""
    qs = Unit.objects.filter(depth=0) if parent is None else Unit.objects.filter(parent=parent)
    last = qs.aggregate(m=Max("path"))["m"]
    return 0 if last is None else _segment_number(last[-SEGMENT:]) + 1


def _require_code_free(code: str | None, unit: Unit | None = None) -> None:
    if not code:
        return
    clash = Unit.objects.filter(code=code)
    if unit is not None:
        clash = clash.exclude(pk=unit.pk)
    if clash.exists():
        raise ServiceError(_("Mã này đã được dùng cho một đơn vị khác."), field="code", code="code_taken")


@transaction.atomic
def unit_create(
    *,
    actor: Actor,
    name: str,
    kind: str,
    parent: Unit | None,
    code: str | None = None,
    short_name: str = "",
    is_sample: bool = False,
) -> Unit:
    """A unit placed under its parent; a top unit (a province) only by the system or a superuser."""
    if parent is not None:
        access.require_actor(actor, Action.MANAGE_UNITS, parent)
        # Lock the parent so two units created under it at once cannot take the same path.
        parent = Unit.objects.select_for_update().get(pk=parent.pk)
    else:
        access.check_actor(actor)
        if isinstance(actor, User) and not actor.is_superuser:
            raise PermissionDenied
    _require_code_free(code)
    number = next_child_numbers(parent)
    unit = Unit(
        name=name.strip(),
        short_name=short_name.strip(),
        kind=kind,
        code=code or None,
        parent=parent,
        path=(parent.path if parent else "") + path_segment(number),
        depth=(parent.depth + 1) if parent else 0,
        search_key=fold(name),
        is_sample=is_sample,
    )
    return changes.create(unit, actor=actor)


@transaction.atomic
def unit_update(
    *, actor: Actor, unit: Unit, name: str, short_name: str = "", code: str | None = None
) -> Unit:
    access.require_actor(actor, Action.MANAGE_UNITS, unit)
    _require_code_free(code, unit)
    return changes.update(
        unit,
        actor=actor,
        name=name.strip(),
        short_name=short_name.strip(),
        code=code or None,
        search_key=fold(name),
    )


@dataclass
class UnitSpec:
    """One unit to create in bulk; parent_key refers to another spec's key or an existing unit's code."""

    key: str
    name: str
    kind: str
    parent_key: str | None
    code: str | None = None
    short_name: str = ""
    is_sample: bool = False


class _BulkPlan:
    """The units a bulk load creates and renames, worked out in memory before any write."""

    def __init__(self, specs: list[UnitSpec]):
        self.existing = {u.code: u for u in Unit.objects.filter(code__in=[s.code for s in specs if s.code])}
        self.by_key: dict[str, Unit] = {}
        self.next_number: dict[int | None, int] = {}
        self.to_create: list[Unit] = []
        self.to_update: list[Unit] = []
        self.before: dict[int, dict] = {}
        for spec in specs:
            self._add(spec)

    def _add(self, spec: UnitSpec) -> None:
        parent = self._parent(spec)
        unit = self.existing.get(spec.code) if spec.code else None
        if unit is not None:
            self._rename(unit, spec)
        else:
            unit = self._new_unit(spec, parent)
            self.to_create.append(unit)
        self.by_key[spec.key] = unit

    def _parent(self, spec: UnitSpec) -> Unit | None:
        if spec.parent_key is None:
            return None
        parent = self.by_key.get(spec.parent_key) or self.existing.get(spec.parent_key)
        if parent is None:
            parent = Unit.objects.get(code=spec.parent_key)
            self.existing[spec.parent_key] = parent
        return parent

    def _rename(self, unit: Unit, spec: UnitSpec) -> None:
        if unit.name != spec.name or unit.kind != spec.kind:
            self.before[unit.pk] = snapshot(unit)
            unit.name, unit.kind, unit.search_key = spec.name, spec.kind, fold(spec.name)
            self.to_update.append(unit)

    def _child_number(self, parent: Unit | None) -> int:
        parent_id = parent.pk if parent is not None else None
        if parent is not None and parent.pk is None:
            parent_id = id(parent)  # a parent created in this batch: count its children in memory
        if parent_id not in self.next_number:
            self.next_number[parent_id] = next_child_numbers(parent) if parent is None or parent.pk else 0
        number = self.next_number[parent_id]
        self.next_number[parent_id] = number + 1
        return number

    def _new_unit(self, spec: UnitSpec, parent: Unit | None) -> Unit:
        return Unit(
            name=spec.name,
            short_name=spec.short_name,
            kind=spec.kind,
            code=spec.code,
            parent=parent,
            path=(parent.path if parent else "") + path_segment(self._child_number(parent)),
            depth=(parent.depth + 1) if parent else 0,
            search_key=fold(spec.name),
            is_sample=spec.is_sample,
        )

    def save(self, batch_size: int) -> None:
        # Parents must have ids before their children are inserted: insert level by level.
        for depth in sorted({u.depth for u in self.to_create}):
            level = [u for u in self.to_create if u.depth == depth]
            for u in level:
                if u.parent is not None:
                    u.parent_id = u.parent.pk
            Unit.objects.bulk_create(level, batch_size=batch_size)
        if self.to_update:
            Unit.objects.bulk_update(self.to_update, ["name", "kind", "search_key"], batch_size=batch_size)

    def audit_items(self) -> list[tuple]:
        return [(u, u, None, snapshot(u)) for u in self.to_create] + [
            (u, u, self.before[u.pk], snapshot(u)) for u in self.to_update
        ]


def units_bulk_upsert(
    *, actor: Actor, specs: list[UnitSpec], audit: bool = True, batch_size: int = 2000
) -> tuple[int, int]:
    """Create the units that do not exist yet (matched by code) and rename the ones that changed.

    Specs must list parents before children. Returns (created, updated). Used by the loaders of
    official divisions and synthetic data, where thousands of units arrive at once; they are audited
    in bulk (`audit_record_many`) rather than one `changes` call per unit.
    """
    access.check_actor(actor)
    with transaction.atomic():
        plan = _BulkPlan(specs)
        plan.save(batch_size)
        if audit:
            audit_record_many(
                actor=actor, action=AuditAction.IMPORT, items=plan.audit_items(), verb="nạp danh mục đơn vị"
            )
        return len(plan.to_create), len(plan.to_update)
