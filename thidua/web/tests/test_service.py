"""In service: the health check, the security headers and `thidua serve` as production runs it."""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.urls import reverse

from thidua.web import health

TEMPLATES = sorted(Path(__file__).resolve().parents[2].glob("*/templates/**/*.html"))


def _production_env(tmp_path, **extra) -> dict[str, str]:
    drop = {"DEBUG", "SECRET_KEY", "THIDUA_TESTING", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "CACHE_URL"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update({"THIDUA_TESTING": "0", "THIDUA_DATA_DIR": str(tmp_path), **extra})
    return env


def _thidua(args, env, timeout=180):
    return subprocess.run(
        [sys.executable, "-m", "thidua.cli", *args], capture_output=True, text=True, env=env, timeout=timeout
    )


# --- /healthz


@pytest.mark.django_db
def test_health_check_answers_the_state_of_database_cache_and_queue_without_login(client):
    response = client.get(reverse("web:healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok", "tasks": "ok"}


@pytest.mark.django_db
def test_health_check_answers_503_when_the_cache_fails(client, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("down")

    monkeypatch.setattr(health.cache, "set", broken)
    response = client.get(reverse("web:healthz"))
    assert response.status_code == 503
    assert response.json()["cache"] == "error: ConnectionError"
    assert response.json()["database"] == "ok"


def test_the_trivial_view_needs_no_database(client):
    assert client.get(reverse("web:ping")).content == b"ok"


# --- Content-Security-Policy


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_without_inline_scripts(client):
    policy = client.get(reverse("web:home")).headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in directives["style-src"]


def test_no_template_has_an_inline_script_or_event_handler():
    assert len(TEMPLATES) > 50
    offenders = []
    for template in TEMPLATES:
        text = template.read_text(encoding="utf-8")
        for script in re.findall(r"<script\b[^>]*>", text, flags=re.IGNORECASE):
            if "src=" not in script:
                offenders.append(f"{template}: {script}")
        offenders += [f"{template}: {m}" for m in re.findall(r"\son[a-z]+\s*=", text, flags=re.IGNORECASE)]
        offenders += [
            f"{template}: javascript:" for _ in re.findall(r"javascript:", text, flags=re.IGNORECASE)
        ]
        offenders += [f"{template}: hx-on" for _ in re.findall(r"\bhx-on", text)]
    assert offenders == []


def test_the_documented_production_settings_pass_the_deploy_checks(tmp_path):
    env = _production_env(tmp_path, HTTPS="1", ALLOWED_HOSTS="thidua.example.vn", BEHIND_PROXY="1")
    result = _thidua(["check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_under_https_session_and_csrf_cookies_are_secure_and_http_is_redirected(tmp_path):
    show = (
        "from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS > 0)"
    )
    result = _thidua(["shell", "-v", "0", "-c", show], _production_env(tmp_path, HTTPS="1"))
    assert result.stdout.split() == ["True", "True", "True", "True"], result.stderr


# --- thidua serve


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback only
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


_CACHE_TABLE = (
    "from django.conf import settings; from django.db import connection;"
    " print(settings.CACHES['default']['BACKEND'], 'thidua_cache' in connection.introspection.table_names())"
)


def test_the_cache_is_redis_when_cache_url_names_it(tmp_path):
    show = (
        "from django.conf import settings; c = settings.CACHES['default']; print(c['BACKEND'], c['LOCATION'])"
    )
    env = _production_env(tmp_path, CACHE_URL="redis://cache.lan:6379/1")
    result = _thidua(["shell", "-v", "0", "-c", show], env)
    assert result.stdout.split() == [
        "django.core.cache.backends.redis.RedisCache",
        "redis://cache.lan:6379/1",
    ]


def test_passwords_are_hashed_with_argon2_in_service_and_older_hashes_still_log_in(tmp_path):
    show = (
        "from django.contrib.auth.hashers import get_hasher, make_password, check_password;"
        " from django.contrib.auth.hashers import PBKDF2PasswordHasher as P;"
        " old = P().encode('mật khẩu cũ', P().salt());"
        " print(get_hasher().algorithm, make_password('x').split('$')[0], check_password('mật khẩu cũ', old))"
    )
    result = _thidua(["shell", "-v", "0", "-c", show], _production_env(tmp_path))
    assert result.stdout.split() == ["argon2", "argon2", "True"], result.stderr


def test_thidua_serve_starts_answers_the_health_check_serves_hashed_static_files_and_stops(tmp_path):
    env = _production_env(tmp_path)
    migrated = _thidua(["migrate", "--verbosity", "0"], env, timeout=300)
    assert migrated.returncode == 0, migrated.stderr
    tables = _thidua(["shell", "-v", "0", "-c", _CACHE_TABLE], env)
    assert tables.stdout.split() == ["django.core.cache.backends.db.DatabaseCache", "True"], tables.stderr
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "thidua.cli", "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 180  # a loaded machine (both suites side by side) starts slowly
        status, body = 0, b""
        while time.monotonic() < deadline and server.poll() is None:
            try:
                status, body = _get(f"{base}/healthz")
                break
            except OSError:
                time.sleep(0.3)
        assert status == 200, (status, body, server.poll())
        assert json.loads(body)["status"] == "ok"
        status, page = _get(f"{base}/")
        assert status == 200
        hashed = re.search(rb"/static/thidua/thidua\.[0-9a-f]{12}\.css", page)
        assert hashed, page[:2000]
        status, css = _get(base + hashed.group().decode())
        assert status == 200 and b"{" in css
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(10)
