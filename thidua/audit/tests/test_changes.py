"""The one audited way a record changes, the one refusal type, and the typed actor every write needs."""

import datetime as dt

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import RequestFactory

from thidua import access
from thidua.access import SYSTEM, Action, SystemActor
from thidua.audit import changes
from thidua.audit.models import AuditAction, AuditEntry
from thidua.lib.errors import ServiceError, show_error
from thidua.movements.models import Movement, MovementState
from thidua.units.models import Unit


def _movement(unit: Unit) -> Movement:
    with transaction.atomic():
        return changes.create(
            Movement(
                unit=unit,
                name="Đồng khởi mới",
                period_start=dt.date(2026, 1, 1),
                period_end=dt.date(2030, 12, 31),
                lineage="/",
            ),
            actor=SYSTEM,
        )


def test_create_saves_and_audits_the_new_record_under_its_unit(tree):
    movement = _movement(tree.commune)
    entry = AuditEntry.objects.get(model="movements.movement", object_id=str(movement.pk))
    assert entry.action == AuditAction.CREATE and entry.before is None
    assert entry.after["name"] == "Đồng khởi mới"
    assert entry.unit == tree.commune and entry.actor_label == "hệ thống"


def test_update_audits_before_and_after_and_nothing_when_nothing_changed(tree, personas):
    movement = _movement(tree.commune)
    with transaction.atomic():
        changes.update(movement, actor=personas["officer"], name="Đồng khởi mới 2026")
        changes.update(movement, actor=personas["officer"], name="Đồng khởi mới 2026")
    updates = AuditEntry.objects.filter(model="movements.movement", action=AuditAction.UPDATE)
    assert updates.count() == 1
    entry = updates.get()
    assert entry.actor == personas["officer"]
    assert (entry.before["name"], entry.after["name"]) == ("Đồng khởi mới", "Đồng khởi mới 2026")
    movement.refresh_from_db()
    assert movement.name == "Đồng khởi mới 2026"


def test_transition_moves_the_state_and_refuses_an_illegal_move_with_a_clear_message(tree):
    movement = _movement(tree.commune)
    with transaction.atomic():
        changes.transition(
            movement,
            actor=SYSTEM,
            to=MovementState.LAUNCHED,
            allowed=(MovementState.DRAFT,),
            verb="phát động",
        )
    entry = AuditEntry.objects.filter(action=AuditAction.TRANSITION).get()
    assert (entry.before["state"], entry.after["state"], entry.verb) == ("draft", "launched", "phát động")
    with pytest.raises(ServiceError, match="Không thể chuyển phong trào") as refused, transaction.atomic():
        changes.transition(
            movement, actor=SYSTEM, to=MovementState.LAUNCHED, allowed=(MovementState.DRAFT,), verb="x"
        )
    assert refused.value.code == "illegal_transition"
    movement.refresh_from_db()
    assert movement.state == MovementState.LAUNCHED


def test_delete_audits_the_record_as_it_was(tree):
    movement = _movement(tree.commune)
    pk = movement.pk
    with transaction.atomic():
        changes.delete(movement, actor=SystemActor("dọn dẹp"))
    entry = AuditEntry.objects.get(action=AuditAction.DELETE)
    assert entry.before["name"] == "Đồng khởi mới" and entry.after is None
    assert entry.actor_label == "dọn dẹp"
    assert not Movement.objects.filter(pk=pk).exists()


def test_a_change_outside_a_transaction_is_a_programming_error(transactional_db):
    movement = Movement(name="x", period_start=dt.date(2026, 1, 1), lineage="/")
    with pytest.raises(RuntimeError):
        changes.create(movement, actor=SYSTEM)


@pytest.mark.parametrize("actor", [None, "test", AnonymousUser()])
def test_a_service_refuses_an_actor_that_is_neither_a_user_nor_the_system(tree, actor):
    with pytest.raises(TypeError):
        access.require_actor(actor, Action.MOVEMENT_EDIT, tree.commune)
    with pytest.raises(TypeError), transaction.atomic():
        changes.create(
            Movement(unit=tree.commune, name="x", period_start=dt.date(2026, 1, 1), lineage="/"), actor=actor
        )


def test_require_actor_checks_a_person_and_trusts_the_system(tree, personas):
    access.require_actor(SYSTEM, Action.MOVEMENT_LAUNCH, tree.commune)
    access.require_actor(personas["leader"], Action.MOVEMENT_LAUNCH, tree.commune)
    with pytest.raises(access.PermissionDenied):
        access.require_actor(personas["viewer"], Action.MOVEMENT_LAUNCH, tree.commune)
    with pytest.raises(access.Http404):
        access.require_actor(personas["outsider"], Action.MOVEMENT_LAUNCH, tree.commune)


class _Form(forms.Form):
    year = forms.IntegerField()


def _request():
    request = RequestFactory().post("/")
    from django.contrib.messages.storage.fallback import FallbackStorage

    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_show_error_puts_a_refusal_next_to_its_field_or_at_the_top_of_the_form():
    form = _Form({"year": "2026"})
    assert form.is_valid()
    show_error(_request(), ServiceError("Năm ngoài thời gian của phong trào.", field="year"), form)
    show_error(_request(), ServiceError("Không có quyền.", field="nope"), form)
    assert form.errors["year"] == ["Năm ngoài thời gian của phong trào."]
    assert form.non_field_errors() == ["Không có quyền."]


def test_show_error_without_a_form_becomes_a_message_also_for_a_model_validation_error():
    request = _request()
    show_error(request, ServiceError("Đã khóa."))
    show_error(request, ValidationError({"name": ["Tên không được trống."]}))
    assert [str(m) for m in get_messages(request)] == ["Đã khóa.", "Tên không được trống."]


def test_a_service_error_reads_as_its_message():
    error = ServiceError("Chọn cá nhân được đề nghị.", field="person", code="no_person")
    assert str(error) == "Chọn cá nhân được đề nghị."
    assert (error.field, error.code) == ("person", "no_person")
    assert isinstance(error, ValidationError)
