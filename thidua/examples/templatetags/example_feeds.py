"""`{% feed_links %}`: the <link rel=alternate> of each commune's Atom feeds, for the portal's head."""

from django import template
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext as _

from thidua.examples.feeds import feed_communes

register = template.Library()


@register.simple_tag
def feed_links() -> str:
    rows = []
    for commune in feed_communes()[:50]:
        rows.append(
            (reverse("examples:feed_examples", args=[commune.pk]), _("Gương điển hình – %s") % commune.name)
        )
        rows.append(
            (
                reverse("examples:feed_decisions", args=[commune.pk]),
                _("Quyết định khen thưởng – %s") % commune.name,
            )
        )
    return format_html_join(
        "\n", '<link rel="alternate" type="application/atom+xml" href="{}" title="{}">', rows
    )
