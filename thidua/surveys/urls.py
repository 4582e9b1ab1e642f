from django.urls import path

from thidua.surveys import views

app_name = "surveys"
urlpatterns = [
    path("", views.survey_list, name="list"),
    path("new/", views.survey_create, name="create"),
    path("<int:pk>/", views.survey_detail, name="detail"),
    path("<int:pk>/open/", views.survey_open, name="open"),
    path("<int:pk>/close/", views.survey_close, name="close"),
    path("<int:pk>/responses.xlsx", views.export_responses, name="export_responses"),
    path("<int:pk>/summary.xlsx", views.export_summary, name="export_summary"),
    path("s/<int:pk>/", views.public_form, name="public"),
    path("s/<int:pk>/thanks/", views.public_thanks, name="thanks"),
]
