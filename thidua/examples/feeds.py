"""Atom feeds of a commune for its web site: published good examples and signed decisions.

Only what the portal shows anyone: examples from `selectors.public_examples()` (consent rules) and
signed decisions with the public summary of `commendations:public_decision` (number, title, how
many awards) — never a reporter, a contact or anything else kept for the officers.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from thidua.commendations.models import Decision
from thidua.commendations.selectors import public_decisions
from thidua.examples.models import Example
from thidua.examples.selectors import public_examples
from thidua.lib.vn import format_date_short
from thidua.units.models import Unit, UnitKind

ITEMS = 30
SUMMARY_WORDS = 60


def _commune(pk: int) -> Unit:
    commune = Unit.objects.filter(pk=pk, kind=UnitKind.COMMUNE).first()
    if commune is None:
        raise Http404(_("Không tìm thấy xã."))
    return commune


def feed_communes():
    """The communes a feed is offered for on the portal: those with hamlets (a few dozen at most)."""
    return (
        Unit.objects.filter(kind=UnitKind.COMMUNE, children__kind=UnitKind.HAMLET).distinct().order_by("name")
    )


class _CommuneFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, commune: int) -> Unit:
        return _commune(commune)

    def item_guid_is_permalink(self, item) -> bool:
        return True


class ExamplesFeed(_CommuneFeed):
    def title(self, commune: Unit) -> str:
        return _("Gương điển hình tiên tiến – %(commune)s") % {"commune": commune.name}

    def subtitle(self, commune: Unit) -> str:
        return _("Gương người tốt việc tốt, điển hình tiên tiến được %(commune)s công bố.") % {
            "commune": commune.name
        }

    def link(self, commune: Unit) -> str:
        return reverse("examples:public_list")

    def items(self, commune: Unit):
        return public_examples().filter(unit__path__startswith=commune.path)[:ITEMS]

    def item_title(self, item: Example) -> str:
        return item.title

    def item_description(self, item: Example) -> str:
        return Truncator(item.story).words(SUMMARY_WORDS, truncate="…")

    def item_link(self, item: Example) -> str:
        return reverse("examples:public_detail", args=[item.pk])

    def item_pubdate(self, item: Example) -> dt.datetime | None:
        return item.published_at

    def item_updateddate(self, item: Example) -> dt.datetime | None:
        return item.published_at

    def item_author_name(self, item: Example) -> str:
        return item.unit.name

    def item_categories(self, item: Example) -> list[str]:
        return [str(item.get_kind_display())]


def _signed_at(decision: Decision) -> dt.datetime:
    """A decision carries its signing day only: the feed dates it at the start of that day."""
    day = decision.signed_on or decision.created_at.date()
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


class DecisionsFeed(_CommuneFeed):
    def title(self, commune: Unit) -> str:
        return _("Quyết định khen thưởng – %(commune)s") % {"commune": commune.name}

    def subtitle(self, commune: Unit) -> str:
        return _("Các quyết định khen thưởng %(commune)s đã ký.") % {"commune": commune.name}

    def link(self, commune: Unit) -> str:
        return reverse("commendations:register")

    def items(self, commune: Unit):
        return public_decisions().filter(commune=commune)[:ITEMS]

    def item_title(self, item: Decision) -> str:
        if item.number_label:
            return _("Quyết định số %(number)s: %(title)s") % {
                "number": item.number_label,
                "title": item.title,
            }
        return str(item.title)

    def item_description(self, item: Decision) -> str:
        signed = format_date_short(item.signed_on) if item.signed_on else ""
        return _("%(title)s. Ký ngày %(day)s; %(n)s cá nhân, tập thể được khen thưởng.") % {
            "title": item.title,
            "day": signed,
            "n": item.n,  # type: ignore[attr-defined]  # annotated by public_decisions()
        }

    def item_link(self, item: Decision) -> str:
        return reverse("commendations:public_decision", args=[item.pk])

    def item_pubdate(self, item: Decision) -> dt.datetime:
        return _signed_at(item)

    def item_updateddate(self, item: Decision) -> dt.datetime:
        return _signed_at(item)

    def item_author_name(self, item: Decision) -> str:
        return item.commune.name
