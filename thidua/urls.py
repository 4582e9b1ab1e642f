from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("thidua.web.urls")),
    path("accounts/", include("thidua.accounts.urls")),
    path("units/", include("thidua.units.urls")),
    path("people/", include("thidua.people.urls")),
    path("audit/", include("thidua.audit.urls")),
    path("movements/", include("thidua.movements.urls")),
    path("documents/", include("thidua.documents.urls")),
    path("signatures/", include("thidua.signatures.urls")),
    path("archive/", include("thidua.archive.urls")),
    path("commendations/", include("thidua.commendations.urls")),
    path("examples/", include("thidua.examples.urls")),
    path("surveys/", include("thidua.surveys.urls")),
    path("jobs/", include("thidua.jobs.urls")),
    path("privacy/", include("thidua.privacy.urls")),
    path("statistics/", include("thidua.statistics.urls")),
    path("notifications/", include("thidua.notifications.urls")),
    path("api/v1/", include("thidua.api.urls")),
    path("api-tokens/", include("thidua.api.page_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler403 = "thidua.web.views.forbidden"
handler404 = "thidua.web.views.not_found"
handler500 = "thidua.web.views.server_error"
