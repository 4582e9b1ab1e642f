"""Deterministic synthetic data at scale: provinces of communes, each with hamlets, bodies and people.

Used by benchmarks and load tests. Everything is flagged as sample data and written in bulk;
the audit log receives one summary entry per run rather than one per synthetic record.
"""

import random
from dataclasses import dataclass
from functools import cache

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from thidua.access import SystemActor
from thidua.audit.services import AuditAction, audit_record
from thidua.lib.names import person_name
from thidua.lib.text import fold, word_suffixes
from thidua.people.models import Category, Gender, Membership, Person, PersonNameKey
from thidua.units.models import Unit, UnitKind
from thidua.units.services import UnitSpec, units_bulk_upsert

COMMUNES_PER_PROVINCE = 100
HAMLETS = 18
BODIES = [
    ("Ủy ban MTTQ", UnitKind.FRONT),
    ("Hội Nông dân", UnitKind.MASS_ORG),
    ("Hội Liên hiệp Phụ nữ", UnitKind.MASS_ORG),
    ("Đoàn Thanh niên", UnitKind.MASS_ORG),
    ("Hội Cựu chiến binh", UnitKind.MASS_ORG),
    ("Trạm Y tế", UnitKind.SECTOR),
    ("Trường Tiểu học", UnitKind.SECTOR),
]
CATEGORIES = (
    [Category.FARMER] * 6 + [Category.WORKER] * 2 + [Category.CITIZEN, Category.STUDENT, Category.BUSINESS]
)


@cache
def _fold(name: str) -> str:
    return fold(name)


@cache
def _suffixes(key: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(word_suffixes(key)))


class _RowWriter:
    """Writes people, their name keys and memberships with plain executemany.

    Hundreds of thousands of rows through model instances cost most of the time in preparing
    values; here ids are assigned from the table's current maximum under the transaction's
    write lock, and the id sequences are reset afterwards (a no-op on SQLite).
    """

    def __init__(self):
        self.now = connection.ops.adapt_datetimefield_value(timezone.now())
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {Person._meta.db_table} IN EXCLUSIVE MODE")
        self.next_id = (Person.objects.aggregate(m=Max("id"))["m"] or 0) + 1
        self.people = 0
        self.person_rows: list[tuple] = []
        self.key_rows: list[tuple] = []
        self.member_rows: list[tuple] = []

    def person(self, *, name, gender, birth_year, category, unit_id) -> int:
        person_id = self.next_id
        self.next_id += 1
        key = _fold(name)
        self.person_rows.append(
            (
                person_id,
                name,
                gender,
                birth_year,
                "",
                category,
                unit_id,
                "",
                "",
                key,
                True,
                self.now,
                self.now,
            )
        )
        self.key_rows.extend((person_id, tail) for tail in _suffixes(key))
        self.people += 1
        return person_id

    def membership(self, person_id: int, unit_id: int) -> None:
        self.member_rows.append((person_id, unit_id, "Hội viên"))

    def flush(self) -> None:
        people, keys, members = (
            Person._meta.db_table,
            PersonNameKey._meta.db_table,
            Membership._meta.db_table,
        )
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {people} (id, full_name, gender, birth_year, position, category, unit_id, phone, note, "
                "search_key, is_sample, created_at, updated_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                self.person_rows,
            )
            cursor.executemany(f'INSERT INTO {keys} (person_id, "key") VALUES (%s, %s)', self.key_rows)
            cursor.executemany(
                f"INSERT INTO {members} (person_id, unit_id, title) VALUES (%s, %s, %s)", self.member_rows
            )
        self.person_rows, self.key_rows, self.member_rows = [], [], []

    def finish(self) -> None:
        self.flush()
        sql = connection.ops.sequence_reset_sql(no_style(), [Person, PersonNameKey, Membership])
        with connection.cursor() as cursor:
            for statement in sql:
                cursor.execute(statement)


@dataclass
class SynthResult:
    provinces: int
    communes: int
    units: int
    people: int


