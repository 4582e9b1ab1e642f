from django.urls import path

from thidua.commendations import views

app_name = "commendations"
urlpatterns = [
    path("", views.nomination_list, name="list"),
    path("new/", views.nomination_new, name="new"),
    path("<int:pk>/", views.nomination_detail, name="detail"),
    path("<int:pk>/evidence/", views.evidence_upload, name="evidence"),
    path("<int:pk>/<slug:step>/", views.nomination_step, name="step"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("sessions/", views.session_list, name="sessions"),
    path("sessions/new/", views.session_new, name="session_new"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("sessions/<int:pk>/vote/", views.vote, name="vote"),
    path("sessions/<int:pk>/vote/check/", views.vote_check, name="vote_check"),
    path("sessions/<int:pk>/minutes/", views.minutes, name="minutes"),
    path("sessions/<int:pk>/do/<slug:step>/", views.session_step, name="session_step"),
    path("notices/<int:pk>/", views.notice_manage, name="notice_manage"),
    path("notices/<int:pk>/decision/", views.decision_new, name="decision_new"),
    path("notices/<int:pk>/document/", views.notice_document, name="notice_document"),
    path("objections/<int:pk>/resolve/", views.objection_resolve, name="objection_resolve"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision"),
    path("decisions/<int:pk>/submission/", views.decision_submission, name="decision_submission"),
    path("decisions/<int:pk>/certificates/", views.certificates, name="certificates"),
    path("decisions/<int:pk>/certificates.pdf", views.certificates_pdf, name="certificates_pdf"),
    path("awards/<int:pk>/annul/", views.award_annul, name="annul"),
    path("money/", views.money, name="money"),
    path("money/export.xlsx", views.money_export, name="money_export"),
    # Public pages, no login
    path("public/notices/<int:pk>/", views.public_notice, name="public_notice"),
    path("public/decisions/", views.register, name="register"),
    path("public/decisions/<int:pk>/", views.public_decision, name="public_decision"),
    path("v/<str:code>/", views.verify, name="verify"),
]
