"""The admin's pages for the API's tokens, under the site's login (`/api-tokens/`)."""

from django.urls import path

from thidua.api import pages

app_name = "api_tokens"
urlpatterns = [
    path("", pages.token_index, name="index"),
    path("units/<int:pk>/", pages.token_list, name="unit"),
    path("<int:pk>/revoke/", pages.token_revoke, name="revoke"),
]
