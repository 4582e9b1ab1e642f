"""Template filters for Vietnamese dates, numbers and money (loaded as builtins)."""

from django import template

from thidua.lib import codes, vn

register = template.Library()


@register.filter
def vn_date(value):
    return vn.format_date_long(value)


@register.filter
def vn_short(value):
    return vn.format_date_short(value)


@register.filter
def vn_number(value, decimals=0):
    return vn.format_number(value, int(decimals))


@register.filter
def vn_figure(value):
    """A reported figure, target or pledge with its own decimals: 3.5 → '3,5', 62.00 → '62'."""
    return vn.format_figure(value)


@register.filter
def vn_money(value):
    return vn.format_money(value)


@register.filter
def percent(value, decimals=0):
    if value is None:
        return "—"
    return vn.format_number(value * 100, int(decimals)) + " %"


@register.filter
def code_groups(value):
    """A verification code as printed on the paper, in groups of four ("7KQ2-M9XD-…")."""
    return codes.group_code(value or "")


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """The current URL's query string with only the page number changed."""
    params = context["request"].GET.copy()
    params["page"] = number
    return "?" + params.urlencode()
