"""The demo commune: Mỹ Thạnh, from the official list, with sample hamlets, bodies, people and logins;
its province (the official unit above it) with the provincial emulation council and province logins,
and two more communes of the same province (official units) with a few sample hamlets and people.

Every invented record is flagged `is_sample`. Each domain app may add its own demo records
through a `demo.load(ctx)` function, called in order after the foundation.
"""

import importlib
import random
from dataclasses import dataclass, field

from django.db import transaction

from thidua.access import SystemActor
from thidua.accounts.models import Role, User
from thidua.accounts.services import role_grant, user_create
from thidua.people.models import Category, Gender
from thidua.people.services import household_create, membership_add, person_create
from thidua.units.models import Unit, UnitKind
from thidua.units.official import official_specs, ward_code
from thidua.units.services import unit_create, units_bulk_upsert

DEMO_COMMUNE_CODE = ward_code(28051)  # Xã Mỹ Thạnh in the official list since 1 July 2025
# Two more communes of the same province (Tây Ninh since 1 July 2025), each with two sample hamlets.
OTHER_COMMUNES = [
    (ward_code(28066), ["Ấp Mỹ Phú", "Ấp Mỹ Bình"]),  # Xã Mỹ An
    (ward_code(28036), ["Ấp Bình Cang", "Ấp Nhị Thành"]),  # Xã Thủ Thừa
]
PROVINCE_COUNCIL = ("Hội đồng Thi đua – Khen thưởng tỉnh", "HĐTĐKT-tỉnh")
DEMO_PASSWORD = "thidua-demo-2026"
ACTOR = SystemActor("load-demo")

HAMLETS = ["Ấp Mỹ Hòa", "Ấp Mỹ Lợi", "Ấp Thạnh Hòa", "Ấp Thạnh Lợi", "Ấp Mỹ An", "Ấp Thạnh An"]
BODIES = [
    ("Ủy ban Mặt trận Tổ quốc Việt Nam xã Mỹ Thạnh", "MTTQ", UnitKind.FRONT),
    ("Hội Nông dân xã Mỹ Thạnh", "HND", UnitKind.MASS_ORG),
    ("Hội Liên hiệp Phụ nữ xã Mỹ Thạnh", "HLHPN", UnitKind.MASS_ORG),
    ("Đoàn Thanh niên Cộng sản Hồ Chí Minh xã Mỹ Thạnh", "ĐTN", UnitKind.MASS_ORG),
    ("Hội Cựu chiến binh xã Mỹ Thạnh", "HCCB", UnitKind.MASS_ORG),
    ("Văn phòng – Thống kê", "VP-TK", UnitKind.SECTOR),
    ("Đài Truyền thanh xã", "ĐTT", UnitKind.SECTOR),
    ("Trạm Y tế xã", "TYT", UnitKind.SECTOR),
    ("Trường Tiểu học Mỹ Thạnh", "THMT", UnitKind.SECTOR),
    ("Hội đồng Thi đua – Khen thưởng xã", "HĐTĐKT", UnitKind.COUNCIL),
]
# (username, full name, gender, position, role, unit key or None for Mỹ Thạnh): a short name of
# `ctx.units`, or PROVINCE / COMMUNE_2 / COMMUNE_3. Every login holds a role on a unit and its
# subtree, the administrator included: an administrator of the commune's subtree, not a superuser
# (no Django admin, nothing of the other communes). A superuser is only the installation's owner,
# made with `thidua createsuperuser`.
PROVINCE, COMMUNE_2, COMMUNE_3 = "@province", "@commune2", "@commune3"
LOGINS = [
    ("quantri", "Quản trị hệ thống", Gender.OTHER, "Quản trị hệ thống", Role.ADMIN, None),
    ("canbo", "Nguyễn Thị Thu Hà", Gender.FEMALE, "Công chức Văn phòng – Thống kê", Role.OFFICER, None),
    ("chutich", "Phạm Thanh Diễn", Gender.MALE, "Chủ tịch UBND xã", Role.LEADER, None),
    ("hoidong", "Lê Văn Bình", Gender.MALE, "Ủy viên Hội đồng Thi đua – Khen thưởng", Role.COUNCIL, None),
    ("truongap", "Trần Văn Sơn", Gender.MALE, "Trưởng Ấp Mỹ Hòa", Role.REPRESENTATIVE, "Ấp Mỹ Hòa"),
    ("hoinongdan", "Võ Thị Lan", Gender.FEMALE, "Chủ tịch Hội Nông dân xã", Role.REPRESENTATIVE, "HND"),
    ("xem", "Huỳnh Minh Khoa", Gender.MALE, "Cán bộ theo dõi", Role.VIEWER, None),
    ("tinh_canbo", "Đặng Thị Mỹ Linh", Gender.FEMALE, "Chuyên viên Sở Nội vụ", Role.OFFICER, PROVINCE),
    ("tinh_lanhdao", "Nguyễn Văn Đức", Gender.MALE, "Chủ tịch UBND tỉnh", Role.LEADER, PROVINCE),
    (
        "tinh_hoidong",
        "Trương Minh Tâm",
        Gender.MALE,
        "Ủy viên Hội đồng Thi đua – Khen thưởng tỉnh",
        Role.COUNCIL,
        "HĐTĐKT-tỉnh",
    ),
    ("canbo2", "Lê Thị Ngọc Hân", Gender.FEMALE, "Công chức Văn phòng – Thống kê", Role.OFFICER, COMMUNE_2),
    ("chutich2", "Đỗ Văn Đông", Gender.MALE, "Chủ tịch UBND xã", Role.LEADER, COMMUNE_2),
    ("canbo3", "Phan Thanh Tùng", Gender.MALE, "Công chức Văn phòng – Thống kê", Role.OFFICER, COMMUNE_3),
]
# The council each leader chairs: the commune's for Mỹ Thạnh's chairman, the province's for the
# province's chairman.
CHAIRED_COUNCIL = {None: "HĐTĐKT", PROVINCE: "HĐTĐKT-tỉnh"}


