"""A person's notifications: the list (newest first, paged), opening one (marks it read and goes to
the thing), marking all read, the digest choice, and the unsubscribe link of a digest."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua import access
from thidua.notifications import digest, selectors, services
from thidua.notifications.forms import PreferenceForm
from thidua.notifications.models import Notification

PAGE_SIZE = 25


@require_GET
def notification_list(request):
    page = Paginator(selectors.for_user(request.user), PAGE_SIZE).get_page(request.GET.get("page", 1))
    return render(request, "notifications/list.html", {"page": page})


@require_POST
def notification_open(request, pk: int):
    """Opening a notification marks it read and goes to what it is about."""
    note = access.get_mine(request.user, Notification, owner="recipient", pk=pk)
    services.notification_read(actor=request.user, notification=note)
    if note.link and url_has_allowed_host_and_scheme(note.link, allowed_hosts=None):
        return HttpResponseRedirect(note.link)
    return redirect("notifications:list")


@require_POST
def notifications_read_all(request):
    count = services.notifications_read_all(actor=request.user)
    messages.success(request, _("Đã đánh dấu %(n)s thông báo là đã đọc.") % {"n": count})
    return redirect("notifications:list")


@require_http_methods(["GET", "POST"])
def preferences(request):
    # An unticked box sends nothing: a POST with no fields is still the form, not a fresh page.
    data = request.POST if request.method == "POST" else None
    form = PreferenceForm(data, initial={"digest": selectors.digest_on(request.user)})
    if request.method == "POST" and form.is_valid():
        services.preference_set(actor=request.user, user=request.user, digest=form.cleaned_data["digest"])
        messages.success(request, _("Đã lưu lựa chọn nhận thư."))
        return redirect("notifications:preferences")
    return render(
        request, "notifications/preferences.html", {"form": form, "has_email": bool(request.user.email)}
    )


@login_not_required
@csrf_exempt  # the signed token is the authority; a mail program's one-click POST carries no CSRF token
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """GET asks (a mail scanner opening the link changes nothing); POST turns the digest off."""
    user = digest.user_of_token(token)
    if user is None:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=404)
    if request.method == "POST":
        services.preference_set(actor=user, user=user, digest=False)
        return render(request, "notifications/unsubscribe.html", {"done": True, "person": user})
    return render(request, "notifications/unsubscribe.html", {"person": user, "token": token})
