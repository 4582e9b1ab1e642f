"""Nothing is linked that the role may not open: every role walks its pages from the home page and
follows every internal link; none may answer 403, 404 or 500."""

import datetime as dt
import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.urls import reverse

from thidua.access import SYSTEM
from thidua.accounts.models import Role
from thidua.accounts.services import role_grant
from thidua.commendations import services as commendations
from thidua.commendations.models import AwardType
from thidua.commendations.tests.conftest import complete, make_person
from thidua.examples import services as examples
from thidua.movements import services as movements
from thidua.people.services import person_create
from thidua.surveys import services as surveys
from thidua.units.models import UnitKind
from thidua.units.services import unit_create

ROLES = ["admin", "officer", "leader", "council", "representative", "viewer", "outsider"]
# The province's logins as the demo has them: its officer and leader, and a member of its council
# (the leader chairs that council too).
PROVINCE_ROLES = ["province_officer", "province_leader", "province_council"]
# Files (.docx, PDF, Excel, text) are checked by their own tests; following them here only costs time.
DOWNLOAD = re.compile(r"(\.xlsx|\.pdf|/docx/|/pdf/|/txt/)$")
PAGE_LIMIT = 600


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def _internal(href: str, base: str) -> str | None:
    url, _fragment = urldefrag(href)
    parts = urlsplit(url)
    if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
        return None
    if not parts.path:
        return None
    path = parts.path if parts.path.startswith("/") else base.rsplit("/", 1)[0] + "/" + parts.path
    return path + (f"?{parts.query}" if parts.query else "")


@pytest.fixture
def world(tree, personas):
    """A running commune movement, its plan, a nomination, an open survey and a published example."""
    movement = movements.movement_create(
        actor=personas["officer"],
        unit=tree.commune,
        name="Thi đua năm 2026",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
        plan_number="05/KH-UBND",
        plan_date=dt.date(2026, 1, 10),
    )
    movements.movement_launch(actor=personas["leader"], movement=movement)
    movements.movement_start(actor=personas["officer"], movement=movement)
    movements.movement_plan_draft(actor=personas["officer"], movement=movement)
    person = person_create(actor=SYSTEM, full_name="Trần Văn Sơn", gender="male", unit=tree.hamlet)
    commendations.nomination_create(
        actor=SYSTEM,
        unit=tree.hamlet,
        award_type=AwardType.objects.get(code="ldtt"),
        year=2025,
        achievement="Thành tích tốt",
        person=person,
    )
    survey = surveys.survey_create(
        actor=SYSTEM,
        unit=tree.commune,
        title="Khảo sát sự hài lòng năm 2026",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
    )
    surveys.survey_open(actor=SYSTEM, survey=survey)
    example = examples.example_propose(
        actor=SYSTEM, unit=tree.hamlet, kind="good_deed", title="Trả lại của rơi", story="Chuyện kể."
    )
    examples.example_verify(actor=SYSTEM, example=example)
    examples.example_publish(actor=SYSTEM, example=example)
    return movement


@pytest.fixture
def province_world(world, tree, make_user, personas):
    """The province's logins, and a movement the province launched that the commune implements."""
    council = unit_create(
        actor=SYSTEM,
        name="Hội đồng Thi đua – Khen thưởng tỉnh",
        short_name="HĐTĐKT-tỉnh",
        kind=UnitKind.COUNCIL,
        parent=tree.province,
    )
    people = {
        "province_officer": make_user("tinh_canbo", Role.OFFICER, tree.province),
        "province_leader": make_user("tinh_lanhdao", Role.LEADER, tree.province),
        "province_council": make_user("tinh_hoidong", Role.COUNCIL, council),
    }
    role_grant(actor=SYSTEM, user=people["province_leader"], unit=council, role=Role.COUNCIL)
    launched = movements.movement_create(
        actor=people["province_leader"],
        unit=tree.province,
        name="Thi đua cấp tỉnh năm 2026",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
        plan_number="12/KH-UBND",
        plan_date=dt.date(2026, 1, 5),
    )
    movements.movement_launch(actor=people["province_leader"], movement=launched)
    movements.movement_implement(actor=SYSTEM, parent_movement=launched, unit=tree.commune)
    # A proposal of the commune waiting at the province.
    proposal = commendations.proposal_create(actor=personas["officer"], commune=tree.commune, year=2025)
    commendations.proposal_line_add(
        actor=personas["officer"],
        proposal=proposal,
        award_type=AwardType.objects.get(code="bk-tinh-canhan"),
        achievement="Dẫn đầu phong trào xây dựng nông thôn mới",
        person=make_person(tree.hamlet, "Đỗ Thị Đào"),
    )
    commendations.proposal_submit(actor=personas["officer"], proposal=complete(proposal, personas["officer"]))
    return people


def _walk(client) -> tuple[dict[str, int], dict[str, str]]:
    """Status of every internal page reached from the home page, and the page that linked each."""
    home = reverse("web:home")
    seen: dict[str, int] = {}
    linked_from: dict[str, str] = {home: "(start)"}
    queue = deque([home])
    skip = {reverse("accounts:logout"), reverse("set_language")}
    skip |= {reverse("web:language", args=[code]) for code in ("vi", "en")}
    while queue and len(seen) < PAGE_LIMIT:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response.status_code
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = _Links()
        parser.feed(response.content.decode())
        for href in parser.hrefs:
            target = _internal(href, url)
            if target is None or target in seen or target.split("?")[0] in skip or DOWNLOAD.search(target):
                continue
            if target.startswith("/admin/"):
                continue
            linked_from.setdefault(target, url)
            queue.append(target)
    return seen, linked_from


@pytest.mark.parametrize("role", ROLES)
def test_no_role_is_linked_to_a_page_it_may_not_open(client, personas, world, role):
    client.force_login(personas[role])
    seen, linked_from = _walk(client)
    broken = {url: code for url, code in seen.items() if code in (403, 404, 500)}
    assert not broken, "\n".join(
        f"{code} {url}  (linked from {linked_from[url]})" for url, code in broken.items()
    )
    assert len(seen) > 5


@pytest.mark.parametrize("role", PROVINCE_ROLES)
def test_no_province_login_is_linked_to_a_page_it_may_not_open(client, province_world, role):
    client.force_login(province_world[role])
    seen, linked_from = _walk(client)
    broken = {url: code for url, code in seen.items() if code in (403, 404, 500)}
    assert not broken, "\n".join(
        f"{code} {url}  (linked from {linked_from[url]})" for url, code in broken.items()
    )
    assert len(seen) > 5
