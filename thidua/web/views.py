import time

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from thidua.audit.selectors import audit_version
from thidua.web import health, selectors

# The portal is the same for every citizen. Its public lists (notices, decisions, examples, surveys)
# are rendered once per language and kept in the configured cache under the audit chain's length, so
# any change made through the one write path (an example published, a decision signed) is shown at
# once; a change made behind it shows within PORTAL_TTL seconds. A visitor who brings nothing of their
# own (no session, no pending message, no query) is also served the whole page from this process's
# memory under the same version: the page carries no CSRF token (the language switch is a plain link),
# so one rendering serves everyone in that language. Signed-in users get their dashboard, never a
# cached page.
PORTAL_TTL = 30


# language -> (audit version, time rendered, page): at most one page per language in each process.
_portal_pages: dict[str, tuple[int, float, bytes]] = {}


def _portal_sections(request, version: int) -> str:
    key = f"thidua:portal-sections:{translation.get_language()}:{version}"
    html = cache.get(key)
    if html is None:
        html = render_to_string(
            "web/_portal_sections.html", {"sections": selectors.public_sections()}, request
        )
        cache.set(key, html, PORTAL_TTL)
    return html


def _anonymous_visit(request) -> bool:
    """Nothing in the request makes this visitor's page their own."""
    cookies = request.COOKIES
    return not request.GET and settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def _portal(request) -> HttpResponse:
    version = audit_version()
    if not _anonymous_visit(request):
        return render(request, "web/portal.html", {"portal_sections": _portal_sections(request, version)})
    language = translation.get_language()
    kept = _portal_pages.get(language)
    if kept is None or kept[0] != version or time.time() - kept[1] > PORTAL_TTL:
        page = render(request, "web/portal.html", {"portal_sections": _portal_sections(request, version)})
        if page.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            return page  # something on the page became this visitor's own (a form's token): not shared
        kept = (version, time.time(), page.content)
        _portal_pages[language] = kept
    return HttpResponse(kept[2])


@login_not_required
@require_GET
def home(request):
    """Signed-in users get their dashboard; everyone else the public portal."""
    if not request.user.is_authenticated:
        return _portal(request)
    return render(request, "web/home.html", {"dashboard": _dashboard(request.user)})


# What waits for a signed-in user is read from every app (a dozen queries or more) but changes only
# when something is written, and everything written goes through the one audited write path: the
# dashboard is kept per user, language and day under the audit chain's length, so a change shows at
# the next visit; the day is in the key for what falls due by date, and HOME_TTL bounds the delay of a
# change made behind the write path (a data load). It carries no form, so no CSRF token is kept.
HOME_TTL = 60


def _dashboard(user) -> str:
    key = (
        f"thidua:home:{user.pk}:{translation.get_language()}:"
        f"{timezone.localdate().isoformat()}:{audit_version()}"
    )
    html = cache.get(key)
    if html is None:
        html = render_to_string("web/_home_dashboard.html", selectors.home_dashboard(user))
        cache.set(key, html, HOME_TTL)
    return mark_safe(html)  # our own rendering, escaped when it was made


@login_not_required
@require_GET
def language(request, code: str):
    """Switch the screen language by a plain link, as Django's set_language does for a form: the
    choice goes into the language cookie and the visitor returns to the page they were on. A link
    needs no CSRF token, so pages carrying it can be shared between visitors; the worst a forged link
    can do is change someone's screen language."""
    if code not in dict(settings.LANGUAGES):
        raise Http404
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


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
