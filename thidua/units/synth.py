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
