from django.urls import path

from thidua.movements import views

app_name = "movements"
urlpatterns = [
    path("", views.movement_list, name="list"),
    path("new/", views.movement_new, name="new"),
    path("from-document/", views.movement_from_document, name="from_document"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("<int:pk>/", views.movement_detail, name="detail"),
    path("<int:pk>/edit/", views.movement_edit, name="edit"),
    path("<int:pk>/launch/", views.movement_launch, name="launch"),
    path("<int:pk>/start/", views.movement_start, name="start"),
    path("<int:pk>/close/", views.movement_close, name="close"),
    path("<int:pk>/implement/", views.movement_implement, name="implement"),
    path("<int:pk>/commit/", views.commitment_new, name="commit"),
    path("<int:pk>/targets/", views.target_new, name="target_new"),
    path("<int:pk>/indicators/", views.indicator_new, name="indicator_new"),
    path("<int:pk>/report/", views.report_new, name="report"),
    path("<int:pk>/remind/", views.overdue_remind, name="remind"),
    path("<int:pk>/export.xlsx", views.dashboard_export, name="export"),
    path("<int:pk>/figures.xlsx", views.figures_template, name="figures_template"),
    path("<int:pk>/figures/import/", views.figures_import, name="figures_import"),
    path("<int:pk>/criteria/", views.criteria_assess, name="criteria"),
    path("<int:pk>/commitments/excel/", views.commitments_import, name="commitments_excel"),
    path("<int:pk>/plan/", views.movement_plan, name="plan"),
    path("<int:pk>/periods/<int:period_pk>/report/", views.period_report, name="period_report"),
    path("<int:pk>/duties/", views.duty_list, name="duties"),
    path("duties/<int:pk>/status/", views.duty_status, name="duty_status"),
    path("<int:pk>/covenants/", views.covenant_list, name="covenants"),
    path("<int:pk>/participants/", views.participant_list, name="participants"),
    path("<int:pk>/participants/add/", views.participant_add, name="participant_add"),
    path("commitments/<int:pk>/", views.commitment_detail, name="commitment"),
    path("commitments/<int:pk>/submit/", views.commitment_submit, name="commitment_submit"),
    path("commitments/<int:pk>/approve/", views.commitment_approve, name="commitment_approve"),
    path("commitments/<int:pk>/return/", views.commitment_return, name="commitment_return"),
]
