from django.urls import path

from thidua.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("ping", views.ping, name="ping"),
    path("language/<str:code>/", views.language, name="language"),
    path("verify/", views.verify_lookup, name="verify_lookup"),
]
