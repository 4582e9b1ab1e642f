"""The one audited way a service changes a record: create it, change its fields, move its state,
delete it. Each helper saves and appends the audit entry (with before and after) in the caller's
transaction; a service never writes its own before/after snapshot.

    changes.create(Movement(...), actor=actor, unit=unit)
    changes.update(movement, actor=actor, name="…")                 # audited only if something changed
    changes.transition(nomination, actor=actor, to=S.CHECKED, allowed=(S.SUBMITTED,), verb="kiểm tra")
    changes.delete(target, actor=actor)
    with changes.tracked(session, actor=actor, verb="…"):            # for a change made in several steps
        ...

The unit of the entry defaults to `instance.unit` (the record's own unit), which is what the audit
page filters by; pass `unit=` where the record has none of its own.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar, cast

from django.db import models, transaction
from django.utils.translation import gettext as _

from thidua.access import Actor, check_actor
from thidua.audit.models import AuditAction
from thidua.audit.services import audit_record, snapshot
from thidua.lib import lengths
from thidua.lib.errors import ServiceError
from thidua.units.models import Unit

M = TypeVar("M", bound=models.Model)

# Fields never worth an audit line: secrets and derived search keys.
_ALWAYS_EXCLUDED = ("password",)


def _unit_of(instance: models.Model, unit: Unit | None) -> Unit | None:
    if unit is not None:
        return unit
    if isinstance(instance, Unit):
        return instance
    return getattr(instance, "unit", None)


def _require_transaction(what: str, actor: Actor) -> None:
    """Before anything is saved: a known actor, inside the service's transaction."""
    check_actor(actor)
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(f"changes.{what} must run inside the service's transaction")


def create(
    instance: M,
    *,
    actor: Actor,
    unit: Unit | None = None,
    verb: str = "",
    action: str = AuditAction.CREATE,
    exclude: tuple[str, ...] = (),
) -> M:
    """Save a new record and audit it."""
    _require_transaction("create", actor)
    lengths.check_lengths(instance)
    instance.save()
    audit_record(
        actor=actor,
        action=action,
        instance=instance,
        unit=_unit_of(instance, unit),
        after=snapshot(instance, exclude=exclude + _ALWAYS_EXCLUDED),
        verb=verb,
    )
    return instance


def update(
    instance: M,
    *,
    actor: Actor,
    unit: Unit | None = None,
    verb: str = "",
    action: str = AuditAction.UPDATE,
    exclude: tuple[str, ...] = (),
    **fields: Any,
) -> M:
    """Set `fields` on the record, save it, and audit before/after — only when something changed."""
    with tracked(instance, actor=actor, unit=unit, verb=verb, action=action, exclude=exclude):
        for name, value in fields.items():
            setattr(instance, name, value)
    return instance


def transition(
    instance: M,
    *,
    actor: Actor,
    to: str,
    allowed: tuple[str, ...],
    verb: str,
    noun: str = "",
    unit: Unit | None = None,
    exclude: tuple[str, ...] = (),
    **fields: Any,
) -> M:
    """Move `instance.state` to `to` if it is now one of `allowed`, set `fields`, save and audit.

    An illegal move is refused with a message naming the record (`noun`, e.g. "đề nghị", by
    default the model's verbose name), its current state and the one asked for.
    """
    state_field = cast(models.Field, instance._meta.get_field("state"))
    current = instance.state  # type: ignore[attr-defined]
    if current not in allowed:
        labels = dict(state_field.flatchoices)
        raise ServiceError(
            _("Không thể chuyển %(noun)s từ trạng thái “%(state)s” sang “%(to)s”.")
            % {
                "noun": noun or instance._meta.verbose_name,
                "state": labels.get(current, current),
                "to": labels.get(to, to),
            },
            code="illegal_transition",
        )
    with tracked(instance, actor=actor, unit=unit, verb=verb, action=AuditAction.TRANSITION, exclude=exclude):
        instance.state = to  # type: ignore[attr-defined]
        for name, value in fields.items():
            setattr(instance, name, value)
    return instance


def delete(
    instance: models.Model,
    *,
    actor: Actor,
    unit: Unit | None = None,
    verb: str = "",
    action: str = AuditAction.DELETE,
    exclude: tuple[str, ...] = (),
) -> None:
    """Audit the record as it was, then delete it."""
    _require_transaction("delete", actor)
    audit_record(
        actor=actor,
        action=action,
        instance=instance,
        unit=_unit_of(instance, unit),
        before=snapshot(instance, exclude=exclude + _ALWAYS_EXCLUDED),
        verb=verb,
    )
    instance.delete()


@contextmanager
def tracked(
    instance: M,
    *,
    actor: Actor,
    unit: Unit | None = None,
    verb: str = "",
    action: str = AuditAction.UPDATE,
    exclude: tuple[str, ...] = (),
    save: bool = True,
) -> Iterator[M]:
    """Snapshot the record, let the caller change it, save it and audit the difference.

    For a change made in several steps (a session closed with its tally, a decision signed with
    its number). Nothing is audited when nothing changed; with `save=False` the caller has saved.
    """
    _require_transaction("tracked", actor)
    skip = exclude + _ALWAYS_EXCLUDED
    before = snapshot(instance, exclude=skip)
    yield instance
    lengths.check_lengths(instance)
    if save:
        instance.save()
    after = snapshot(instance, exclude=skip)
    if after != before or action == AuditAction.TRANSITION:
        audit_record(
            actor=actor,
            action=action,
            instance=instance,
            unit=_unit_of(instance, unit),
            before=before,
            after=after,
            verb=verb,
        )


def purge(
    queryset: models.QuerySet,
    *,
    actor: Actor,
    verb: str,
    unit: Unit | None = None,
    values: dict[str, Any] | None = None,
    detail: dict[str, Any] | None = None,
    record_ids: bool = True,
) -> int:
    """Erase `values` on every record of `queryset`, or delete the records when `values` is None,
    and audit it with ONE entry: the model, how many, the ids (unless `record_ids` is off) and
    `detail` — never the values erased. For retention purges, where an entry per record would copy
    into the log the very values being erased. Nothing is written when nothing matches."""
    _require_transaction("purge", actor)
    model = queryset.model
    ids = list(queryset.values_list("pk", flat=True))
    if not ids:
        return 0
    for start in range(0, len(ids), 500):  # SQLite's limit on query parameters
        chunk = model._default_manager.filter(pk__in=ids[start : start + 500])
        if values is None:
            chunk.delete()
        else:
            chunk.update(**values)
    after: dict[str, Any] = {**(detail or {}), "count": len(ids)}
    if values is not None:
        after["fields"] = sorted(values)
    if record_ids:
        after["ids"] = [str(pk) for pk in ids]
    audit_record(
        actor=actor,
        action=AuditAction.DELETE if values is None else AuditAction.UPDATE,
        model_label=model._meta.label_lower,
        object_repr=f"{model._meta.verbose_name_plural}: {len(ids)}",
        unit=unit,
        after=after,
        verb=verb,
    )
    return len(ids)
