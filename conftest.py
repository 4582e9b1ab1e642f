"""Shared fixtures: a small tree of units and one persona per role."""

import pytest

from thidua.access import SYSTEM
from thidua.accounts.models import Role, User
from thidua.accounts.services import role_grant
from thidua.units.models import UnitKind
from thidua.units.services import unit_create

PASSWORD = "mat-khau-thu-nghiem"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Cached figures must not leak from one test into the next (ids repeat after each rollback)."""
    from django.core.cache import cache

    from thidua.web import views

    cache.clear()
    views._portal_pages.clear()


@pytest.fixture
def tree(db):
    """province → commune (Mỹ Thạnh) → two hamlets and a mass organisation; another commune beside it."""
    province = unit_create(actor=SYSTEM, name="Tỉnh Thử Nghiệm", kind=UnitKind.PROVINCE, parent=None)
    commune = unit_create(actor=SYSTEM, name="Xã Mỹ Thạnh", kind=UnitKind.COMMUNE, parent=province)
    hamlet = unit_create(actor=SYSTEM, name="Ấp Mỹ Hòa", kind=UnitKind.HAMLET, parent=commune)
    hamlet2 = unit_create(actor=SYSTEM, name="Ấp Thạnh Lợi", kind=UnitKind.HAMLET, parent=commune)
    farmers = unit_create(actor=SYSTEM, name="Hội Nông dân xã", kind=UnitKind.MASS_ORG, parent=commune)
    other = unit_create(actor=SYSTEM, name="Xã Khác", kind=UnitKind.COMMUNE, parent=province)
    other_hamlet = unit_create(actor=SYSTEM, name="Ấp Xa", kind=UnitKind.HAMLET, parent=other)
    return type(
        "Tree",
        (),
        {
            "province": province,
            "commune": commune,
            "hamlet": hamlet,
            "hamlet2": hamlet2,
            "farmers": farmers,
            "other": other,
            "other_hamlet": other_hamlet,
        },
    )


@pytest.fixture
def make_user(db):
    def make(username: str, role: Role | None = None, unit=None, **extra) -> User:
        user = User.objects.create_user(username=username, password=PASSWORD, full_name=username, **extra)
        if role is not None:
            role_grant(actor=SYSTEM, user=user, unit=unit, role=role)
        return user

    return make


@pytest.fixture
def personas(tree, make_user):
    """One user per role on the commune (the representative on a hamlet), and an outsider."""
    return {
        "admin": make_user("admin", Role.ADMIN, tree.commune),
        "officer": make_user("officer", Role.OFFICER, tree.commune),
        "leader": make_user("leader", Role.LEADER, tree.commune),
        "council": make_user("council", Role.COUNCIL, tree.commune),
        "representative": make_user("representative", Role.REPRESENTATIVE, tree.hamlet),
        "viewer": make_user("viewer", Role.VIEWER, tree.commune),
        "outsider": make_user("outsider", Role.OFFICER, tree.other),
    }
