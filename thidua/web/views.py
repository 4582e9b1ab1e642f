from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.views.decorators.http import require_GET

from thidua.audit.models import AuditHead
from thidua.web import health, selectors

# The portal's public lists (notices, decisions, examples, surveys) are the same for every citizen:
# rendered once per language and kept in the configured cache under the audit chain's length, so any
# change made through the one write path (an example published, a decision signed) is shown at once;
# a change made behind it shows within PORTAL_TTL seconds. Only these lists are kept, never the page:
# the page around them carries the visitor's own CSRF token (the language switch) and is rendered for
# each request; signed-in users get their dashboard, never from this cache.
PORTAL_TTL = 30


def _portal_sections(request) -> str:
    version = AuditHead.objects.filter(id=1).values_list("count", flat=True).first() or 0
    key = f"thidua:portal-sections:{translation.get_language()}:{version}"
    html = cache.get(key)
    if html is None:
        html = render_to_string(
            "web/_portal_sections.html", {"sections": selectors.public_sections()}, request
        )
        cache.set(key, html, PORTAL_TTL)
    return html


@login_not_required
@require_GET
def home(request):
    """Signed-in users get their dashboard; everyone else the public portal."""
    if not request.user.is_authenticated:
        return render(request, "web/portal.html", {"portal_sections": _portal_sections(request)})
    return render(request, "web/home.html", selectors.home_dashboard(request.user))


@login_not_required
@require_GET
def verify_lookup(request):
    """The portal's verification form: a typed code goes to the certificate's public page."""
    # Spaces go; case, hyphens and look-alike letters are the verification page's to read
    # (`thidua.lib.codes.code_candidates`), so a code of either kind keeps verifying.
    code = "".join(request.GET.get("code", "").split())
    if not code:
        return redirect("web:home")
    if "/" in code:
        return render(request, "commendations/verify_missing.html", status=404)
    return redirect("commendations:verify", code=code)


@login_not_required
@require_GET
def healthz(request):
    """The database, the cache and the task queue, each "ok" or what is wrong: 200 when all are ok,
    503 otherwise (a load balancer or a monitor takes the server out). No login, no personal data."""
    state = health.report()
    healthy = all(value == health.OK for value in state.values())
    response = JsonResponse({"status": "ok" if healthy else "error", **state}, status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    return response


@login_not_required
@require_GET
def ping(request):
    """A trivial view of the same stack, with no database: the floor of the benchmarks."""
    return HttpResponse("ok", content_type="text/plain")


def forbidden(request, exception=None):
    return render(request, "web/403.html", status=403)


def not_found(request, exception=None):
    return render(request, "web/404.html", status=404)


def server_error(request):
    return render(request, "web/500.html", status=500)
