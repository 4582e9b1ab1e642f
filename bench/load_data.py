"""The load run's data, written through the services in the server's own data directory.

Run as `python -m bench.load_data setup PLAN.json` after `thidua migrate`, `thidua synth` and
`thidua load-demo` (bench/load.py does all four): council members and open sessions for them to
vote in, and a plan naming the pages and records the simulated users visit. `count` prints the
rows the run writes (survey responses, progress reports, ballots) as JSON.
"""

import json
import os
import sys

VOTER_PASSWORD = "tai-thu-bo-phieu-2026"
VOTERS = 40
SESSIONS = 12


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    import django

    django.setup()


def counts() -> dict:
    from thidua.commendations.models import Participation
    from thidua.movements.models import ProgressReport
    from thidua.surveys.models import Response

    return {
        "survey_responses": Response.objects.count(),
        "progress_reports": ProgressReport.objects.count(),
        "ballots": Participation.objects.count(),
    }


def _voters(council) -> list[str]:
    from thidua.access import SystemActor
    from thidua.accounts.models import Role
    from thidua.accounts.services import role_grant, user_create
    from thidua.commendations import services

    actor = SystemActor("load-bench")
    names = []
    for i in range(VOTERS):
        username = f"hoidong{i:02d}"
        user = user_create(actor=actor, username=username, password=VOTER_PASSWORD, full_name=f"Ủy viên {i}")
        role_grant(actor=actor, user=user, unit=council, role=Role.COUNCIL, title="Ủy viên Hội đồng")
        services.council_member_add(actor=actor, council=council, user=user)
        names.append(username)
    return names


def _sessions(commune, council) -> list[dict]:
    """Open sessions of one collective nomination each, so every voter has several ballots to cast."""
    import datetime as dt

    from django.db import transaction

    from thidua.access import SystemActor
    from thidua.commendations import services
    from thidua.commendations.demo import BALLOT_BOX, _nominate
    from thidua.lib.errors import ServiceError
    from thidua.units.models import Unit, UnitKind

    actor = SystemActor("load-bench")
    bodies = list(Unit.objects.filter(parent=commune).exclude(kind=UnitKind.COUNCIL).order_by("pk"))
    sessions = []
    for year in range(2021, 2026):
        for body in bodies:
            if len(sessions) >= SESSIONS:
                return sessions
            try:
                with transaction.atomic():
                    nomination = _nominate(
                        commune, "gk-tapthe", year, "Hoàn thành tốt nhiệm vụ.", collective=body
                    )
                    session = services.session_create(
                        actor=actor,
                        council=council,
                        title=f"Phiên tải thử {len(sessions) + 1}",
                        year=year,
                        held_on=dt.date(year, 12, 10),
                        quota_individual=3,
                        quota_collective=2,
                    )
                    services.session_agenda_add(actor=actor, session=session, nominations=[nomination])
                    services.session_open(actor=actor, session=session, passphrase=BALLOT_BOX)
            except ServiceError:
                continue
            sessions.append({"id": session.pk, "nominations": [nomination.pk]})
    return sessions


def setup(path: str) -> None:
    from thidua.commendations.models import Award, Decision
    from thidua.demo import DEMO_COMMUNE_CODE, DEMO_PASSWORD
    from thidua.movements.models import Movement, PeriodState, Target
    from thidua.surveys.models import Survey, SurveyState
    from thidua.units.models import Unit, UnitKind

    commune = Unit.objects.get(code=DEMO_COMMUNE_CODE)
    council = Unit.objects.get(parent=commune, kind=UnitKind.COUNCIL)
    hamlet = Unit.objects.get(parent=commune, name="Ấp Mỹ Hòa")
    voters = _voters(council)
    sessions = _sessions(commune, council)
    report_movements = (
        Target.objects.filter(unit=hamlet, movement__periods__state=PeriodState.OPEN)
        .values_list("movement_id", flat=True)
        .distinct()
    )
    plan = {
        "password": DEMO_PASSWORD,
        "voter_password": VOTER_PASSWORD,
        "voters": voters,
        "sessions": sessions,
        "survey": Survey.objects.filter(unit=commune, state=SurveyState.OPEN)
        .values_list("pk", flat=True)
        .first(),
        "verify_codes": list(Award.objects.values_list("verify_code", flat=True)[:50]),
        "decisions": list(Decision.objects.exclude(signed_on=None).values_list("pk", flat=True)[:20]),
        "movements": list(Movement.objects.filter(unit=commune).values_list("pk", flat=True)[:10]),
        "report": [{"movement": m, "unit": hamlet.pk} for m in sorted(set(report_movements))],
        "counts": counts(),
    }
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(plan, handle)


def main() -> int:
    _django()
    if sys.argv[1] == "setup":
        setup(sys.argv[2])
    else:
        print(json.dumps(counts()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