@dataclass
class DemoContext:
    commune: Unit
    province: Unit | None = None
    # [Mỹ Thạnh, the second commune, the third commune]
    communes: list[Unit] = field(default_factory=list)
    units: dict[str, Unit] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    people: list = field(default_factory=list)
    rng: random.Random = field(default_factory=lambda: random.Random(2015))


DEMO_APPS = [
    "thidua.movements",
    "thidua.documents",
    "thidua.commendations",
    "thidua.examples",
    "thidua.surveys",
    "thidua.api",
    "thidua.archive",
]


def load_demo() -> DemoContext:
    """Load the official units and the demo commune; refuses to load twice."""
    units_bulk_upsert(actor=ACTOR, specs=official_specs())
    commune = Unit.objects.select_related("parent").get(code=DEMO_COMMUNE_CODE)
    if User.objects.filter(username="canbo").exists():
        raise RuntimeError("Dữ liệu mẫu đã được nạp.")
    with transaction.atomic():
        ctx = DemoContext(commune=commune, province=commune.parent)
        ctx.communes = [commune, *(Unit.objects.get(code=code) for code, _hamlets in OTHER_COMMUNES)]
        for name in HAMLETS:
            ctx.units[name] = unit_create(
                actor=ACTOR, name=name, kind=UnitKind.HAMLET, parent=commune, is_sample=True
            )
        for name, short, kind in BODIES:
            ctx.units[short] = unit_create(
                actor=ACTOR, name=name, short_name=short, kind=kind, parent=commune, is_sample=True
            )
        _people(ctx)
        _province(ctx)
        _logins(ctx)
    for app in DEMO_APPS:
        try:
            module = importlib.import_module(f"{app}.demo")
        except ModuleNotFoundError:
            continue
        with transaction.atomic():
            module.load(ctx)
    _close_past_movements()
    return ctx


def _close_past_movements() -> None:
    """Movements whose time ended years ago (the seed's 2015–2020 plan) are closed once their history
    — figures, reviews, awards — has been written by the apps above."""
    import datetime as dt

    from django.utils import timezone

    from thidua.movements.models import Movement, MovementState
    from thidua.movements.services import movement_close

    cutoff = timezone.localdate() - dt.timedelta(days=365)
    past = Movement.objects.filter(
        state__in=[MovementState.LAUNCHED, MovementState.RUNNING], period_end__lt=cutoff
    ).order_by("-lineage")
    with transaction.atomic():
        for movement in past:
            movement_close(actor=ACTOR, movement=movement)


