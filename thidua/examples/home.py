"""What the examples app asks of a signed-in user: examples to review, bulletins to acknowledge."""

from django.db.models import Count

from thidua import access
from thidua.access import Action
from thidua.accounts.models import Role
from thidua.examples.models import Example, ExampleState
from thidua.examples.selectors import deliveries_waiting


def sections(user) -> list[dict]:
    reviewable = [u for u in access.home_units(user) if access.can(user, Action.EXAMPLE_REVIEW, u)]
    counts = {}
    if reviewable:
        counts = dict(
            access.filter_visible(user, Example.objects.all())
            .filter(state__in=[ExampleState.PROPOSED, ExampleState.VERIFIED])
            .values_list("state")
            .annotate(n=Count("id"))
            .order_by()
        )
    deliveries = [
        # Only the hamlet's own head is asked; the officer follows deliveries on the bulletin page.
        d
        for d in deliveries_waiting(user)[:10]
        if Role.REPRESENTATIVE in access.roles_on(user, d.hamlet)
    ]
    proposed = counts.get(ExampleState.PROPOSED, 0)
    verified = counts.get(ExampleState.VERIFIED, 0)
    if not (proposed or verified or deliveries):
        return []
    return [
        {
            "template": "examples/_home.html",
            "context": {
                "proposed": proposed,
                "verified": verified,
                "deliveries": deliveries,
                "proposed_state": ExampleState.PROPOSED,
                "verified_state": ExampleState.VERIFIED,
            },
        }
    ]
