from django.urls import path  # noqa: F401

from thidua.privacy import person_views, views

app_name = "privacy"
urlpatterns: list = [
    path("people/<int:pk>/", person_views.person_requests, name="person"),
    path("people/<int:pk>/data.json", person_views.person_json, name="person_json"),
    path("people/<int:pk>/data.pdf", person_views.person_pdf_download, name="person_pdf"),
    path("reads/", views.read_log, name="reads"),
    path("data-map/", views.data_map, name="datamap"),
]
