"""`{% privacy_notice unit "objection_contact" %}`: the two lines every public form shows about the
personal data it takes (`thidua.privacy.notices`)."""

from django import template

from thidua.privacy import notices

register = template.Library()


@register.inclusion_tag("privacy/_notice.html")
def privacy_notice(unit, data_class: str) -> dict[str, str]:
    return notices.notice(unit, data_class)
