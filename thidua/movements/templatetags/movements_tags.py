from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def param_url(context, name: str, value) -> str:
    """The current URL's query string with one parameter changed (for several paginators on a page)."""
    params = context["request"].GET.copy()
    params[name] = value
    return "?" + params.urlencode()


@register.filter
def bar_width(percent) -> int:
    """A percentage clamped to 0–100 for a progress bar."""
    try:
        return max(0, min(100, int(percent)))
    except (TypeError, ValueError):
        return 0
