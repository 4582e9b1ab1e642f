"""Login lockout: django-axes counting per account and per address, each against its own limit."""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit, get_lockout_parameters
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


class LockoutHandler(AxesDatabaseHandler):
    """Locks an account after AXES_FAILURE_LIMIT failures from anywhere, and an address after
    AXES_ADDRESS_FAILURE_LIMIT failures across accounts (higher: a commune office shares one address)."""

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        # axes compares one number with one limit: an address's count is scaled to that limit
        limit = get_failure_limit(request, credentials)
        parameters = get_lockout_parameters(request, credentials)
        worst = 0
        for parameter, attempts in zip(parameters, self.get_user_attempts(request, credentials), strict=True):
            failures = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            if parameter == "ip_address":
                failures = failures * limit // settings.AXES_ADDRESS_FAILURE_LIMIT
            worst = max(worst, failures)
        return worst

    def reset_user_attempts(self, request: HttpRequest, credentials: dict | None = None) -> int:
        """A successful login forgives that account's own failures, not the address's.

        axes' default deletes every attempt matching any parameter, so an insider could log into
        their own account between guesses at others' passwords and start the address's count again.
        """
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count
