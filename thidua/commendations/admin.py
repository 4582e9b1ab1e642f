"""Admin: where a province or commune changes the defaults (catalogue, base salary, dated overrides)."""

from django.contrib import admin

from thidua.audit.admin import AuditedAdmin
from thidua.commendations.models import (
    AwardType,
    BaseSalary,
    Discipline,
    Initiative,
    RuleOverride,
    TaskRating,
)


@admin.register(AwardType)
class AwardTypeAdmin(AuditedAdmin):
    list_display = (
        "name",
        "short_name",
        "recipient_kind",
        "timing",
        "vote_threshold_pct",
        "coefficient",
        "rank",
        "notice_days",
        "active",
    )
    list_filter = ("recipient_kind", "timing", "active")


@admin.register(BaseSalary)
class BaseSalaryAdmin(AuditedAdmin):
    list_display = ("amount", "effective_from", "legal_basis")


@admin.register(RuleOverride)
class RuleOverrideAdmin(AuditedAdmin):
    list_display = ("unit", "award_type", "key", "value", "effective_from", "legal_basis")
    list_filter = ("key",)
    raw_id_fields = ("unit",)
    # key: coefficient, vote_threshold_pct, notice_days, rank or rule:<code> for an award;
    # without an award: rounding ("up" / "nearest"), quorum ("2/3", "80%"), notice_days_default,
    # voting ("secret" / "open").


@admin.register(TaskRating)
class TaskRatingAdmin(AuditedAdmin):
    list_display = ("person", "year", "level")
    raw_id_fields = ("person",)


@admin.register(Initiative)
class InitiativeAdmin(AuditedAdmin):
    list_display = ("title", "person", "year", "recognised_on")
    raw_id_fields = ("person",)


@admin.register(Discipline)
class DisciplineAdmin(AuditedAdmin):
    list_display = ("kind", "person", "unit", "severity", "year", "pending")
    raw_id_fields = ("person", "unit")
