from django.urls import path

from thidua.archive import views

app_name = "archive"
urlpatterns = [
    path("", views.index, name="index"),
    path("list.xlsx", views.index_xlsx, name="index_xlsx"),
    path("copies/", views.copies_make, name="copies_make"),
    path("rules/", views.rules, name="rules"),
    path("appraisal/", views.appraisal, name="appraisal"),
    path("handover/", views.handover, name="handover"),
    path("document/<int:pk>/pdfa/", views.copy_pdf, name="copy_pdf"),
]
