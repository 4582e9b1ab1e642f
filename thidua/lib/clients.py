"""Who is on the other end of a public form, and how often they may write through it."""

import datetime as dt
import hashlib
import ipaddress
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from thidua.lib.errors import ServiceError

HOUR = dt.timedelta(hours=1)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address | None) -> bool:
    if address is None:
        return False
    networks = (ipaddress.ip_network(proxy, strict=False) for proxy in settings.TRUSTED_PROXIES)
    return any(address.version == network.version and address in network for network in networks)


def client_ip(request: HttpRequest) -> str:
    """The address rate limits and login throttling count (axes reads it too, AXES_CLIENT_IP_CALLABLE).

    Without BEHIND_PROXY, or when the peer is not one of TRUSTED_PROXIES, the peer itself:
    X-Forwarded-For is whatever the sender wrote. From a trusted proxy, the right-most address of
    X-Forwarded-For that is not itself a trusted proxy: each proxy appends the address it saw, so
    the addresses left of it may be forged by the client and the ones right of it are ours."""
    peer = request.META.get("REMOTE_ADDR", "")
    if not settings.BEHIND_PROXY or not _trusted(_address(peer)):
        return peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for text in reversed(forwarded):
        address = _address(text)
        if address is None:
            # the proxy appends only addresses: anything else was written by the client
            return peer
        if not _trusted(address):
            return str(address)
    return peer


def client_key(ip: str, scope: str = "") -> str:
    """A keyed hash of the address, so a rate limit works without storing the address itself."""
    prefix = f"{scope}:" if scope else ""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{prefix}{ip}".encode()).hexdigest()


def _hold(key: str) -> None:
    """Make every transaction of this key wait for the one before it to end.

    Counting and then inserting is a race when two requests count at once: both see 2 of 3 and
    both write. PostgreSQL gets a lock named after the key, released with the transaction; SQLite
    needs none, as its transactions begin IMMEDIATE (settings) and so run one writer at a time."""
    if not connection.in_atomic_block:
        raise RuntimeError("a rate limit must be checked inside the transaction that writes")
    if connection.vendor == "postgresql":
        lock_id = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock_id])


def rate_limit(
    records: QuerySet[Any], *, key: str, limit: int, message: str, per: dt.timedelta = HOUR
) -> None:
    """Refuse when `records` (rows with `client_key` and `created_at`) hold `limit` rows of `key`
    in the last `per`; the one check of every public form, atomic on both databases.

    Call it inside the service's transaction, before the new row is written: the row counts for
    the next caller, who waits until this transaction commits or rolls back."""
    _hold(key)
    recent = records.filter(client_key=key, created_at__gte=timezone.now() - per)
    if recent.count() >= limit:
        raise ServiceError(message, code="rate_limited")
