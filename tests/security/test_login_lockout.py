"""Guessing passwords: locked per account (from any address) and per address (across accounts)."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from conftest import PASSWORD

ATTACKER = "203.0.113.7"
ELSEWHERE = "198.51.100.20"


def _login(client, username: str, password: str, address: str):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def limit() -> int:
    return settings.AXES_FAILURE_LIMIT


def test_one_address_guessing_many_accounts_is_locked(client, make_user, limit):
    victims = [make_user(f"nguoi{i}") for i in range(-(-settings.AXES_ADDRESS_FAILURE_LIMIT // (limit - 1)))]
    for victim in victims:
        for _ in range(limit - 1):
            _login(client, victim.username, "doan-bua", ATTACKER)
    make_user("chu-that")
    _login(client, "chu-that", PASSWORD, ATTACKER)
    assert not _logged_in(client)


def test_a_locked_account_stays_locked_from_another_address(client, make_user, limit):
    make_user("chu-tich")
    for _ in range(limit):
        _login(client, "chu-tich", "doan-bua", ATTACKER)
    _login(client, "chu-tich", PASSWORD, ELSEWHERE)
    assert not _logged_in(client)


def test_the_admin_unlocks_an_account(client, make_user, limit):
    make_user("chu-tich")
    for _ in range(limit):
        _login(client, "chu-tich", "doan-bua", ATTACKER)
    call_command("axes_reset_username", "chu-tich")
    _login(client, "chu-tich", PASSWORD, ELSEWHERE)
    assert _logged_in(client)


def test_an_office_sharing_one_address_is_not_locked_by_a_few_typos(client, make_user, limit):
    for i in range(limit):
        make_user(f"can-bo{i}")
        _login(client, f"can-bo{i}", "go-nham", ELSEWHERE)
    _login(client, "can-bo0", PASSWORD, ELSEWHERE)
    assert _logged_in(client)


def test_a_typo_then_the_right_password_logs_in(client, make_user, limit):
    make_user("can-bo")
    for _ in range(limit - 1):
        _login(client, "can-bo", "go-nham", ELSEWHERE)
    _login(client, "can-bo", PASSWORD, ELSEWHERE)
    assert _logged_in(client)


def test_logging_into_ones_own_account_does_not_clear_the_address(client, make_user, limit):
    """An insider cannot reset the address's count by logging in between guesses."""
    make_user("ke-gian")
    targets = [make_user(f"muc-tieu{i}") for i in range(settings.AXES_ADDRESS_FAILURE_LIMIT)]
    for target in targets:
        _login(client, target.username, "doan-bua", ATTACKER)
        _login(client, "ke-gian", PASSWORD, ATTACKER)
        client.logout()
    _login(client, targets[0].username, PASSWORD, ATTACKER)
    assert not _logged_in(client)
