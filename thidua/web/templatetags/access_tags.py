"""Templates ask `access` before they link: `{% load access_tags %}{% can "survey_results" unit as may %}`."""

from django import template

from thidua import access

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, action: str, unit) -> bool:
    """Whether the signed-in user may perform `action` (an `access.Action` value) on `unit`."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return user is not None and access.can(user, access.Action(action), unit)


@register.simple_tag(takes_context=True)
def can_view(context, unit) -> bool:
    """Whether the signed-in user may open the unit's own pages (not only its shared work)."""
    return can(context, access.Action.VIEW.value, unit)


@register.simple_tag(takes_context=True)
def can_at_home(context, action: str, kind: str) -> bool:
    """Whether one of the signed-in user's own units of this kind ("commune") lets them perform
    `action`: a menu links a page that opens at the user's own unit only then."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return user is not None and access.home_unit_for(user, access.Action(action), kind) is not None
