from django.contrib.auth import views as auth_views
from django.urls import path

from thidua.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("units/<int:pk>/roles/", views.unit_roles, name="unit_roles"),
    path("roles/<int:pk>/revoke/", views.role_revoke, name="role_revoke"),
]
