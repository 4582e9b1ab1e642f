from django.urls import path

from thidua.people import views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("new/", views.person_new, name="new"),
    path("pick/", views.person_pick, name="pick"),
    path("import/", views.person_import, name="import"),
    path("import/template.xlsx", views.person_import_template, name="import_template"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/edit/", views.person_edit, name="edit"),
]
