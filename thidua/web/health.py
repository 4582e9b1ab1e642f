"""What `/healthz` reports: can this server reach its database, its cache and its task queue.

Each check answers "ok" or a short reason; nothing about any person or record is read."""

import datetime as dt
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from django_tasks import default_task_backend

OK = "ok"


def database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure is the answer, not an error page
        return f"error: {type(exc).__name__}"
    return OK


def cache_state() -> str:
    key, value = "thidua:healthz", secrets.token_hex(8)
    try:
        cache.set(key, value, 30)
        if cache.get(key) != value:
            return "error: the value written was not read back"
    except Exception as exc:
        return f"error: {type(exc).__name__}"
    return OK


def tasks_state() -> str:
    """The database queue answers when its table can be read and no job has waited for a worker
    longer than THIDUA_JOB_STALE_MINUTES (then `thidua worker` is not running); other backends
    (immediate, in tests) run jobs in the request itself."""
    if not type(default_task_backend).__module__.startswith("django_tasks_db"):
        return OK
    from django_tasks_db.models import DBTaskResult

    try:
        oldest = (
            DBTaskResult.objects.ready().order_by("run_after").values_list("run_after", flat=True).first()
        )
    except Exception as exc:
        return f"error: {type(exc).__name__}"
    stale = dt.timedelta(minutes=getattr(settings, "THIDUA_JOB_STALE_MINUTES", 10))
    if oldest is not None and timezone.now() - oldest > stale:
        return "stalled: jobs wait and no worker takes them"
    return OK


def report() -> dict[str, str]:
    return {"database": database_state(), "cache": cache_state(), "tasks": tasks_state()}
