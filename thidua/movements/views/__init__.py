"""Movement screens, one module per part of the domain (as `services`): the plan and its life
cycle, participation and registrations, targets and figures, reviews. Every view fetches through
`access` (`_common.movement_for`), parses with a form and calls one service."""

from thidua.movements.views.figures import (
    dashboard_export,
    duty_list,
    duty_status,
    figures_import,
    figures_template,
    indicator_new,
    notifications,
    overdue_remind,
    report_evidence,
    report_new,
    target_new,
)
from thidua.movements.views.participation import (
    commitment_approve,
    commitment_detail,
    commitment_new,
    commitment_return,
    commitment_submit,
    commitments_import,
    covenant_list,
    participant_add,
    participant_list,
)
from thidua.movements.views.plan import (
    movement_close,
    movement_detail,
    movement_edit,
    movement_from_document,
    movement_implement,
    movement_launch,
    movement_list,
    movement_new,
    movement_plan,
    movement_results_public,
    movement_start,
)
from thidua.movements.views.province import province_dashboard, province_export
from thidua.movements.views.reviews import criteria_assess, period_report
from thidua.movements.views.targets import target_grid_view

__all__ = [
    "commitment_approve",
    "commitment_detail",
    "commitment_new",
    "commitment_return",
    "commitment_submit",
    "commitments_import",
    "covenant_list",
    "criteria_assess",
    "dashboard_export",
    "duty_list",
    "duty_status",
    "figures_import",
    "figures_template",
    "indicator_new",
    "movement_close",
    "movement_detail",
    "movement_edit",
    "movement_from_document",
    "movement_implement",
    "movement_launch",
    "movement_list",
    "movement_new",
    "movement_plan",
    "movement_results_public",
    "movement_start",
    "notifications",
    "overdue_remind",
    "participant_add",
    "participant_list",
    "period_report",
    "province_dashboard",
    "province_export",
    "report_evidence",
    "report_new",
    "target_grid_view",
    "target_new",
]
