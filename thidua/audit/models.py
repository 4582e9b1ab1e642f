"""The audit log: append-only, each entry chained by hash to the one before it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    CREATE = "create", _("Tạo mới")
    UPDATE = "update", _("Sửa")
    DELETE = "delete", _("Xóa")
    TRANSITION = "transition", _("Chuyển trạng thái")
    IMPORT = "import", _("Nhập dữ liệu")
    ACCESS = "access", _("Phân quyền")
    REDACT = "redact", _("Xóa dữ liệu cá nhân khỏi nhật ký")


class AuditEntry(models.Model):
    created_at = models.DateTimeField(_("thời điểm"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(_("người thực hiện"), max_length=150)
    unit = models.ForeignKey("units.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    unit_path = models.CharField(max_length=255, db_index=True, blank=True)
    action = models.CharField(_("thao tác"), max_length=20, choices=AuditAction.choices)
    verb = models.CharField(_("mô tả"), max_length=120, blank=True)
    model = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40)
    object_repr = models.CharField(_("đối tượng"), max_length=255)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    # How `hash` was computed (audit/digests.py): 1 over the whole content, 2 over `content_digest`.
    version = models.PositiveSmallIntegerField(default=2)
    content_digest = models.CharField(max_length=64, blank=True)
    # A format 1 entry's seal, written when its legacy hash was last found whole.
    seal = models.CharField(max_length=64, blank=True)
    # The keyed digests of redacted values: {"object_repr": leaf, "before": {field: leaf}, "after": {...}}.
    redacted = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("bản ghi nhật ký")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ["-id"]
        indexes = [models.Index(fields=["model", "object_id"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr}"

    def changes(self) -> list[tuple[str, object, object]]:
        """(field label, before, after) for each field that differs, in the model's field order."""
        before = self.before or {}
        after = self.after or {}
        fields = _fields(self.model)
        keys = [k for k in fields if k in before or k in after]
        keys += sorted((set(before) | set(after)) - set(fields))
        rows: list[tuple[str, object, object]] = []
        for k in keys:
            if k in _BOOKKEEPING or (before.get(k) == after.get(k) and not self._redacted_change(k)):
                continue
            field = fields.get(k)
            if field is None:
                rows.append((k, _display(before.get(k), {}), _display(after.get(k), {})))
                continue
            choices = dict(field.flatchoices) if field.choices else {}
            was, now = (_display(v, choices) for v in (before.get(k), after.get(k)))
            rows.append((str(field.verbose_name), _text(was), _text(now)))
        return rows

    def _redacted_change(self, key: str) -> bool:
        """Both values redacted, but they differed (a field's two digests are equal when it did not
        change, audit/digests.py)."""
        redacted = self.redacted or {}
        was = (redacted.get("before") or {}).get(key)
        now = (redacted.get("after") or {}).get(key)
        return was is not None and now is not None and was != now


_BOOKKEEPING = {"id", "created_at", "updated_at"}


def _display(value: object, choices: dict) -> object:
    """A stored value as a person reads it: the choice label, or JSON text for lists and objects."""
    if value is None:
        return None
    if isinstance(value, list | dict):
        import json

        return json.dumps(value, ensure_ascii=False)
    return choices.get(value, value)


def _text(value: object) -> str | None:
    return str(value) if value is not None else None


def _fields(model_label: str) -> dict[str, models.Field]:
    from django.apps import apps

    try:
        model = apps.get_model(model_label)
    except (LookupError, ValueError):
        return {}
    return {f.attname: f for f in model._meta.concrete_fields}


class AuditHead(models.Model):
    """One row holding the newest hash; locking it serialises appends to the chain."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_hash = models.CharField(max_length=64)
    count = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="audit_head_singleton")]

    def __str__(self) -> str:
        return self.last_hash
