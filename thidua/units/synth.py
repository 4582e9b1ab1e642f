"""Deterministic synthetic data at scale: provinces of communes, each with hamlets, bodies and people.

Used by benchmarks and load tests. Everything is flagged as sample data and written in bulk;
the audit log receives one summary entry per run rather than one per synthetic record.
"""

import random
from dataclasses import dataclass

from django.db import transaction

from thidua.audit.services import AuditAction, audit_record
from thidua.lib.names import person_name
from thidua.lib.text import fold
from thidua.people.models import Category, Gender, Membership, Person, PersonNameKey, name_keys_for
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


@dataclass
class SynthResult:
    provinces: int
    communes: int
    units: int
    people: int


def synth(*, communes: int, seed: int, people_per_commune: int = 3000) -> SynthResult:
    """Create `communes` communes (100 to a province) with hamlets, bodies and people."""
    rng = random.Random(seed)
    prefix = f"SYN{seed}"
    if Unit.objects.filter(code=f"{prefix}-R").exists():
        raise ValueError(f"Dữ liệu tổng hợp với seed {seed} đã có; hãy chọn seed khác.")
    specs = [
        UnitSpec(
            key=f"{prefix}-R",
            code=f"{prefix}-R",
            name=f"Dữ liệu tổng hợp {seed}",
            kind=UnitKind.NATION,
            parent_key=None,
            is_sample=True,
        )
    ]
    provinces = (communes + COMMUNES_PER_PROVINCE - 1) // COMMUNES_PER_PROVINCE
    for p in range(provinces):
        specs.append(
            UnitSpec(
                key=f"{prefix}-P{p}",
                code=f"{prefix}-P{p}",
                name=f"Tỉnh Tổng Hợp {p + 1}",
                kind=UnitKind.PROVINCE,
                parent_key=f"{prefix}-R",
                is_sample=True,
            )
        )
    for c in range(communes):
        ckey = f"{prefix}-C{c}"
        specs.append(
            UnitSpec(
                key=ckey,
                code=ckey,
                name=f"Xã Tổng Hợp {c + 1}",
                kind=UnitKind.COMMUNE,
                parent_key=f"{prefix}-P{c // COMMUNES_PER_PROVINCE}",
                is_sample=True,
            )
        )
        for h in range(HAMLETS):
            specs.append(
                UnitSpec(
                    key=f"{ckey}-H{h}",
                    code=f"{ckey}-H{h}",
                    name=f"Ấp {h + 1} xã Tổng Hợp {c + 1}",
                    kind=UnitKind.HAMLET,
                    parent_key=ckey,
                    is_sample=True,
                )
            )
        for b, (name, kind) in enumerate(BODIES):
            specs.append(
                UnitSpec(
                    key=f"{ckey}-B{b}",
                    code=f"{ckey}-B{b}",
                    name=f"{name} xã Tổng Hợp {c + 1}",
                    kind=kind,
                    parent_key=ckey,
                    is_sample=True,
                )
            )
    with transaction.atomic():
        units_bulk_upsert(actor="synth", specs=specs, audit=False)
        by_code = dict(Unit.objects.filter(code__startswith=f"{prefix}-").values_list("code", "id"))
        total_people = 0
        for c in range(communes):
            ckey = f"{prefix}-C{c}"
            hamlet_ids = [by_code[f"{ckey}-H{h}"] for h in range(HAMLETS)]
            body_ids = [by_code[f"{ckey}-B{b}"] for b in range(len(BODIES))]
            people = []
            for _i in range(people_per_commune):
                female = rng.random() < 0.51
                name = person_name(rng, female)
                people.append(
                    Person(
                        full_name=name,
                        search_key=fold(name),
                        gender=Gender.FEMALE if female else Gender.MALE,
                        birth_year=rng.randint(1940, 2015),
                        category=rng.choice(CATEGORIES),
                        unit_id=rng.choice(hamlet_ids),
                        is_sample=True,
                    )
                )
            Person.objects.bulk_create(people, batch_size=1000)
            PersonNameKey.objects.bulk_create(name_keys_for(people), batch_size=5000)
            members = [
                Membership(person=person, unit_id=rng.choice(body_ids), title="Hội viên")
                for person in people[: people_per_commune // 10]
            ]
            Membership.objects.bulk_create(members, batch_size=1000)
            total_people += len(people)
        root = Unit.objects.get(code=f"{prefix}-R")
        audit_record(
            actor="synth",
            action=AuditAction.IMPORT,
            instance=root,
            unit=root,
            after={"communes": communes, "seed": seed, "units": len(specs), "people": total_people},
            verb="tạo dữ liệu tổng hợp",
        )
    return SynthResult(provinces=provinces, communes=communes, units=len(specs), people=total_people)
