"""Commendations: tallying a session of 50 members and 200 nominees; the nominations list over
10,000 nominations in 100 communes (p95 server time and query count); 100 and 1,000 certificates
as one PDF and as a zip of one PDF each."""

import datetime as dt
import itertools

from bench.harness import ScaleTable, measure, print_table, time_requests, timed
from thidua.access import SYSTEM, SystemActor

BALLOT_BOX = "hom phieu do hieu nang"

PASSWORD = "bench-pass-123"


def _setup():
    from thidua.accounts.models import Role, User
    from thidua.accounts.services import role_grant
    from thidua.commendations import ballot_box, services
    from thidua.commendations.models import (
        Attendance,
        AwardType,
        CouncilMember,
        Nomination,
        NominationState,
        Session,
        SessionState,
    )
    from thidua.people.models import Person
    from thidua.units.models import UnitKind
    from thidua.units.services import unit_create

    province = unit_create(
        actor=SystemActor("bench"), name="Tỉnh Đo Đạc", kind=UnitKind.PROVINCE, parent=None
    )
    communes = [
        unit_create(actor=SystemActor("bench"), name=f"Xã Đo {i:03d}", kind=UnitKind.COMMUNE, parent=province)
        for i in range(100)
    ]
    people = Person.objects.bulk_create(
        [
            Person(
                full_name=f"Người {i}", gender="female" if i % 2 else "male", unit=c, search_key=f"nguoi {i}"
            )
            for i, c in enumerate(communes)
        ]
    )
    ldtt = AwardType.objects.get(code="ldtt")
    rows = []
    for c, p in zip(communes, people, strict=True):
        for j in range(100):
            rows.append(
                Nomination(
                    commune=c,
                    unit=c,
                    award_type=ldtt,
                    year=2000 + j % 26,
                    recipient_kind="individual",
                    person=p,
                    recipient_name=p.full_name,
                    achievement="Thành tích",
                    state=NominationState.SUBMITTED,
                )
            )
    Nomination.objects.bulk_create(rows, batch_size=1000)

    # A council of 50 in the first commune, a session with 200 nominees.
    commune = communes[0]
    council = unit_create(
        actor=SystemActor("bench"), name="Hội đồng TĐKT", kind=UnitKind.COUNCIL, parent=commune
    )
    users = [
        User.objects.create_user(username=f"tv{i}", password=PASSWORD, full_name=f"Thành viên {i}")
        for i in range(50)
    ]
    members = CouncilMember.objects.bulk_create(
        [CouncilMember(council=council, user=u, full_name=u.full_name, role="member") for u in users]
    )
    session = Session.objects.create(
        council=council,
        commune=commune,
        title="Phiên đo",
        year=2025,
        held_on=dt.date(2025, 12, 1),
        quota_individual=100,
        state=SessionState.OPEN,
        member_count=50,
        ballot_box=ballot_box.new_box(BALLOT_BOX).as_json(),
    )
    Attendance.objects.bulk_create([Attendance(session=session, member=m, present=True) for m in members])
    nominees = list(Nomination.objects.filter(commune=commune)[:100])
    extra = [
        Nomination(
            commune=commune,
            unit=commune,
            award_type=ldtt,
            year=2025,
            recipient_kind="individual",
            person=people[0],
            recipient_name=f"Ứng viên {i}",
            achievement="x",
        )
        for i in range(100)
    ]
    nominees += Nomination.objects.bulk_create(extra)
    Nomination.objects.filter(pk__in=[n.pk for n in nominees]).update(
        session=session, state=NominationState.IN_SESSION
    )
    officer = User.objects.create_user(username="bench-officer", password=PASSWORD)
    role_grant(actor=SYSTEM, user=officer, unit=commune, role=Role.OFFICER)
    province_officer = User.objects.create_user(username="bench-province", password=PASSWORD)
    role_grant(actor=SYSTEM, user=province_officer, unit=province, role=Role.OFFICER)
    return services, session, users, nominees, officer, province_officer


def run() -> None:
    from django.test import Client

    services, session, users, nominees, officer, province_officer = _setup()
    ids = [n.pk for n in nominees]
    # A ballot agreeing to at most the quota (100 of 200).
    with timed() as cast:
        for i, user in enumerate(users):
            services.ballot_cast(
                user=user, session=session, choices={nid: k % 2 == i % 2 for k, nid in enumerate(ids)}
            )
    with timed() as tally:
        lines = services.compute_tally(session)
    with timed() as close:
        services.session_close(actor=SystemActor("bench"), session=session, passphrase=BALLOT_BOX)
    print_table(
        "Commendations: secret ballot and tally (50 members × 200 nominees)",
        ["step", "seconds", "note"],
        [
            ["cast 50 ballots", cast.seconds, f"{cast.seconds / 50 * 1000:.1f} ms per ballot"],
            ["compute tally", tally.seconds, f"{len(lines)} lines"],
            ["close (shuffle + tally + 200 transitions)", close.seconds, ""],
        ],
    )
    sizes = {"commune officer": "100 nominations", "province officer": "10,000 nominations"}
    table = ScaleTable("Commendations: nominations list", sizes=list(sizes.values()))
    for who, user in (("commune officer", officer), ("province officer", province_officer)):
        client = Client()
        client.force_login(user)
        table.trivial(sizes[who], client, note=who)
        for url in (
            "/commendations/",
            "/commendations/?state=submitted&year=2010",
            "/commendations/?page=20",
        ):
            table.add(sizes[who], url, time_requests(client, url, n=30))
    table.print()
    _certificates(officer)


_fresh = itertools.count()


def _certs(n: int) -> list:
    """n certificates never printed before in this process: Typst memoises, and a source it has
    compiled before would come back from its cache and flatter the figure."""
    from thidua.commendations.papers import CertificateData

    batch = next(_fresh)
    return [
        CertificateData(
            recipient=f"Nguyễn Văn Người {batch}-{i}",
            achievement="Đã có thành tích xuất sắc trong phong trào thi đua “Đồng khởi mới” năm 2025",
            issuer="ỦY BAN NHÂN DÂN XÃ MỸ THẠNH",
            place="Mỹ Thạnh",
            date=dt.date(2025, 12, 1),
            signer_title="CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ MỸ THẠNH",
            signer_name="Phạm Thanh Diễn",
            decision="Quyết định số 12/QĐ-UBND ngày 01 tháng 12 năm 2025",
            verification_code=f"7KQ2M9XD{batch:04d}{i:08d}",
            verify_url=f"https://thidua.example/commendations/verify/7KQ2M9XD{batch:04d}{i:08d}/",
        )
        for i in range(n)
    ]


def _certificates(officer) -> None:
    from django.test import Client

    from thidua.commendations.papers import certificates_pdf, certificates_zip
    from thidua.documents.parallel import workers

    client = Client()
    client.force_login(officer)
    table = ScaleTable(
        f"Certificates (seconds shown as ms; {workers()} compiling threads, CPU = all threads)",
        sizes=["100 certificates", "1,000 certificates"],
    )
    for n in (100, 1000):
        size = f"{n:,} certificates"
        table.trivial(size, client)
        runs = 3 if n == 1000 else 5
        zipped = measure(lambda n=n: certificates_zip(_certs(n)), n=runs)
        table.add(size, "zip of one PDF each", zipped, note=f"CPU {zipped['cpu_ms'] / 1000:.2f} s")
        one = measure(lambda n=n: certificates_pdf(_certs(n)), n=runs)
        table.add(size, "one PDF of all", one, note=f"CPU {one['cpu_ms'] / 1000:.2f} s")
    table.print()
