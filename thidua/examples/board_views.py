"""The notice board page: choose a hamlet and a month, download its A4 sheet (`examples.board`).

Who: the commune's staff for every hamlet, a hamlet's representative for their own — those the
commune's bulletins are sent to (`BULLETIN_ACKNOWLEDGE`). A read: nothing is written."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from thidua.access import Action
from thidua.examples import board, selectors
from thidua.examples.forms import BoardForm
from thidua.lib.downloads import attachment
from thidua.units.models import UnitKind


@require_GET
def board_page(request):
    hamlets = selectors.units_for(request.user, Action.BULLETIN_ACKNOWLEDGE).filter(kind=UnitKind.HAMLET)
    if not hamlets.exists():
        raise PermissionDenied
    form = BoardForm(request.GET or None, hamlets=hamlets)
    if form.is_bound and form.is_valid():
        year, month = form.cleaned_data["month"]
        sheet = board.board_of(
            form.cleaned_data["hamlet"],
            year,
            month,
            portal_url=request.build_absolute_uri(reverse("web:home")),
        )
        return attachment(board.render_board(sheet), board.filename(sheet))
    return render(request, "examples/board.html", {"form": form})