def _people(ctx: DemoContext) -> None:
    rng = ctx.rng
    categories = [Category.FARMER] * 5 + [
        Category.WORKER,
        Category.BUSINESS,
        Category.CITIZEN,
        Category.STUDENT,
    ]
    for hamlet_name in HAMLETS:
        hamlet = ctx.units[hamlet_name]
        for household_no in range(3):
            members = []
            for i in range(rng.randint(2, 4)):
                female = (i % 2 == 1) if i < 2 else rng.random() < 0.5
                members.append(
                    person_create(
                        actor=ACTOR,
                        full_name=_name(rng, female),
                        gender=Gender.FEMALE if female else Gender.MALE,
                        birth_year=rng.randint(1955, 1995) if i < 2 else rng.randint(1996, 2012),
                        category=rng.choice(categories) if i < 2 else Category.STUDENT,
                        unit=hamlet,
                        is_sample=True,
                    )
                )
            household_create(
                actor=ACTOR,
                head=members[0],
                members=members[1:],
                hamlet=hamlet,
                address=f"Số {household_no + 1}, {hamlet_name}",
                is_sample=True,
            )
            ctx.people.extend(members)
    for short in ("HND", "HLHPN", "ĐTN", "HCCB"):
        for person in rng.sample(ctx.people, 4):
            membership_add(actor=ACTOR, person=person, unit=ctx.units[short], title="Hội viên")
    for short in ("VP-TK", "ĐTT", "TYT", "THMT"):
        for i in range(3):
            female = i == 1
            ctx.people.append(
                person_create(
                    actor=ACTOR,
                    full_name=_name(rng, female),
                    gender=Gender.FEMALE if female else Gender.MALE,
                    birth_year=rng.randint(1970, 1998),
                    position="Viên chức" if short in ("TYT", "THMT") else "Công chức",
                    category=Category.PUBLIC_EMPLOYEE if short in ("TYT", "THMT") else Category.CIVIL_SERVANT,
                    unit=ctx.commune,
                    is_sample=True,
                )
            )
            membership_add(actor=ACTOR, person=ctx.people[-1], unit=ctx.units[short])


def _name(rng: random.Random, female: bool) -> str:
    from thidua.lib.names import person_name

    return person_name(rng, female)


def _province(ctx: DemoContext) -> None:
    """The province's emulation council, and the other two communes' sample hamlets and people."""
    name, short = PROVINCE_COUNCIL
    ctx.units[short] = unit_create(
        actor=ACTOR, name=name, short_name=short, kind=UnitKind.COUNCIL, parent=ctx.province, is_sample=True
    )
    rng = ctx.rng
    for commune, (_code, hamlets) in zip(ctx.communes[1:], OTHER_COMMUNES, strict=True):
        for hamlet_name in hamlets:
            hamlet = unit_create(
                actor=ACTOR, name=hamlet_name, kind=UnitKind.HAMLET, parent=commune, is_sample=True
            )
            ctx.units[hamlet_name] = hamlet
            members = [
                person_create(
                    actor=ACTOR,
                    full_name=_name(rng, female),
                    gender=Gender.FEMALE if female else Gender.MALE,
                    birth_year=rng.randint(1960, 1995),
                    category=Category.FARMER,
                    unit=hamlet,
                    is_sample=True,
                )
                for female in (False, True, rng.random() < 0.5)
            ]
            household_create(
                actor=ACTOR,
                head=members[0],
                members=members[1:],
                hamlet=hamlet,
                address=f"Số 1, {hamlet_name}",
                is_sample=True,
            )
            ctx.people.extend(members)


def _login_unit(ctx: DemoContext, key: str | None) -> Unit:
    if key is None:
        return ctx.commune
    if key == PROVINCE:
        assert ctx.province is not None
        return ctx.province
    if key in (COMMUNE_2, COMMUNE_3):
        return ctx.communes[1 if key == COMMUNE_2 else 2]
    return ctx.units[key]


def _logins(ctx: DemoContext) -> None:
    for username, full_name, gender, position, role, unit_key in LOGINS:
        unit = _login_unit(ctx, unit_key)
        # A person belongs to a territorial unit: a body's member to the commune or province above it.
        home = unit if unit.is_territorial else unit.parent
        person = person_create(
            actor=ACTOR,
            full_name=full_name,
            gender=gender,
            position=position,
            category=Category.CIVIL_SERVANT if role != Role.REPRESENTATIVE else Category.CITIZEN,
            unit=home if home is not None and home.is_territorial else ctx.commune,
            birth_year=1975,
            is_sample=True,
        )
        user = user_create(
            actor=ACTOR,
            username=username,
            password=DEMO_PASSWORD,
            full_name=full_name,
            person=person,
        )
        role_grant(actor=ACTOR, user=user, unit=unit, role=role, title=position)
        if role == Role.LEADER and unit_key in CHAIRED_COUNCIL:
            role_grant(
                actor=ACTOR,
                user=user,
                unit=ctx.units[CHAIRED_COUNCIL[unit_key]],
                role=Role.COUNCIL,
                title="Chủ tịch Hội đồng",
            )
        ctx.users[username] = user


def login_table() -> list[tuple[str, str, str]]:
    return [
        (username, DEMO_PASSWORD, f"{role.label} – {full_name}")
        for username, full_name, _g, _p, role, _u in LOGINS
    ]
