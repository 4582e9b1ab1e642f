"""Who is on the other end of a public form, as far as rate limits need to know."""

import hashlib

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    # Behind the project's reverse proxy REMOTE_ADDR is the client; X-Forwarded-For is not trusted.
    return request.META.get("REMOTE_ADDR", "")


def client_key(ip: str, scope: str = "") -> str:
    """A keyed hash of the address, so a rate limit works without storing the address itself."""
    prefix = f"{scope}:" if scope else ""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{prefix}{ip}".encode()).hexdigest()