def _spec(key: str, name: str, kind: str, parent_key: str | None) -> UnitSpec:
    return UnitSpec(key=key, code=key, name=name, kind=kind, parent_key=parent_key, is_sample=True)


def _commune_specs(prefix: str, c: int) -> list[UnitSpec]:
    """The commune numbered c, then its hamlets and its bodies."""
    ckey = f"{prefix}-C{c}"
    specs = [_spec(ckey, f"Xã Tổng Hợp {c + 1}", UnitKind.COMMUNE, f"{prefix}-P{c // COMMUNES_PER_PROVINCE}")]
    for h in range(HAMLETS):
        specs.append(_spec(f"{ckey}-H{h}", f"Ấp {h + 1} xã Tổng Hợp {c + 1}", UnitKind.HAMLET, ckey))
    for b, (name, kind) in enumerate(BODIES):
        specs.append(_spec(f"{ckey}-B{b}", f"{name} xã Tổng Hợp {c + 1}", kind, ckey))
    return specs


def _unit_specs(prefix: str, seed: int, communes: int, provinces: int) -> list[UnitSpec]:
    """The tree, parents before children: a root, its provinces, then each commune with its units."""
    specs = [_spec(f"{prefix}-R", f"Dữ liệu tổng hợp {seed}", UnitKind.NATION, None)]
    for p in range(provinces):
        specs.append(_spec(f"{prefix}-P{p}", f"Tỉnh Tổng Hợp {p + 1}", UnitKind.PROVINCE, f"{prefix}-R"))
    for c in range(communes):
        specs.extend(_commune_specs(prefix, c))
    return specs


def _write_people(
    writer: _RowWriter, rng: random.Random, prefix: str, communes: int, people_per_commune: int
) -> None:
    """People living in each commune's hamlets; the first tenth of them also members of a body."""
    by_code = dict(Unit.objects.filter(code__startswith=f"{prefix}-").values_list("code", "id"))
    for c in range(communes):
        ckey = f"{prefix}-C{c}"
        hamlet_ids = [by_code[f"{ckey}-H{h}"] for h in range(HAMLETS)]
        body_ids = [by_code[f"{ckey}-B{b}"] for b in range(len(BODIES))]
        for i in range(people_per_commune):
            female = rng.random() < 0.51
            name = person_name(rng, female)
            person_id = writer.person(
                name=name,
                gender=Gender.FEMALE if female else Gender.MALE,
                birth_year=rng.randint(1940, 2015),
                category=rng.choice(CATEGORIES),
                unit_id=rng.choice(hamlet_ids),
            )
            if i < people_per_commune // 10:
                writer.membership(person_id, rng.choice(body_ids))
        writer.flush()
    writer.finish()


def synth(*, communes: int, seed: int, people_per_commune: int = 3000) -> SynthResult:
    """Create `communes` communes (100 to a province) with hamlets, bodies and people."""
    rng = random.Random(seed)
    prefix = f"SYN{seed}"
    if Unit.objects.filter(code=f"{prefix}-R").exists():
        raise ValueError(f"Dữ liệu tổng hợp với seed {seed} đã có; hãy chọn seed khác.")
    provinces = (communes + COMMUNES_PER_PROVINCE - 1) // COMMUNES_PER_PROVINCE
    specs = _unit_specs(prefix, seed, communes, provinces)
    with transaction.atomic():
        units_bulk_upsert(actor=SystemActor("synth"), specs=specs, audit=False)
        writer = _RowWriter()
        _write_people(writer, rng, prefix, communes, people_per_commune)
        root = Unit.objects.get(code=f"{prefix}-R")
        audit_record(
            actor=SystemActor("synth"),
            action=AuditAction.IMPORT,
            instance=root,
            unit=root,
            after={"communes": communes, "seed": seed, "units": len(specs), "people": writer.people},
            verb="tạo dữ liệu tổng hợp",
        )
    return SynthResult(provinces=provinces, communes=communes, units=len(specs), people=writer.people)


# --- five years of a province's emulation work ---------------------------------------------

