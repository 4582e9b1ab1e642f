"""The migration that turns the loose movement numbers and period labels into links."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("commendations", "0005_submission_and_notice_documents"),
    ("movements", "0002_movement_plan_document"),
]
AFTER = [("commendations", "0006_movement_links")]


@pytest.mark.django_db(transaction=True)
def test_loose_movement_numbers_become_links_and_labels_are_matched_to_reviews():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Unit = old.get_model("units", "Unit")
    Movement = old.get_model("movements", "Movement")
    ReviewPeriod = old.get_model("movements", "ReviewPeriod")
    AwardType = old.get_model("commendations", "AwardType")
    Nomination = old.get_model("commendations", "Nomination")
    Award = old.get_model("commendations", "Award")

    commune = Unit.objects.create(name="Xã Cũ", kind="commune", path="zz00", depth=0, search_key="xa cu")
    hamlet = Unit.objects.create(
        name="Ấp Cũ", kind="hamlet", path="zz000001", depth=1, search_key="ap cu", parent=commune
    )
    movement = Movement.objects.create(
        unit=commune, name="Đồng khởi mới", period_start=dt.date(2024, 1, 1), period_end=dt.date(2025, 12, 31)
    )
    periods = {}
    for name, kind, start, end in [
        ("Sơ kết năm 2024", "year", dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
        ("Sơ kết năm 2025", "year", dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
        ("Tổng kết phong trào", "final", dt.date(2024, 1, 1), dt.date(2025, 12, 31)),
    ]:
        periods[name] = ReviewPeriod.objects.create(
            movement=movement, name=name, kind=kind, start=start, end=end, due=end + dt.timedelta(days=10)
        )
    gk, _ = AwardType.objects.get_or_create(
        code="gk-tapthe",
        defaults={
            "name": "Giấy khen tập thể",
            "short_name": "GK",
            "recipient_kind": "collective",
            "timing": "movement",
        },
    )

    def old_nomination(label, movement_id, year=2025):
        return Nomination.objects.create(
            commune=commune,
            unit=commune,
            award_type=gk,
            year=year,
            recipient_kind="collective",
            collective=hamlet,
            recipient_name=hamlet.name,
            achievement="Thành tích",
            movement_id=movement_id,
            period_label=label,
        ).pk

    by_year = old_nomination("Phong trào “Đồng khởi mới” – năm 2024", movement.pk, 2024)
    by_name = old_nomination("Tổng kết phong trào", movement.pk)
    no_label = old_nomination("", movement.pk)
    unmatched = old_nomination("Đợt đột xuất", movement.pk, 2023)
    missing = old_nomination("Sơ kết năm 2025", 987654)
    Award.objects.create(
        award_type=gk,
        year=2025,
        commune=commune,
        recipient_kind="collective",
        collective=hamlet,
        recipient_name=hamlet.name,
        movement_id=movement.pk,
        period_label="Sơ kết năm 2025",
        verify_code="ma-thu-nghiem-migration",
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    links = dict(
        (pk, (m, p))
        for pk, m, p in new.get_model("commendations", "Nomination").objects.values_list(
            "pk", "movement_id", "review_period_id"
        )
    )
    assert links[by_year] == (movement.pk, periods["Sơ kết năm 2024"].pk)
    assert links[by_name] == (movement.pk, periods["Tổng kết phong trào"].pk)
    assert links[no_label] == (movement.pk, None)
    assert links[unmatched] == (movement.pk, None)
    assert links[missing] == (None, None)
    award = new.get_model("commendations", "Award").objects.get()
    assert (award.movement_id, award.review_period_id) == (movement.pk, periods["Sơ kết năm 2025"].pk)

    # And back: the links become the numbers and labels they came from.
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    back = executor.loader.project_state(BEFORE).apps.get_model("commendations", "Nomination")
    assert back.objects.get(pk=by_name).period_label == "Tổng kết phong trào"
    assert back.objects.get(pk=missing).movement_id is None
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
