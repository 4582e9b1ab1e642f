"""The pages of a bulletin's audio: the player's partial (polled while the worker reads), the files
for whoever may see the bulletin (the commune's staff, a hamlet head through their delivery, anyone
on the portal once broadcast), and the button that makes it again."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from thidua import access
from thidua.access import Action
from thidua.examples import audio as audio_services
from thidua.examples.models import AudioState, Bulletin, BulletinState, Delivery
from thidua.files.responses import file_response
from thidua.lib.errors import ServiceError, show_error

BULLETIN_QS = Bulletin.objects.select_related("unit")
DELIVERY_QS = Delivery.objects.select_related("hamlet", "bulletin__unit")


def player_context(request, bulletin: Bulletin, *, delivery: Delivery | None = None) -> dict:
    """What `_audio.html` needs, for the bulletin page or a hamlet's delivery page."""
    audio = audio_services.audio_of(bulletin)
    if delivery is not None:
        urls = [reverse("examples:delivery_audio", args=[delivery.pk, fmt]) for fmt in ("mp3", "ogg")]
        poll = reverse("examples:delivery_audio_status", args=[delivery.pk])
        can_make = False
    else:
        urls = [reverse("examples:bulletin_audio", args=[bulletin.pk, fmt]) for fmt in ("mp3", "ogg")]
        poll = reverse("examples:bulletin_audio_status", args=[bulletin.pk])
        can_make = access.can(request.user, Action.BULLETIN_MANAGE, bulletin.unit)
    return {
        "bulletin": bulletin,
        "audio": audio,
        "stale": audio is not None and not audio_services.is_current(audio, bulletin),
        "mp3_url": urls[0],
        "ogg_url": urls[1],
        "poll_url": poll,
        "can_make": can_make,
        "show_missing": True,
    }


def _file(bulletin: Bulletin, fmt: str):
    audio = audio_services.audio_of(bulletin)
    if audio is None or audio.state != AudioState.READY or fmt not in ("mp3", "ogg"):
        raise Http404
    stored = audio.mp3 if fmt == "mp3" else audio.ogg
    return file_response(stored, filename=f"ban-tin-{bulletin.pk}.{fmt}")


def _bulletin(request, pk: int, action: Action = Action.VIEW) -> Bulletin:
    return access.get_for(request.user, BULLETIN_QS, action, pk=pk)


def _delivery(request, pk: int) -> Delivery:
    return access.get_for(request.user, DELIVERY_QS, Action.VIEW, unit_of=lambda d: d.hamlet, pk=pk)


@require_GET
def bulletin_audio_status(request, pk: int):
    bulletin = _bulletin(request, pk)
    return render(request, "examples/_audio.html", player_context(request, bulletin))


@require_GET
def bulletin_audio(request, pk: int, fmt: str):
    return _file(_bulletin(request, pk), fmt)


@require_GET
def delivery_audio_status(request, pk: int):
    delivery = _delivery(request, pk)
    return render(
        request, "examples/_audio.html", player_context(request, delivery.bulletin, delivery=delivery)
    )


@require_GET
def delivery_audio(request, pk: int, fmt: str):
    return _file(_delivery(request, pk).bulletin, fmt)


@login_not_required
@require_GET
def public_bulletin_audio(request, pk: int, fmt: str):
    """A broadcast bulletin's audio, for anyone (the portal)."""
    bulletin = BULLETIN_QS.filter(pk=pk, state=BulletinState.BROADCAST).first()
    if bulletin is None:
        raise Http404
    return _file(bulletin, fmt)


@require_POST
def bulletin_audio_make(request, pk: int):
    bulletin = _bulletin(request, pk, Action.BULLETIN_MANAGE)
    try:
        audio_services.bulletin_audio_make(actor=request.user, bulletin=bulletin)
    except ServiceError as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("Đang tạo âm thanh của bản tin; trang sẽ hiện trình phát khi xong."))
    return redirect("examples:bulletin", bulletin.pk)
