"""The demo's API token: read-only on the demo commune, with a known secret that `thidua load-demo`
prints beside the logins and the README shows in its curl example. It exists only where the demo
was loaded (`services.api_token_create_demo` refuses anyone but the demo loader)."""

from thidua.api.models import ApiToken
from thidua.api.services import DEMO_PREFIX, DEMO_TOKEN, api_token_create_demo


def load(ctx) -> None:
    from thidua.demo import ACTOR

    api_token_create_demo(actor=ACTOR, unit=ctx.commune)


def demo_token_lines(address: str) -> list[str]:
    """What `load-demo` prints of the demo's token, when it is there and not revoked."""
    token = (
        ApiToken.objects.select_related("unit").filter(prefix=DEMO_PREFIX, revoked_at__isnull=True).first()
    )
    if token is None:
        return []
    return [
        f"\nMã API mẫu (chỉ đọc, {token.unit.name}; chỉ dùng cho bản chạy thử): {DEMO_TOKEN}",
        f'  curl -H "Authorization: Bearer {DEMO_TOKEN}" {address.rstrip("/")}/api/v1/units',
    ]
