"""The API's list pages (`/api/v1/`, 50 rows a page) at 10 and 100 communes of synthetic data with 5
years of the province's movements, figures, nominations and awards (`units.synth.synth_history`),
read with a province's token (the widest scope) and a commune's; the first page and a page deep in
the list (pages go by id, so a deep page should cost the same). On the database
`bench.harness.setup_django` chose: SQLite, or PostgreSQL with DATABASE_URL
(`scripts/with-postgres.sh .venv/bin/python -m bench api`). Figures only: nothing asserts a speed.
"""

from django.db import connection
from django.test import Client, override_settings

from bench.harness import ScaleTable, measure, time_requests, timed
from thidua.access import SYSTEM

N = 40
YEARS = 5
PEOPLE = 300  # per commune
GOAL = "goal: list pages p95 ≤ 50 ms"


def _build(communes: int, seed: int):
    from thidua.api.services import api_token_create
    from thidua.units.models import Unit
    from thidua.units.synth import synth, synth_history

    synth(communes=communes, seed=seed, people_per_commune=PEOPLE)
    history = synth_history(seed=seed, years=YEARS)
    province = Unit.objects.get(code=f"SYN{seed}-P0")
    commune = Unit.objects.filter(parent=province, kind="commune").order_by("id").first()
    province_token = api_token_create(actor=SYSTEM, unit=province, label=f"bench tỉnh {seed}")[1]
    commune_token = api_token_create(actor=SYSTEM, unit=commune, label=f"bench xã {seed}")[1]
    return province, commune, province_token, commune_token, history


def _deep_after(model, scope_filter: dict) -> int:
    """An id nine tenths into the list: a page deep in it."""
    ids = model.objects.filter(**scope_filter).order_by("id").values_list("id", flat=True)
    count = ids.count()
    return ids[max(0, count * 9 // 10)] if count else 0


def run() -> None:
    from thidua.commendations.models import Award
    from thidua.people.models import Person

    sizes = ["10 communes", "100 communes"]
    table = ScaleTable(
        f"API list pages, 50 rows, {N} requests each, {YEARS} years of history "
        f"({GOAL}; {PEOPLE} people per commune; {connection.vendor})",
        sizes,
    )
    # The rate limit is the installation's business, not the benchmark's.
    with override_settings(THIDUA_API_RATE_PER_MINUTE=10**9, THIDUA_API_PUBLIC_RATE_PER_MINUTE=10**9):
        for communes, size in zip((10, 100), sizes, strict=True):
            with timed() as t:
                province, commune, province_token, commune_token, history = _build(
                    communes, seed=700 + communes
                )
            note = (
                f"{history.targets} targets, {history.reports} reports, {history.awards} awards; "
                f"built in {t.seconds:.0f} s"
            )
            as_province = Client(HTTP_AUTHORIZATION=f"Bearer {province_token}")
            as_commune = Client(HTTP_AUTHORIZATION=f"Bearer {commune_token}")
            table.trivial(size, Client(), note=note)
            deep_person = _deep_after(Person, {"unit__path__startswith": province.path})
            deep_award = _deep_after(Award, {"commune__path__startswith": province.path})
            pages = [
                ("province token: units", as_province, "/api/v1/units"),
                ("province token: people", as_province, "/api/v1/people"),
                ("province token: people, deep page", as_province, f"/api/v1/people?after={deep_person}"),
                ("province token: movements", as_province, "/api/v1/movements"),
                ("province token: targets", as_province, "/api/v1/targets"),
                ("province token: figures", as_province, "/api/v1/figures"),
                ("province token: nominations", as_province, "/api/v1/nominations"),
                ("province token: awards", as_province, "/api/v1/awards"),
                ("province token: awards, deep page", as_province, f"/api/v1/awards?after={deep_award}"),
                ("province token: decisions", as_province, "/api/v1/decisions"),
                ("commune token: people", as_commune, "/api/v1/people"),
                ("commune token: targets", as_commune, "/api/v1/targets"),
                ("commune token: figures", as_commune, "/api/v1/figures"),
                ("commune token: awards", as_commune, "/api/v1/awards"),
            ]
            for label, client, url in pages:
                table.add(size, label, time_requests(client, url, n=N))
            award = Award.objects.filter(
                commune__path__startswith=province.path, decision__state="signed"
            ).first()
            if award is not None:
                table.add(
                    size,
                    "public: a certificate check",
                    time_requests(Client(), f"/api/v1/certificates/{award.verify_code}", n=N),
                )
            year = award.year if award is not None else 2025
            table.add(
                size,
                f"commune token: awards export of {year} (whole year)",
                measure(lambda c=as_commune, y=year: c.get(f"/api/v1/awards/export?year={y}"), n=10),
            )
    table.print()
