"""`/api/v1/`: the API's operations, its OpenAPI document and its docs. None of them is behind the
login of the site: a token (or nothing, for the public ones) opens them, checked by the API itself."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, JsonResponse
from django.urls import URLPattern, URLResolver, path

from thidua.api.views import api


@login_not_required
def index(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        {
            "name": api.title,
            "version": api.version,
            "openapi": request.path + "openapi.json",
            "docs": request.path + "docs",
        },
        json_dumps_params={"ensure_ascii": False},
    )


def _open(patterns: list[URLPattern | URLResolver]) -> list[URLPattern | URLResolver]:
    """Let every pattern through the site's LoginRequiredMiddleware."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _open(pattern.url_patterns)
        else:
            login_not_required(pattern.callback)
    return patterns


_urls, _app_name, _namespace = api.urls
urlpatterns = [
    path("", index, name="api-index"),
    # ninja's own root (named api-root, which it reverses to place its paths) is shadowed by the index.
    path("", (_open(_urls), _app_name, _namespace)),
]
