import datetime as dt

import pytest
from django.urls import reverse

from thidua.movements import home, services


@pytest.fixture(autouse=True)
def autumn_2026(monkeypatch):
    monkeypatch.setattr(home, "_today", lambda: dt.date(2026, 11, 26))


def test_a_hamlet_head_is_asked_to_register_and_then_told_when_it_is_returned(
    client, personas, movement, tree
):
    head = personas["representative"]
    client.force_login(head)
    body = client.get(reverse("web:home")).content.decode()
    assert "Đăng ký thi đua năm 2026 cho Ấp Mỹ Hòa" in body
    commitment = services.commitment_save(
        actor=head, movement=movement, unit=tree.hamlet, year=2026, titles="Ấp văn hóa", submit=True
    )
    body = client.get(reverse("web:home")).content.decode()
    assert "Đăng ký thi đua năm 2026 cho Ấp Mỹ Hòa" not in body

    client.force_login(personas["officer"])
    assert "1 đăng ký chờ duyệt" in client.get(reverse("web:home")).content.decode()
    services.commitment_return(
        actor=personas["officer"], commitment=commitment, reason="Thiếu chỉ tiêu thu nhập"
    )

    client.force_login(head)
    assert "Đăng ký của Ấp Mỹ Hòa bị trả lại" in client.get(reverse("web:home")).content.decode()


def test_overdue_reports_show_on_the_officers_home(client, personas, movement, targets):
    client.force_login(personas["officer"])
    assert "báo cáo quá hạn" in client.get(reverse("web:home")).content.decode()


def test_an_outsider_sees_nothing_of_the_communes_movement(client, personas, movement):
    client.force_login(personas["outsider"])
    assert "Thi đua năm 2026" not in client.get(reverse("web:home")).content.decode()


def test_the_home_page_costs_a_bounded_number_of_queries(
    client, personas, movement, targets, django_assert_max_num_queries
):
    client.force_login(personas["officer"])
    with django_assert_max_num_queries(40):
        client.get(reverse("web:home"))


def test_no_registration_is_asked_for_a_year_outside_the_movement(client, personas, movement, monkeypatch):
    monkeypatch.setattr(home, "_today", lambda: dt.date(2027, 3, 1))
    client.force_login(personas["representative"])
    assert "Đăng ký thi đua năm" not in client.get(reverse("web:home")).content.decode()
