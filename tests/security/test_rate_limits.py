"""Ten requests at once from one address against a limit of three: three are saved, whatever the database.

Every public form counts what an address sent in the last hour through `lib.clients.rate_limit`,
which makes the requests of one address wait for each other (on PostgreSQL a lock named after the
address; on SQLite the IMMEDIATE transactions). Without it, on PostgreSQL all ten counted 0, 1 or 2
and all ten were saved."""

import datetime as dt
import logging
import threading
import time
from unittest.mock import patch

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from thidua.access import SYSTEM
from thidua.commendations.models import Notice, Objection
from thidua.examples.models import Example
from thidua.surveys import services as survey_services
from thidua.surveys.models import Response

pytestmark = pytest.mark.django_db(transaction=True)

PARALLEL = 10
LIMIT = 3


def _post_at_once(requests: list[tuple[str, dict]], ip: str = "203.0.113.7") -> list[object]:
    """POST every (url, data) from its own thread (its own database connection) at the same moment."""
    start = threading.Barrier(len(requests))
    outcomes: list[object] = []
    # The in-memory SQLite of the tests answers "table is locked" at once where the file database of
    # an installation waits on its busy timeout: a request refused so (500, nothing written) is sent
    # again. On PostgreSQL every 500 counts.
    retry_locked = connection.vendor == "sqlite"

    def send(url: str, data: dict) -> None:
        # Not raising: the test client's exception signal is global and would fail the other threads.
        client = Client(raise_request_exception=False)
        try:
            start.wait()
            for _attempt in range(200):
                status = client.post(url, data, REMOTE_ADDR=ip).status_code
                if status != 500 or not retry_locked:
                    outcomes.append(status)
                    return
                connection.close()
                time.sleep(0.02)
            outcomes.append("still locked")
        except Exception as exc:  # noqa: BLE001 - reported by the assertions
            outcomes.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=request) for request in requests]
    with patch.object(logging.getLogger("django.request"), "disabled", retry_locked):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    return outcomes


def _assert_three_saved_and_seven_refused(outcomes: list[object], saved: int) -> None:
    # 302: saved and sent on; 200: the form again, with the refusal.
    assert sorted(outcomes, key=str) == [200] * (PARALLEL - LIMIT) + [302] * LIMIT, outcomes
    assert saved == LIMIT


def test_ten_good_deed_reports_at_once_save_three(tree, monkeypatch):
    from thidua.examples import services

    monkeypatch.setattr(services, "REPORTS_PER_HOUR", LIMIT)
    url = reverse("examples:public_report")
    data = {
        "name": "Nguyễn Văn A",
        "contact": "0900000000",
        "hamlet": tree.hamlet.pk,
        "title": "Giúp người già qua đường",
        "story": "Anh B giúp cụ C qua đường.",
        "website": "",
    }
    outcomes = _post_at_once([(url, data)] * PARALLEL)
    _assert_three_saved_and_seven_refused(outcomes, Example.objects.count())


def test_ten_objections_at_once_save_three(tree, monkeypatch):
    from thidua.commendations.services import notices

    monkeypatch.setattr(notices, "OBJECTIONS_PER_HOUR", LIMIT)
    today = timezone.localdate()
    notice = Notice.objects.create(
        commune=tree.commune,
        title="Danh sách đề nghị khen thưởng",
        starts_on=today - dt.timedelta(days=1),
        ends_on=today + dt.timedelta(days=5),
    )
    url = reverse("commendations:public_notice", args=[notice.pk])
    data = {
        "nomination": "",
        "name": "Trần Thị B",
        "contact": "0911111111",
        "text": "Tôi có ý kiến.",
        "website": "",
    }
    outcomes = _post_at_once([(url, data)] * PARALLEL)
    _assert_three_saved_and_seven_refused(outcomes, Objection.objects.count())


def test_ten_survey_answers_at_once_on_two_surveys_save_three(tree, monkeypatch):
    """The survey locks its own row, which held one survey; the limit is per address, across surveys."""
    monkeypatch.setattr(survey_services, "RESPONSES_PER_HOUR", LIMIT)
    requests = []
    for index in range(2):
        survey = survey_services.survey_create(
            actor=SYSTEM,
            unit=tree.commune,
            title=f"Khảo sát {index}",
            period_start=dt.date(2025, 1, 1),
            period_end=dt.date(2025, 3, 31),
        )
        survey_services.survey_open(actor=SYSTEM, survey=survey)
        data = {f"q{q.pk}": "5" for q in survey.questions.all()}
        data.update({"service": survey.service_list[0], "expectations": "", "comments": "", "website": ""})
        requests += [(reverse("surveys:public", args=[survey.pk]), data)] * (PARALLEL // 2)
    outcomes = _post_at_once(requests)
    _assert_three_saved_and_seven_refused(outcomes, Response.objects.count())


def test_the_limit_refuses_outside_a_transaction():
    from thidua.lib import clients

    with pytest.raises(RuntimeError):
        clients.rate_limit(Example.objects, key="k", limit=1, message="")
