"""The pages people open most, at 10 and 100 communes with 5 years of history (`thidua synth
--years`): the home page and the nominations list, for an officer of the province and of one of its
communes. Goal: each within 10× the trivial view, and the same SQL queries at both sizes. The
dashboard is kept per user under the audit chain's length: "seen again" is a visit with nothing
written in between, "after a change" the first visit after someone wrote something.
Figures only: a benchmark never asserts a speed.
"""

from django.db import connection
from django.test import Client
from django.utils import timezone

from bench.harness import ScaleTable, time_requests, timed
from thidua.access import SYSTEM

N = 40
YEARS = 5
SIZES = [(10, 910), (100, 1010)]  # (communes, seed)


def _build(communes: int, seed: int):
    from thidua.accounts.models import Role, User
    from thidua.accounts.services import role_grant
    from thidua.units.models import Unit
    from thidua.units.synth import synth, synth_history

    synth(communes=communes, seed=seed, people_per_commune=30)
    history = synth_history(seed=seed, years=YEARS)
    province = Unit.objects.get(code=f"SYN{seed}-P0")
    commune = Unit.objects.filter(parent=province, kind="commune").order_by("path").first()
    users = {}
    for who, unit in (("province officer", province), ("commune officer", commune)):
        user = User.objects.create_user(username=f"bench-home-{seed}-{unit.pk}", password="x")
        role_grant(actor=SYSTEM, user=user, unit=unit, role=Role.OFFICER)
        users[who] = user
    return users, history


def _someone_writes() -> None:
    """A change elsewhere, through the one write path: the audit chain grows by one entry."""
    from django.db import transaction

    from thidua.audit.models import AuditAction
    from thidua.audit.services import audit_record

    with transaction.atomic():
        audit_record(actor=SYSTEM, action=AuditAction.UPDATE, verb="bench: a change elsewhere")


def run() -> None:
    from thidua.movements.criteria import load_shipped
    from thidua.movements.models import CriteriaSet

    if not CriteriaSet.objects.exists():
        load_shipped()
    labels = [f"{communes} communes" for communes, _seed in SIZES]
    table = ScaleTable(
        f"Home page and nominations list, {YEARS} years of history "
        f"(goal ≤ 10× trivial, queries constant; {connection.vendor})",
        sizes=labels,
    )
    year = timezone.localdate().year
    for (communes, seed), size in zip(SIZES, labels, strict=True):
        with timed() as t:
            users, history = _build(communes, seed)
        note = f"{history.movements} movements, {history.nominations} nominations; built in {t.seconds:.0f} s"
        first = True
        for who, user in users.items():
            client = Client()
            client.force_login(user)
            if first:
                table.trivial(size, client, note=note)
                first = False
            table.add(size, f"home page, seen again ({who})", time_requests(client, "/", n=N))
            table.add(
                size,
                f"home page, after a change ({who})",
                time_requests(client, "/", n=N, before=_someone_writes),
            )
            table.add(size, f"nominations list ({who})", time_requests(client, "/commendations/", n=N))
            table.add(
                size,
                f"  filtered by state and year ({who})",
                time_requests(client, f"/commendations/?state=submitted&year={year}", n=N),
            )
    table.print()
