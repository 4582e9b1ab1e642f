"""The one way a record changes state: check the move, apply it, audit it."""

from django.db import models
from django.utils.translation import gettext as _

from thidua.audit.services import AuditAction, audit_record, snapshot


def transition(
    instance: models.Model,
    *,
    actor,
    to: str,
    allowed: tuple[str, ...],
    verb: str,
    noun: str,
    error: type[Exception],
    unit=None,
    exclude: tuple[str, ...] = (),
    **changes,
):
    """Move `instance.state` to `to` if it is now one of `allowed`, set `changes`, save and audit.

    An illegal move raises `error` with a Vietnamese message naming the record (`noun`, e.g.
    "đề nghị"), its current state and the one asked for. Runs in the caller's transaction.
    """
    if instance.state not in allowed:
        target = dict(instance._meta.get_field("state").flatchoices).get(to, to)
        raise error(
            _("Không thể chuyển %(noun)s từ trạng thái “%(state)s” sang “%(to)s”.")
            % {"noun": noun, "state": instance.get_state_display(), "to": target}
        )
    before = snapshot(instance, exclude=exclude)
    instance.state = to
    for name, value in changes.items():
        setattr(instance, name, value)
    instance.save()
    audit_record(
        actor=actor,
        action=AuditAction.TRANSITION,
        instance=instance,
        unit=unit if unit is not None else instance.unit,
        before=before,
        after=snapshot(instance, exclude=exclude),
        verb=verb,
    )
    return instance
