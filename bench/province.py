"""The province dashboard (a province movement commune by commune) at 10 and 100 communes, each with
5 years of the province's movements, figures, nominations and awards made by `thidua synth --years`
(`units.synth.synth_history`), and its .xlsx export. The query count should not change with the
number of communes. On the database `bench.harness.setup_django` chose: SQLite, or PostgreSQL when
DATABASE_URL is set (`scripts/with-postgres.sh .venv/bin/python -m bench province`).
Figures only: a benchmark never asserts a speed.
"""

from django.db import connection
from django.test import Client

from bench.harness import ScaleTable, measure, time_requests, timed
from thidua.access import SYSTEM

N = 30
YEARS = 5
GOALS = "goal: province dashboard p95 ≤ 150 ms, queries constant"


def _build(communes: int, seed: int):
    from thidua.accounts.models import Role, User
    from thidua.accounts.services import role_grant
    from thidua.movements.models import Movement, MovementState
    from thidua.units.models import Unit
    from thidua.units.synth import synth, synth_history

    synth(communes=communes, seed=seed, people_per_commune=30)
    history = synth_history(seed=seed, years=YEARS)
    province = Unit.objects.get(code=f"SYN{seed}-P0")
    movement = Movement.objects.get(unit=province, state=MovementState.RUNNING)
    user = User.objects.create_user(username=f"bench-tinh-{seed}", password="x")
    role_grant(actor=SYSTEM, user=user, unit=province, role=Role.OFFICER)
    return movement, user, history


def _criteria() -> None:
    """The New Rural criteria sets, as an installation loads them (the award catalogue comes with
    the migrations)."""
    from thidua.movements.criteria import load_shipped
    from thidua.movements.models import CriteriaSet

    if not CriteriaSet.objects.exists():
        load_shipped()


def _export(movement):
    from thidua.movements.province import province_board
    from thidua.movements.workbook.province import province_workbook

    def run():
        import io

        from django.utils import timezone

        board = province_board(movement, today=timezone.localdate())
        province_workbook(board).save(io.BytesIO())

    return run


def run() -> None:
    _criteria()
    sizes = ["10 communes", "100 communes"]
    table = ScaleTable(f"Province dashboard, {YEARS} years of history ({GOALS}; {connection.vendor})", sizes)
    for communes, size in zip((10, 100), sizes, strict=True):
        with timed() as t:
            movement, user, history = _build(communes, seed=900 + communes)
        note = (
            f"{history.movements} movements, {history.targets} targets, {history.reports} reports, "
            f"{history.nominations} nominations, {history.awards} awards; built in {t.seconds:.0f} s"
        )
        client = Client()
        client.force_login(user)
        table.trivial(size, client, note=note)
        table.add(
            size, "province dashboard", time_requests(client, f"/movements/{movement.pk}/province/", n=N)
        )
        table.add(
            size,
            "  its .xlsx export (view)",
            time_requests(client, f"/movements/{movement.pk}/province.xlsx", n=10),
        )
        table.add(size, "  the board and workbook alone", measure(_export(movement), n=5))
        table.add(size, "home page of the province officer", time_requests(client, "/", n=N))
    table.print()
