"""The admin writes audit entries too: a change made there is a change like any other."""

from django.contrib import admin

from thidua.audit.models import AuditEntry
from thidua.audit.services import AuditAction, audit_record, snapshot


def _unit_of(obj):
    unit = getattr(obj, "unit", None)
    if unit is None and obj._meta.label_lower == "units.unit":
        unit = obj
    return unit


class AuditedAdmin(admin.ModelAdmin):
    """ModelAdmin whose saves and deletes (and those of its inlines) are audited in the same transaction."""

    def save_model(self, request, obj, form, change):
        before = snapshot(type(obj)._default_manager.get(pk=obj.pk)) if change and obj.pk else None
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action=AuditAction.UPDATE if change else AuditAction.CREATE,
            instance=obj,
            unit=_unit_of(obj),
            before=before,
            after=snapshot(obj),
            verb="quản trị",
        )

    def delete_model(self, request, obj):
        audit_record(
            actor=request.user,
            action=AuditAction.DELETE,
            instance=obj,
            unit=_unit_of(obj),
            before=snapshot(obj),
            verb="quản trị",
        )
        super().delete_model(request, obj)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            audit_record(
                actor=request.user,
                action=AuditAction.DELETE,
                instance=obj,
                unit=_unit_of(obj),
                before=snapshot(obj),
                verb="quản trị",
            )
            obj.delete()
        for obj in instances:
            before = snapshot(type(obj)._default_manager.get(pk=obj.pk)) if obj.pk else None
            obj.save()
            audit_record(
                actor=request.user,
                action=AuditAction.UPDATE if before else AuditAction.CREATE,
                instance=obj,
                unit=_unit_of(obj),
                before=before,
                after=snapshot(obj),
                verb="quản trị",
            )
        formset.save_m2m()


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["id", "created_at", "actor_label", "action", "model", "object_repr"]
    list_filter = ["action", "model"]
    search_fields = ["object_repr", "actor_label"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
