"""Writes to movements, one module per part of the domain:

- `plan`: the plan, its quotas, its life cycle (draft → launched → running → closed), the cascade
  to the units below, and the plan drafted as a document;
- `participation`: who takes part, registrations (draft → submitted → approved / returned) and
  their pledges, covenants;
- `figures`: the indicator catalogue, targets, the figures reported each period, duties, reminders;
- `targets`: a whole grid of targets (units × indicators) assigned at once, all or nothing;
- `imports`: the figures of a whole workbook saved at once;
- `assessment`: a unit assessed against the movement's set of criteria;
- `reviews`: closing a period, the review report drafted from the figures.

Every service checks the actor through `thidua.access`, refuses with `ServiceError`, and records
each change through `thidua.audit.changes` in its own transaction.
"""

from thidua.movements.services.assessment import criteria_assess, criterion_record
from thidua.movements.services.figures import (
    CONFIRM_HINT,
    check_report,
    duties_remind,
    duty_add,
    duty_set_status,
    figure_warnings,
    indicator_create,
    overdue_remind,
    progress_report,
    progress_report_many,
    rate_warning,
    target_set,
)
from thidua.movements.services.imports import ImportedFigure, progress_report_import
from thidua.movements.services.participation import (
    commitment_approve,
    commitment_return,
    commitment_save,
    commitment_submit,
    covenant_create,
    participation_add,
)
from thidua.movements.services.plan import (
    MOVEMENT_FIELDS,
    movement_close,
    movement_copy,
    movement_create,
    movement_from_plan,
    movement_implement,
    movement_launch,
    movement_plan_draft,
    movement_results_publish,
    movement_start,
    movement_update,
    quota_set,
)
from thidua.movements.services.reviews import period_close, period_report_draft
from thidua.movements.services.targets import AssignResult, TargetCell, target_cells_check, targets_assign

__all__ = [
    "AssignResult",
    "TargetCell",
    "CONFIRM_HINT",
    "ImportedFigure",
    "MOVEMENT_FIELDS",
    "check_report",
    "commitment_approve",
    "commitment_return",
    "commitment_save",
    "commitment_submit",
    "covenant_create",
    "criteria_assess",
    "figure_warnings",
    "criterion_record",
    "duties_remind",
    "duty_add",
    "duty_set_status",
    "indicator_create",
    "movement_close",
    "movement_copy",
    "movement_create",
    "movement_from_plan",
    "movement_implement",
    "movement_launch",
    "movement_plan_draft",
    "movement_results_publish",
    "movement_start",
    "movement_update",
    "overdue_remind",
    "period_close",
    "period_report_draft",
    "progress_report",
    "progress_report_import",
    "progress_report_many",
    "rate_warning",
    "quota_set",
    "participation_add",
    "target_cells_check",
    "target_set",
    "targets_assign",
]
