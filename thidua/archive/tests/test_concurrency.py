"""A hand-over posted four times at once (a double click, two officers) is recorded once; the
others are told it is already done."""

import datetime as dt
import threading

import pytest
from django.db import connection

from thidua.access import SYSTEM
from thidua.archive.models import Handover
from thidua.archive.services import archive_copy_make, handover_record
from thidua.audit.models import AuditEntry
from thidua.lib.errors import ServiceError


@pytest.mark.django_db(transaction=True)
def test_four_hand_overs_of_one_year_at_once_are_one(tree, personas, issued):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("needs PostgreSQL or a file database: run with `make test-postgres`")
    archive_copy_make(actor=SYSTEM, document=issued(tree.commune, on=dt.date(2024, 3, 1)))
    start = threading.Barrier(4)
    outcomes: list[object] = []

    def run():
        try:
            start.wait()
            outcomes.append(
                handover_record(
                    actor=personas["officer"],
                    unit=tree.commune,
                    year=2024,
                    handed_on=dt.date(2025, 1, 10),
                    archive="Lưu trữ cơ quan",
                    reference="01/BB-LT",
                )  # fmt: skip
            )
        except Exception as exc:  # noqa: BLE001 - reported by the assertions
            outcomes.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    recorded = [o for o in outcomes if isinstance(o, Handover)]
    refused = [o for o in outcomes if isinstance(o, ServiceError)]
    assert len(recorded) == 1 and len(refused) == 3, outcomes
    assert all("đã được giao nộp" in str(error) for error in refused)
    assert Handover.objects.count() == 1
    assert AuditEntry.objects.filter(verb="giao nộp hồ sơ vào lưu trữ").count() == 1
