"""Examples and bulletins: transitions, audit, refusals."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404

from thidua.access import SYSTEM
from thidua.audit.models import AuditEntry
from thidua.examples import services
from thidua.examples.models import Bulletin, Delivery, Example, ExampleState
from thidua.lib.errors import ServiceError
from thidua.people.models import Gender, Person

pytestmark = pytest.mark.django_db


def propose(tree, actor=SYSTEM, unit=None, **extra):
    return services.example_propose(
        actor=actor,
        unit=unit or tree.hamlet,
        kind="good_deed",
        title=extra.pop("title", "Nhặt được của rơi trả người đánh mất"),
        story="Anh Tư nhặt được ví tiền và trả lại cho chủ.",
        **extra,
    )


def published(tree, **extra):
    example = propose(tree, **extra)
    services.example_verify(actor=SYSTEM, example=example)
    return services.example_publish(actor=SYSTEM, example=example)


def test_representative_proposes_for_own_hamlet_and_it_is_audited(tree, personas):
    example = propose(tree, actor=personas["representative"])
    assert example.state == ExampleState.PROPOSED
    assert example.proposed_by == personas["representative"]
    entry = AuditEntry.objects.filter(model="examples.example", object_id=str(example.pk)).get()
    assert entry.verb == "đề xuất điển hình"


def test_representative_cannot_propose_for_another_hamlet(tree, personas):
    with pytest.raises(Http404):  # the other hamlet's records are not even visible to them
        propose(tree, actor=personas["representative"], unit=tree.hamlet2)
    assert not Example.objects.exists()


def test_outsider_cannot_propose_in_our_commune(tree, personas):
    with pytest.raises(Http404):
        propose(tree, actor=personas["outsider"])


def test_person_from_another_hamlet_is_refused(tree):
    stranger = Person.objects.create(full_name="Người Lạ", gender=Gender.MALE, unit=tree.hamlet2)
    with pytest.raises(ServiceError, match="không thuộc đơn vị"):
        propose(tree, person=stranger)


def test_officer_verifies_then_publishes_each_step_audited(tree, personas):
    example = propose(tree)
    services.example_verify(actor=personas["officer"], example=example)
    services.example_publish(actor=personas["officer"], example=example)
    example.refresh_from_db()
    assert example.state == ExampleState.PUBLISHED and example.published_at is not None
    verbs = list(
        AuditEntry.objects.filter(object_id=str(example.pk), model="examples.example")
        .order_by("id")
        .values_list("verb", flat=True)
    )
    assert verbs == ["đề xuất điển hình", "xác minh điển hình", "công bố điển hình"]


def test_publish_before_verify_is_refused_with_a_clear_message(tree):
    example = propose(tree)
    with pytest.raises(ServiceError, match="Không thể chuyển điển hình"):
        services.example_publish(actor=SYSTEM, example=example)
    example.refresh_from_db()
    assert example.state == ExampleState.PROPOSED


def test_representative_cannot_verify(tree, personas):
    example = propose(tree)
    with pytest.raises(PermissionDenied):
        services.example_verify(actor=personas["representative"], example=example)


def test_reject_needs_a_reason_and_the_database_insists_too(tree):
    example = propose(tree)
    with pytest.raises(ServiceError, match="lý do"):
        services.example_reject(actor=SYSTEM, example=example, reason="  ")
    services.example_reject(actor=SYSTEM, example=example, reason="Không xác minh được.")
    assert Example.objects.get(pk=example.pk).state == ExampleState.REJECTED
    with pytest.raises(IntegrityError), transaction.atomic():
        Example.objects.filter(pk=example.pk).update(reject_reason="")


def test_published_example_cannot_be_rejected(tree):
    example = published(tree)
    with pytest.raises(ServiceError):
        services.example_reject(actor=SYSTEM, example=example, reason="muộn")


def test_adoption_marks_the_example_replicated_once_per_unit(tree):
    example = published(tree)
    services.example_adopt(actor=SYSTEM, example=example, unit=tree.hamlet2, adopted_on=dt.date(2025, 5, 1))
    example.refresh_from_db()
    assert example.replicated
    with pytest.raises(ServiceError, match="đã được ghi nhận"):
        services.example_adopt(
            actor=SYSTEM, example=example, unit=tree.hamlet2, adopted_on=dt.date(2025, 5, 2)
        )
    with pytest.raises(ServiceError, match="phải thuộc"):
        services.example_adopt(
            actor=SYSTEM, example=example, unit=tree.other_hamlet, adopted_on=dt.date(2025, 5, 2)
        )
    assert example.adoptions.count() == 1


def test_only_published_examples_can_be_replicated(tree):
    with pytest.raises(ServiceError, match="đã công bố"):
        services.example_adopt(
            actor=SYSTEM, example=propose(tree), unit=tree.hamlet2, adopted_on=dt.date(2025, 5, 1)
        )


def test_citizen_report_lands_as_proposed_and_rate_limit_stops_the_fourth(tree):
    for i in range(services.REPORTS_PER_HOUR):
        example = services.example_report(
            hamlet=tree.hamlet,
            name="Bà Năm",
            contact="0909",
            title=f"Việc tốt {i}",
            story="...",
            ip="1.2.3.4",
        )
        assert example.state == ExampleState.PROPOSED and example.source == "citizen"
    with pytest.raises(ServiceError, match="nhiều phản ánh"):
        services.example_report(hamlet=tree.hamlet, name="x", contact="x", title="x", story="x", ip="1.2.3.4")
    # Another address is not affected.
    services.example_report(hamlet=tree.hamlet, name="x", contact="x", title="x", story="x", ip="5.6.7.8")
    assert Example.objects.count() == services.REPORTS_PER_HOUR + 1
    assert "1.2.3.4" not in Example.objects.first().client_key


def test_citizen_report_must_name_a_hamlet(tree):
    with pytest.raises(ServiceError):
        services.example_report(
            hamlet=tree.commune, name="x", contact="x", title="x", story="x", ip="1.1.1.1"
        )


def test_draft_text_has_opening_items_and_closing(tree):
    example = published(tree, title="Hiến đất làm đường")
    text = services.bulletin_draft_text(
        unit=tree.commune, week_start=dt.date(2025, 3, 10), examples=[example], movements=[]
    )
    assert text.startswith("Đài Truyền thanh Xã Mỹ Thạnh kính chào")
    assert "10/03/2025 đến 16/03/2025" in text
    assert "Tin 1. Gương người tốt việc tốt" in text and "Hiến đất làm đường" in text
    assert text.rstrip().endswith("Xin chào và hẹn gặp lại.")


def test_bulletin_refuses_unpublished_examples_and_empty_text(tree):
    with pytest.raises(ServiceError, match="đã công bố"):
        services.bulletin_create(
            actor=SYSTEM,
            unit=tree.commune,
            title="T",
            week_start=dt.date(2025, 3, 10),
            text="x",
            examples=[propose(tree)],
        )
    with pytest.raises(ServiceError, match="chưa có nội dung"):
        services.bulletin_create(
            actor=SYSTEM, unit=tree.commune, title="T", week_start=dt.date(2025, 3, 10), text=" "
        )
    assert not Bulletin.objects.exists()


def test_bulletin_broadcast_send_and_acknowledge(tree, personas):
    bulletin = services.bulletin_create(
        actor=personas["officer"],
        unit=tree.commune,
        title="T",
        week_start=dt.date(2025, 3, 10),
        text="Nội dung",
    )
    services.bulletin_broadcast(
        actor=personas["officer"], bulletin=bulletin, broadcast_on=dt.date(2025, 3, 12)
    )
    with pytest.raises(ServiceError, match="đã được đánh dấu"):
        services.bulletin_broadcast(
            actor=personas["officer"], bulletin=bulletin, broadcast_on=dt.date(2025, 3, 13)
        )
    sent = services.bulletin_send(actor=personas["officer"], bulletin=bulletin)
    assert {d.hamlet for d in sent} == {tree.hamlet, tree.hamlet2}
    with pytest.raises(ServiceError, match="tất cả các ấp"):
        services.bulletin_send(actor=personas["officer"], bulletin=bulletin)
    mine = Delivery.objects.get(hamlet=tree.hamlet)
    other = Delivery.objects.get(hamlet=tree.hamlet2)
    services.delivery_acknowledge(actor=personas["representative"], delivery=mine)
    mine.refresh_from_db()
    assert mine.acknowledged_by == personas["representative"]
    with pytest.raises(ServiceError):
        services.delivery_acknowledge(actor=personas["representative"], delivery=mine)
    with pytest.raises(Http404):
        services.delivery_acknowledge(actor=personas["representative"], delivery=other)


def test_viewer_cannot_create_bulletin(tree, personas):
    with pytest.raises(PermissionDenied):
        services.bulletin_create(
            actor=personas["viewer"], unit=tree.commune, title="T", week_start=dt.date(2025, 3, 10), text="x"
        )


def test_draft_text_carries_movement_news_before_the_examples(tree):
    from thidua.movements.models import Movement, MovementState

    movement = Movement.objects.create(
        unit=tree.commune,
        name="Đồng khởi mới",
        state=MovementState.RUNNING,
        period_start=dt.date(2015, 3, 13),
        period_end=dt.date(2020, 12, 31),
    )
    example = published(tree, title="Hiến đất làm đường")
    text = services.bulletin_draft_text(
        unit=tree.commune, week_start=dt.date(2025, 3, 10), examples=[example], movements=[movement]
    )
    assert "Tin 1. Phong trào Đồng khởi mới, triển khai từ ngày 13 tháng 3 năm 2015" in text
    assert text.index("Tin 1. Phong trào") < text.index("Tin 2. Gương người tốt việc tốt")
    bulletin = services.bulletin_create(
        actor=SYSTEM,
        unit=tree.commune,
        title="T",
        week_start=dt.date(2025, 3, 10),
        text=text,
        examples=[example],
        movements=[movement],
    )
    assert list(bulletin.movements.all()) == [movement]


def test_a_model_of_a_hamlet_names_the_hamlet_once_and_a_person_beside_their_hamlet(tree):
    person = Person.objects.create(full_name="Phạm Thanh Diễn", unit=tree.hamlet)
    model = published(tree, title="Tuyến đường hoa kiểu mẫu", collective=tree.hamlet)
    deed = propose(tree, title="Hiến đất làm đường", person=person)  # the text alone: no consent needed
    text = services.bulletin_draft_text(
        unit=tree.commune, week_start=dt.date(2025, 3, 10), examples=[model, deed], movements=[]
    )
    assert f"Tin 1. Gương người tốt việc tốt {tree.hamlet.name}: Tuyến đường hoa kiểu mẫu." in text
    assert f"Tin 2. Gương người tốt việc tốt Phạm Thanh Diễn, {tree.hamlet.name}: Hiến đất làm đường." in text
