"""What the commendation work shows on the public portal: open notices, decisions, verification."""

from django.utils import timezone
from django.utils.text import Truncator

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


SUMMARY_WORDS = 40


def achievement_summary(text: str) -> str:
    """What a public notice says of a nominee's achievement: the first paragraph of the achievement
    report, cut after forty words. Enough to say what an objection would be about; the rest of the
    report (and anything personal in it) stays with the officers."""
    first = next((line.strip() for line in (text or "").splitlines() if line.strip()), "")
    return Truncator(first).words(SUMMARY_WORDS, truncate="…")
