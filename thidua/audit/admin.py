"""The admin writes audit entries too: a change made there is a change like any other."""

from collections.abc import Callable

from django.contrib import admin
from django.db import models

from thidua.audit import changes
from thidua.audit.models import AuditEntry

VERB = "quản trị"


def _save_audited(obj: models.Model, actor, save: Callable[[], None]) -> None:
    """Save a record the admin created or changed, audited through `changes` like a service's write.

    The admin's form has already set the new values on `obj`, so the values before are read from the
    database into a second copy, which is refreshed once `save` has run."""
    if obj.pk is None:
        changes.create(obj, actor=actor, verb=VERB)  # `changes.create` saves it
        return
    stored = type(obj)._default_manager.get(pk=obj.pk)
    with changes.tracked(stored, actor=actor, verb=VERB, save=False):
        save()
        stored.refresh_from_db()


class AuditedAdmin(admin.ModelAdmin):
    """ModelAdmin whose saves and deletes (and those of its inlines) are audited in the same transaction."""

    def save_model(self, request, obj, form, change):
        _save_audited(
            obj, request.user, lambda: super(AuditedAdmin, self).save_model(request, obj, form, change)
        )

    def delete_model(self, request, obj):
        changes.delete(obj, actor=request.user, verb=VERB)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            changes.delete(obj, actor=request.user, verb=VERB)
        for obj in instances:
            _save_audited(obj, request.user, obj.save)
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
