"""What the examples app shows on the public portal: the latest published examples, and the latest
broadcast bulletins one can listen to."""

from thidua.examples.models import AudioState, Bulletin, BulletinState
from thidua.examples.selectors import public_examples


def sections() -> list[dict]:
    bulletins = (
        Bulletin.objects.filter(state=BulletinState.BROADCAST, audio__state=AudioState.READY)
        .select_related("unit", "audio")
        .order_by("-broadcast_on", "-id")[:3]
    )
    return [
        {"template": "examples/_portal.html", "context": {"examples": list(public_examples()[:5])}},
        {"template": "examples/_portal_bulletins.html", "context": {"bulletins": list(bulletins)}},
    ]