HISTORY_INDICATORS = 10  # the province's targets of each commune each year
HAMLET_TARGETS = (6, 2)  # each commune's plan: its first 6 hamlets, 2 indicators each
NOMINATIONS_PER_YEAR = 6  # per commune, of which two thirds awarded


@dataclass
class HistoryResult:
    movements: int
    targets: int
    reports: int
    nominations: int
    awards: int


def synth_history(*, seed: int, years: int = 5, today=None) -> HistoryResult:
    """`years` years (the current one last) of the synthetic provinces' work for the communes made by
    `synth(seed=…)`: each year a province movement, implemented by every commune; the province's
    targets of each commune and the targets each commune's plan gives its hamlets, with quarterly
    figures (past years closed; this year up to the quarters come due, a tenth of the communes late
    with the last one); each commune's registration with the province; New Rural criteria assessed
    the last year when the criteria sets are loaded; nominations and the awards decided on them.

    Written in bulk (`lib.bulk`, `bulk_create`), not through the services; the dashboards' read
    model is then computed by `standings_rebuild`, as `thidua movements-rebuild` does."""
    import datetime as dt
    from decimal import Decimal

    from thidua.lib.bulk import insert_rows
    from thidua.movements import periods as period_names
    from thidua.movements.models import (
        CommitmentState,
        CriteriaSet,
        Direction,
        Indicator,
        Movement,
        MovementState,
        PeriodKind,
        PeriodState,
        ProgressReport,
        ReviewPeriod,
        Target,
    )
    from thidua.movements.services.plan import _period_bounds
    from thidua.movements.services.standings import standings_rebuild

    today = today or timezone.localdate()
    now = timezone.now()
    rng = random.Random(seed * 7919 + years)
    prefix = f"SYN{seed}"
    provinces = list(Unit.objects.filter(code__startswith=f"{prefix}-P").order_by("path"))
    if not provinces:
        raise ValueError(f"Chưa có dữ liệu tổng hợp với seed {seed}; hãy chạy synth trước.")
    if Movement.objects.filter(unit__in=provinces).exists():
        raise ValueError(f"Dữ liệu tổng hợp seed {seed} đã có các phong trào.")
    first_year = today.year - years + 1
    directions = [Direction.INCREASE, Direction.DECREASE, Direction.REACH, Direction.YES_NO]
    indicators = [
        Indicator.objects.get_or_create(
            name=f"Chỉ tiêu tổng hợp {i + 1}",
            defaults={"direction": directions[i % 4], "baseline": Decimal(10), "is_sample": True},
        )[0]
        for i in range(HISTORY_INDICATORS)
    ]
    criteria_set = CriteriaSet.objects.filter(code="NTM-51-2025").first()
    counts = HistoryResult(0, 0, 0, 0, 0)
    with transaction.atomic():
        for province in provinces:
            communes = list(Unit.objects.filter(parent=province, kind=UnitKind.COMMUNE).order_by("path"))
            hamlets = _first_hamlets(communes, HAMLET_TARGETS[0])
            for year in range(first_year, today.year + 1):
                current = year == today.year
                parent = Movement(
                    unit=province,
                    name=f"Thi đua yêu nước năm {year}",
                    plan_number=f"{rng.randint(10, 300)}/KH-UBND",
                    plan_date=dt.date(year, 1, 15),
                    period_start=dt.date(year, 1, 1),
                    period_end=dt.date(year, 12, 31),
                    cadence="quarterly",
                    state=MovementState.RUNNING if current else MovementState.CLOSED,
                    criteria_set=criteria_set if current else None,
                    is_sample=True,
                )
                parent.save()
                parent.lineage = f"/{parent.pk}/"
                parent.save(update_fields=["lineage"])
                children = Movement.objects.bulk_create(
                    [
                        Movement(
                            unit=commune,
                            parent=parent,
                            name=parent.name,
                            period_start=parent.period_start,
                            period_end=parent.period_end,
                            cadence="quarterly",
                            state=parent.state,
                            is_sample=True,
                        )
                        for commune in communes
                    ]
                )
                if not all(c.pk for c in children):  # a database that does not return ids
                    children = list(Movement.objects.filter(parent=parent).order_by("unit__path"))
                for child in children:
                    child.lineage = f"{parent.lineage}{child.pk}/"
                Movement.objects.bulk_update(children, ["lineage"], batch_size=500)
                movements = [parent, *children]
                counts.movements += len(movements)
                periods = _history_periods(
                    movements, today, ReviewPeriod, PeriodKind, PeriodState, period_names, _period_bounds
                )
                late = (
                    set(rng.sample([c.pk for c in communes], max(1, len(communes) // 10)))
                    if current
                    else set()
                )
                targets: list = []
                for commune in communes:
                    for indicator in indicators:
                        targets.append(_target(Target, parent, commune, year, indicator, rng))
                by_commune = {c.pk: child for c, child in zip(communes, children, strict=True)}
                for commune in communes:
                    for hamlet in hamlets[commune.pk]:
                        for indicator in indicators[: HAMLET_TARGETS[1]]:
                            targets.append(
                                _target(Target, by_commune[commune.pk], hamlet, year, indicator, rng)
                            )
                targets = Target.objects.bulk_create(targets, batch_size=2000)
                counts.targets += len(targets)
                rows = []
                for target in targets:
                    commune_id = (
                        target.unit.parent_id if target.unit.kind == UnitKind.HAMLET else target.unit_id
                    )
                    quarters = periods[target.movement_id]
                    if commune_id in late and quarters:
                        quarters = quarters[:-1]
                    for quarter in quarters:
                        yes_no = target.indicator.direction == Direction.YES_NO
                        value = rng.randint(0, 1) if yes_no else rng.randint(5, 25)
                        rows.append((target.pk, quarter.pk, Decimal(value), "", now))
                insert_rows(ProgressReport, ("target", "period", "value", "note", "reported_at"), rows)
                counts.reports += len(rows)
                _history_registrations(parent, communes, year, rng, CommitmentState)
                if current and criteria_set is not None:
                    _history_criteria(parent, communes, criteria_set, rng)
                n, a = _history_awards(province, communes, year, parent, rng)
                counts.nominations += n
                counts.awards += a
        standings_rebuild(actor=SystemActor("synth"))
        audit_record(
            actor=SystemActor("synth"),
            action=AuditAction.IMPORT,
            instance=provinces[0],
            unit=provinces[0],
            after={"seed": seed, "years": years, **counts.__dict__},
            verb="tạo dữ liệu tổng hợp các năm",
        )
    return counts


def _first_hamlets(communes: list[Unit], n: int) -> dict[int, list[Unit]]:
    hamlets: dict[int, list[Unit]] = {c.pk: [] for c in communes}
    for hamlet in Unit.objects.filter(parent__in=communes, kind=UnitKind.HAMLET).order_by("path"):
        if len(hamlets[hamlet.parent_id]) < n:
            hamlets[hamlet.parent_id].append(hamlet)
    return hamlets


def _target(Target, movement, unit: Unit, year: int, indicator, rng: random.Random):
    from decimal import Decimal

    value = Decimal(1) if indicator.direction == "yes_no" else Decimal(rng.randint(15, 25))
    target = Target(movement=movement, unit=unit, year=year, indicator=indicator, value=value)
    target.unit, target.indicator = unit, indicator  # read back when the figures are drawn
    return target


def _history_periods(
    movements, today, ReviewPeriod, PeriodKind, PeriodState, names, bounds
) -> dict[int, list]:
    """The periods of every movement (as its launch makes them); the quarters whose figures are in
    (past years: all; this year: those come due), by movement."""
    import datetime as dt

    rows = []
    for movement in movements:
        grace = dt.timedelta(days=movement.report_grace_days)
        for name, kind, start, end in bounds(movement):
            state = PeriodState.CLOSED if end.year < today.year else PeriodState.OPEN
            rows.append(
                ReviewPeriod(
                    movement=movement,
                    name=name,
                    kind=kind,
                    start=start,
                    end=end,
                    due=end + grace,
                    state=state,
                )
            )
        rows.append(
            ReviewPeriod(
                movement=movement,
                name=names.FINAL_NAME,
                kind=PeriodKind.FINAL,
                start=movement.period_start,
                end=movement.period_end,
                due=movement.period_end + grace,
                state=PeriodState.CLOSED if movement.period_end.year < today.year else PeriodState.OPEN,
            )
        )
    created = ReviewPeriod.objects.bulk_create(rows, batch_size=2000)
    if not all(p.pk for p in created):
        created = list(ReviewPeriod.objects.filter(movement__in=movements))
    quarters: dict[int, list] = {m.pk: [] for m in movements}
    for period in sorted(created, key=lambda p: p.end):
        if period.kind == PeriodKind.QUARTER and period.due < today:
            quarters[period.movement_id].append(period)
    return quarters


def _history_registrations(movement, communes, year, rng, CommitmentState) -> None:
    from thidua.movements.models import Commitment

    states = [CommitmentState.APPROVED] * 6 + [CommitmentState.SUBMITTED] * 2 + [None] * 2
    rows = []
    for commune in communes:
        state = rng.choice(states)
        if state is not None:
            rows.append(
                Commitment(
                    movement=movement,
                    unit=commune,
                    year=year,
                    state=state,
                    titles="Cờ thi đua của UBND tỉnh",
                    is_sample=True,
                )
            )
    Commitment.objects.bulk_create(rows, batch_size=2000)


def _history_criteria(movement, communes, criteria_set, rng) -> None:
    from thidua.movements.models import CriterionResult

    criteria = list(criteria_set.criteria.all())
    rows = []
    for commune in communes:
        met_count = rng.randint(len(criteria) - 5, len(criteria))
        for number, criterion in enumerate(criteria):
            met = number < met_count
            rows.append(
                CriterionResult(
                    movement=movement,
                    unit=commune,
                    criterion=criterion,
                    met=met,
                    evidence="Báo cáo rà soát (dữ liệu tổng hợp)" if met else "",
                )
            )
    CriterionResult.objects.bulk_create(rows, batch_size=2000)


def _history_awards(province, communes, year, movement, rng) -> tuple[int, int]:
    """Nominations of people of each commune, two thirds of them decided with an award recorded
    under a decision outside the system; none when the award catalogue is not loaded."""
    from thidua.commendations.models import Award, AwardType, Nomination, NominationState

    award_type = (
        AwardType.objects.filter(recipient_kind="individual", active=True).order_by("rank", "pk").first()
    )
    if award_type is None:
        return 0, 0
    people = {}
    for commune in communes:
        people[commune.pk] = list(
            Person.objects.filter(unit__parent=commune).order_by("pk").values_list("pk", "full_name")[:50]
        )
    nominations = []
    for commune in communes:
        chosen = rng.sample(people[commune.pk], min(NOMINATIONS_PER_YEAR, len(people[commune.pk])))
        for i, (person_id, name) in enumerate(chosen):
            decided = i < len(chosen) * 2 // 3
            nominations.append(
                Nomination(
                    commune=commune,
                    unit=commune,
                    award_type=award_type,
                    year=year,
                    recipient_kind="individual",
                    person_id=person_id,
                    recipient_name=name,
                    movement=movement,
                    achievement="Hoàn thành xuất sắc nhiệm vụ (dữ liệu tổng hợp).",
                    state=NominationState.DECIDED if decided else NominationState.SUBMITTED,
                    is_sample=True,
                )
            )
    nominations = Nomination.objects.bulk_create(nominations, batch_size=2000)
    awards = [
        Award(
            award_type=award_type,
            year=year,
            commune_id=n.commune_id,
            recipient_kind="individual",
            person_id=n.person_id,
            recipient_name=n.recipient_name,
            nomination=n,
            external_ref=f"QĐ tổng hợp {year}",
            movement=movement,
            is_sample=True,
        )
        for n in nominations
        if n.state == NominationState.DECIDED and n.pk
    ]
    Award.objects.bulk_create(awards, batch_size=2000)
    return len(nominations), len(awards)
