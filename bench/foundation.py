"""Foundation pages at 1 commune and at 100 communes of synthetic data (3,000 people per commune).

The signed-in user is an emulation officer of the synthetic province: the widest scope a
province officer has, so every count and search runs over the whole province.
"""

from django.test import Client

from bench.harness import print_table, time_requests, timed
from thidua.access import SYSTEM

SIZES = [(1, 101), (100, 102)]  # (communes, seed)
N = 60


def run() -> None:
    from thidua.accounts.models import Role, User
    from thidua.accounts.services import role_grant
    from thidua.people.models import Person
    from thidua.units.models import Unit
    from thidua.units.synth import synth

    rows = []
    baseline = None
    for communes, seed in SIZES:
        with timed() as t:
            synth(communes=communes, seed=seed)
        province = Unit.objects.get(code=f"SYN{seed}-P0")
        user = User.objects.create_user(username=f"bench{seed}", password="x")
        role_grant(actor=SYSTEM, user=user, unit=province, role=Role.OFFICER)
        client = Client()
        client.force_login(user)
        person = Person.objects.filter(unit__path__startswith=province.path).order_by("id")[1500]
        pages = [
            ("trivial view (no database)", "/ping"),
            ("home dashboard (unit counts cached 60 s)", "/"),
            ("unit list", "/units/"),
            ("unit search 'ap 1'", "/units/?q=ap+1"),
            ("person search 'nguyen van'", "/people/?q=nguyen+van"),
            ("person search 'pham thi hoa'", "/people/?q=pham+thi+hoa"),
            ("person page", f"/people/{person.pk}/"),
        ]
        for label, url in pages:
            figures = time_requests(client, url, n=N)
            if label.startswith("trivial"):
                baseline = figures["median_ms"]
            rows.append(
                [
                    f"{communes} commune(s)",
                    label,
                    figures["median_ms"],
                    figures["p95_ms"],
                    figures["queries"],
                    figures["median_ms"] / baseline if baseline else 0.0,
                ]
            )
        rows.append([f"{communes} commune(s)", f"(synth took {t.seconds:.1f} s)", "", "", "", ""])
    print_table(
        f"Foundation pages, {N} requests each (server time in ms, SQL queries per request)",
        ["data", "page", "median ms", "p95 ms", "queries", "× trivial"],
        rows,
    )
