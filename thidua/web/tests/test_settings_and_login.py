import os
import stat
import subprocess
import sys

import pytest
from django.urls import reverse

from conftest import PASSWORD
from thidua.access import SYSTEM
from thidua.settings import INSECURE_SECRET_KEY


def _run(args, **env):
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "THIDUA_TESTING", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    base.update({"THIDUA_TESTING": "0", **env})
    return subprocess.run(
        [sys.executable, "-m", "thidua.cli", *args], capture_output=True, text=True, env=base, timeout=120
    )


def test_production_mode_refuses_the_insecure_default_secret(tmp_path):
    result = _run(["check"], DEBUG="0", SECRET_KEY=INSECURE_SECRET_KEY, THIDUA_DATA_DIR=str(tmp_path))
    assert result.returncode != 0 and "SECRET_KEY is the insecure default" in result.stderr


def test_a_fresh_install_without_environment_makes_its_key_once_and_reuses_it(tmp_path):
    first = _run(["check"], THIDUA_DATA_DIR=str(tmp_path))
    assert first.returncode == 0, first.stdout + first.stderr
    key_file = tmp_path / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = key_file.read_text().strip()
    assert len(key) >= 50 and key != INSECURE_SECRET_KEY
    again = _run(
        ["shell", "-v", "0", "-c", "from django.conf import settings; print(settings.SECRET_KEY)"],
        THIDUA_DATA_DIR=str(tmp_path),
    )
    assert again.stdout.strip() == key


_PRODUCTION_PAGES = """
from django.conf import settings
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client
call_command("collectstatic", "--noinput", verbosity=0)
client = Client(HTTP_HOST="127.0.0.1")
missing = client.get("/khong-co-trang-nay/")
css = client.get(static("thidua/thidua.css"))
print(settings.DEBUG, missing.status_code, "Không tìm thấy trang" in missing.content.decode(), css.status_code)
print(static("thidua/favicon.svg") in missing.content.decode())
"""


def test_a_404_under_production_settings_is_the_products_own_page_with_its_styles(tmp_path):
    result = _run(["shell", "-v", "0", "-c", _PRODUCTION_PAGES], THIDUA_DATA_DIR=str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.split() == ["False", "404", "True", "200", "True"], result.stdout + result.stderr


def test_deploy_checks_are_clean_with_production_settings(tmp_path):
    result = _run(
        ["check", "--deploy", "--fail-level", "WARNING"],
        DEBUG="0",
        SECRET_KEY="k" * 20 + "-a-long-random-production-secret-" + "x" * 20,
        ALLOWED_HOSTS="thidua.example.vn",
        SECURE_SSL_REDIRECT="1",
        SECURE_HSTS_SECONDS="31536000",
        THIDUA_DATA_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(db):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
    # the test database lives in memory, where SQLite reports "memory"; a file database uses WAL
    assert mode in {"wal", "memory"}
    assert connection.settings_dict["OPTIONS"]["timeout"] >= 5
    assert "journal_mode=WAL" in connection.settings_dict["OPTIONS"]["init_command"]
    assert connection.settings_dict["CONN_MAX_AGE"] > 0  # a worker thread keeps its connection


def test_the_interface_is_vietnamese_by_default_and_english_on_request(client, personas):
    client.force_login(personas["officer"])
    assert "Tổng quan" in client.get(reverse("web:home")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Overview" in client.get(reverse("web:home")).content.decode()


def test_login_works_with_the_right_password(client, personas):
    response = client.post(reverse("accounts:login"), {"username": "officer", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"


def test_login_is_throttled_after_repeated_failures(client, personas):
    url = reverse("accounts:login")
    for _ in range(5):
        response = client.post(url, {"username": "officer", "password": "sai"})
    response = client.post(url, {"username": "officer", "password": PASSWORD})
    assert response.status_code == 429
    assert "Tạm khóa đăng nhập" in response.content.decode()


def test_a_wrong_password_gets_a_vietnamese_message(client, personas):
    response = client.post(reverse("accounts:login"), {"username": "officer", "password": "sai"})
    assert "mật khẩu" in response.content.decode().lower()


def test_a_browser_set_to_english_still_gets_vietnamese_until_the_user_switches(client, personas):
    client.force_login(personas["officer"])
    response = client.get(reverse("web:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Tổng quan" in response.content.decode()


def test_logout_is_a_post_and_ends_the_session(client, personas):
    client.force_login(personas["officer"])
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("people:list")).status_code == 302


def test_home_counts_people_below_the_users_units(client, personas, tree):
    from thidua.people.services import person_create

    person_create(actor=SYSTEM, full_name="Người Một", gender="male", unit=tree.hamlet)
    person_create(actor=SYSTEM, full_name="Người Hai", gender="female", unit=tree.other_hamlet)
    client.force_login(personas["officer"])
    card = client.get(reverse("web:home")).context["cards"][0]
    assert card["unit"] == tree.commune and card["people"] == 1
    assert card["unit_counts"]["Ấp, thôn, tổ dân phố"] == 2
