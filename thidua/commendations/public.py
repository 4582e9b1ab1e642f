"""What the commendation work shows on the public portal: open notices, decisions, verification."""

from django.utils import timezone

from thidua.commendations.models import Notice
from thidua.commendations.selectors import public_decisions


def sections() -> list[dict]:
    today = timezone.localdate()
    notices = list(
        Notice.objects.filter(starts_on__lte=today, ends_on__gte=today)
        .select_related("commune")
        .order_by("ends_on")[:20]
    )
    return [
        {
            "template": "commendations/_portal.html",
            "context": {"notices": notices, "decisions": list(public_decisions()[:10])},
        }
    ]
