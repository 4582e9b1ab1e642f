"""Template filters for dates, numbers and money (loaded as builtins).

Templates are screens: their dates follow the screen's language (`vn.screen_date_long`); papers
(decisions, plans, certificates) are built in Python with `vn.format_date_long`, always Vietnamese."""

from django import template

from thidua.lib import codes, vn

register = template.Library()


@register.filter
def vn_date(value):
    """ "ngày 13 tháng 3 năm 2015", or "13 March 2015" on an English screen."""
    return vn.screen_date_long(value)


@register.filter
def vn_short(value):
    """ "13/03/2015", or "13 Mar 2015" on an English screen."""
    return vn.screen_date_short(value)


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
