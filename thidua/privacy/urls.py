from django.urls import path  # noqa: F401

from thidua.privacy import views

app_name = "privacy"
urlpatterns: list = [
    path("reads/", views.read_log, name="reads"),
]
