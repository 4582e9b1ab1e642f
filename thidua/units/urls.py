from django.urls import path

from thidua.units import views

app_name = "units"
urlpatterns = [
    path("", views.unit_list, name="list"),
    path("<int:pk>/", views.unit_detail, name="detail"),
    path("<int:pk>/new/", views.unit_new, name="new"),
    path("<int:pk>/edit/", views.unit_edit, name="edit"),
]
