"""Statistics forms: the three forms of Circular 02/2023/TT-BNV (0601.N, 0602.N, 0603.N) for a
province year at 100 communes with five years of movements and awards, computed alone, as the HTML
page, as Excel and as PDF (goal: the three forms ≤ 2 s together).

The province, its communes and its five years of province movements cascaded to every commune come
from `thidua synth` (`synth`, `synth_history`); its awards are recorded without decisions, so they
count in no form. This bench adds in bulk what the forms read: per year 3 movements of each commune
and 1 of one hamlet of each; per commune and year 3 signed decisions with 60 awards
(commune-level mostly, 12 province-level, 1 state-level), one of them annulled. Without
`synth_history` the province movements are written here too (4 a year, each implemented by every
commune).
"""

import datetime as dt
import itertools

from bench.harness import measure, print_table, time_requests

COMMUNES = 100
YEARS = range(2021, 2026)
YEAR = 2024
PASSWORD = "bench-pass-123"


def _rows(model, items, now):
    """Every concrete column of `model` for each dict in `items`, defaults filled as the ORM would."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    names = [f.name for f in fields]

    def value(field, item):
        if field.name in item:
            return item[field.name]
        if getattr(field, "auto_now_add", False) or getattr(field, "auto_now", False):
            return now
        return field.get_default()

    return names, [tuple(value(f, item) for f in fields) for item in items]


def _insert(model, items, now):
    from thidua.lib.bulk import insert_rows

    names, rows = _rows(model, items, now)
    for start in range(0, len(rows), 5000):
        insert_rows(model, names, rows[start : start + 5000])


def _movements(province, communes, hamlets, now):
    from django.db.models import CharField, Value
    from django.db.models.functions import Cast, Concat

    from thidua.movements.models import Movement

    roots = []
    for year in YEARS if not Movement.objects.filter(unit=province).exists() else ():
        for i in range(4):
            start = dt.date(year, 1 + 3 * i, 1)
            roots.append(
                {
                    "unit": province.pk,
                    "name": f"Phong trào tỉnh {year}-{i}",
                    "kind": "thematic" if i % 2 else "regular",
                    "state": "closed" if year < 2025 else "running",
                    "period_start": start,
                    "period_end": start.replace(year=year + i) - dt.timedelta(days=1)
                    if i
                    else dt.date(year, 12, 31),
                }
            )
    _insert(Movement, roots, now)
    Movement.objects.filter(parent__isnull=True, lineage="").update(
        lineage=Concat(Value("/"), Cast("id", CharField()), Value("/"))
    )
    children, own = [], []
    # The province movements written here (not synth's, already implemented by the communes).
    root_rows = Movement.objects.filter(unit=province, name__startswith="Phong trào tỉnh ").values(
        "pk", "name", "kind", "state", "period_start", "period_end"
    )
    for root, commune in itertools.product(root_rows, communes):
        plan = {key: value for key, value in root.items() if key != "pk"}
        children.append({**plan, "unit": commune.pk, "parent": root["pk"]})
    for year, (c, commune) in itertools.product(YEARS, enumerate(communes)):
        for i in range(3):
            start = dt.date(year, 2 + i * 4, 1)
            own.append(
                {
                    "unit": commune.pk,
                    "name": f"Phong trào xã {c} {year}-{i}",
                    "kind": "thematic" if i else "regular",
                    "state": "closed",
                    "period_start": start,
                    "period_end": start + dt.timedelta(days=90 * (i + 1) * (c % 7 + 1)),
                }
            )
        own.append(
            {
                "unit": hamlets[c].pk,
                "name": f"Phong trào ấp {c} {year}",
                "kind": "regular",
                "state": "closed",
                "period_start": dt.date(year, 3, 1),
                "period_end": dt.date(year, 11, 30),
            }
        )
    _insert(Movement, children, now)
    _insert(Movement, own, now)
    Movement.objects.filter(parent__isnull=False, lineage="").update(
        lineage=Concat(
            Value("/"), Cast("parent_id", CharField()), Value("/"), Cast("id", CharField()), Value("/")
        )
    )
    Movement.objects.filter(parent__isnull=True, lineage="").update(
        lineage=Concat(Value("/"), Cast("id", CharField()), Value("/"))
    )
    return Movement.objects.filter(unit__path__startswith=province.path).count()


def _awards(province, communes, now):
    from thidua.commendations.models import Award, AwardType, Decision
    from thidua.lib.codes import new_code

    def kind(code, name, level, timing, recipient):
        award_type, _created = AwardType.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "short_name": code,
                "recipient_kind": recipient,
                "timing": timing,
                "level": level,
            },
        )
        return award_type

    types = {
        "ldtt": AwardType.objects.get(code="ldtt"),
        "gk": AwardType.objects.get(code="gk-canhan"),
        "bk": kind(
            "bk-tinh-canhan",
            "Bằng khen của Chủ tịch UBND tỉnh (cá nhân)",
            "province",
            "movement",
            "individual",
        ),
        "cstd": kind("cstd-tinh", "Chiến sĩ thi đua cấp tỉnh", "province", "yearly", "individual"),
        "co": kind("co-tinh", "Cờ thi đua của UBND tỉnh", "province", "yearly", "collective"),
        "hc": kind("bench-hcld3", "Huân chương Lao động hạng Ba", "state", "yearly", "individual"),
    }
    decisions = []
    for year, (c, commune) in itertools.product(YEARS, enumerate(communes)):
        for n in range(3):
            decisions.append(
                {
                    "commune": commune.pk,
                    "title": f"Khen thưởng {year} đợt {n}",
                    "year": year,
                    "number": n + 1,
                    "number_label": f"{n + 1}/QĐ-UBND",
                    "signed_on": dt.date(year, 3 + n * 4, 15 if c % 2 else 30),
                    "signer_name": "Chủ tịch",
                    "state": "signed",
                }
            )
    _insert(Decision, decisions, now)
    decision_ids = {
        (commune_id, year, number): pk
        for pk, commune_id, year, number in Decision.objects.filter(commune__in=communes).values_list(
            "pk", "commune_id", "year", "number"
        )
    }
    awards = []
    plan = [("ldtt", 30), ("gk", 17), ("bk", 8), ("cstd", 3), ("co", 1), ("hc", 1)]
    for year, commune in itertools.product(YEARS, communes):
        serial = 0
        for key, count in plan:
            award_type = types[key]
            for _i in range(count):
                serial += 1
                awards.append(
                    {
                        "award_type": award_type.pk,
                        "year": year,
                        "commune": commune.pk,
                        "recipient_kind": award_type.recipient_kind,
                        "recipient_name": f"Người được khen {serial}",
                        "decision": decision_ids[(commune.pk, year, serial % 3 + 1)],
                        "verify_code": new_code(),
                        "annulled": serial == 29,  # one of the 60, a commune-level one
                    }
                )
    _insert(Award, awards, now)
    return Award.objects.filter(commune__path__startswith=province.path).count()


def _setup():
    from django.utils import timezone

    from thidua.access import SYSTEM
    from thidua.accounts.models import Role, User
    from thidua.accounts.services import role_grant
    from thidua.units.models import Unit, UnitKind
    from thidua.units.synth import synth

    synth(communes=COMMUNES, seed=611, people_per_commune=10)
    made = ["commune movements", "awards under decisions"]
    try:
        from thidua.units.synth import synth_history
    except ImportError:
        made.append("province movements")
    else:
        synth_history(seed=611, years=len(YEARS), today=dt.date(YEARS[-1], 11, 30))
    province = Unit.objects.filter(kind=UnitKind.PROVINCE, code__startswith="SYN611").first()
    communes = list(Unit.objects.filter(parent=province, kind=UnitKind.COMMUNE).order_by("path"))
    hamlets = {}
    for hamlet in Unit.objects.filter(parent__in=communes, kind=UnitKind.HAMLET).order_by("path"):
        hamlets.setdefault(hamlet.parent_id, hamlet)
    now = timezone.now()
    _movements(province, communes, [hamlets[c.pk] for c in communes], now)
    _awards(province, communes, now)
    officer = User.objects.create_user(
        username="bench_stat", password=PASSWORD, full_name="Chuyên viên Sở Nội vụ"
    )
    role_grant(actor=SYSTEM, user=officer, unit=province, role=Role.OFFICER)
    return province, communes, officer, made


def run() -> None:
    from django.test import Client

    from thidua.commendations.models import Award
    from thidua.movements.models import Movement
    from thidua.statistics import exports
    from thidua.statistics.definitions import get_form
    from thidua.statistics.selectors import compute_form

    province, communes, officer, made = _setup()
    movements = Movement.objects.filter(unit__path__startswith=province.path).count()
    awards = Award.objects.filter(commune__path__startswith=province.path).count()
    source = "thidua synth, and written by this bench: " + ", ".join(made)
    print(
        f"\nStatistics data ({source}): 1 province, {len(communes)} communes, {len(list(YEARS))} years, "
        f"{movements:,} movements, {awards:,} awards; reporting year {YEAR}"
    )
    forms = [get_form(code) for code in ("0601", "0602", "0603")]
    rows = []

    def all_three():
        for form in forms:
            compute_form(form, province, YEAR)

    together = measure(all_three, n=5)
    rows.append(
        ["the three forms, province (engine)", together["median_ms"], together["p95_ms"], together["queries"]]
    )
    for form in forms:
        alone = measure(lambda form=form: compute_form(form, province, YEAR), n=5)
        rows.append([f"{form.id} province (engine)", alone["median_ms"], alone["p95_ms"], alone["queries"]])
    commune = communes[0]
    for form in forms:
        alone = measure(lambda form=form: compute_form(form, commune, YEAR), n=5)
        rows.append(
            [f"{form.id} one commune (engine)", alone["median_ms"], alone["p95_ms"], alone["queries"]]
        )
    client = Client()
    client.force_login(officer)
    for form in forms:
        page = time_requests(client, f"/statistics/{province.pk}/{YEAR}/{form.id}/", n=10)
        rows.append([f"{form.id} province HTML page", page["median_ms"], page["p95_ms"], page["queries"]])
    result = compute_form(forms[1], province, YEAR)
    xlsx = measure(lambda: exports.form_xlsx(result), n=3)
    rows.append(["0602 Excel (official layout)", xlsx["median_ms"], xlsx["p95_ms"], xlsx["queries"]])
    pdf = measure(lambda: exports.form_pdf(result), n=3)
    rows.append(["0602 PDF (Typst)", pdf["median_ms"], pdf["p95_ms"], pdf["queries"]])
    cell = time_requests(client, f"/statistics/{province.pk}/{YEAR}/0603/individual/total/", n=10)
    rows.append(
        ["0603 province drill-down page (individuals)", cell["median_ms"], cell["p95_ms"], cell["queries"]]
    )
    print_table(
        f"Statistics forms, province year at {len(communes)} communes (goal: the three forms ≤ 2 s)",
        ["what", "median ms", "p95 ms", "queries"],
        rows,
    )


if __name__ == "__main__":
    from bench.harness import setup_django

    setup_django()
    run()
