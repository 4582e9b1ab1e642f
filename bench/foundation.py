"""Foundation pages at 1 commune and at 100 communes of synthetic data (3,000 people per commune).

The signed-in user is an emulation officer of the synthetic province: the widest scope a
province officer has, so every count and search runs over the whole province.
"""

from django.test import Client

from bench.harness import ScaleTable, time_requests, timed
from thidua.access import SYSTEM

SIZES = [(1, 101), (100, 102)]  # (communes, seed)
N = 60


def _label(communes: int) -> str:
    return f"{communes} commune" if communes == 1 else f"{communes} communes"


def run() -> None:
    from thidua.accounts.models import Role, User
    from thidua.accounts.services import role_grant
    from thidua.people.models import Person
    from thidua.units.models import Unit
    from thidua.units.synth import synth

    table = ScaleTable(
        f"Foundation pages, {N} requests each (server time, SQL queries per request)",
        sizes=[_label(communes) for communes, _seed in SIZES],
    )
    for communes, seed in SIZES:
        size = _label(communes)
        with timed() as t:
            synth(communes=communes, seed=seed)
        province = Unit.objects.get(code=f"SYN{seed}-P0")
        commune = Unit.objects.filter(parent=province, kind="commune").order_by("-id").first()
        hamlet = Unit.objects.filter(parent=commune, kind="hamlet").order_by("-id").first()
        user = User.objects.create_user(username=f"bench{seed}", password="x")
        role_grant(actor=SYSTEM, user=user, unit=province, role=Role.OFFICER)
        client = Client()
        client.force_login(user)
        person = Person.objects.filter(unit__path__startswith=province.path).order_by("id")[1500]
        table.trivial(size, client, note=f"data built in {t.seconds:.0f} s")
        pages = [
            ("home dashboard (unit counts cached 60 s)", "/"),
            ("unit list", "/units/"),
            ("unit search 'ap 1'", "/units/?q=ap+1"),
            ("unit page (a commune)", f"/units/{commune.pk}/"),
            ("unit page (the province)", f"/units/{province.pk}/"),
            ("people list", "/people/"),
            ("people of a commune", f"/people/?unit={commune.pk}"),
            ("people of a hamlet", f"/people/?unit={hamlet.pk}"),
            ("person search 'nguyen van'", "/people/?q=nguyen+van"),
            ("person search 'pham thi hoa'", "/people/?q=pham+thi+hoa"),
            ("person page", f"/people/{person.pk}/"),
        ]
        for label, url in pages:
            table.add(size, label, time_requests(client, url, n=N))
    table.print()
