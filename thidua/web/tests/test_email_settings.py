"""E-mail goes out through a real SMTP server when the environment names one (deploy/thidua.env)."""

import json
import os
import subprocess
import sys

_PRINT = """
import json
from django.conf import settings
names = ["EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD",
         "EMAIL_USE_TLS", "EMAIL_USE_SSL", "EMAIL_TIMEOUT", "DEFAULT_FROM_EMAIL", "SERVER_EMAIL"]
print(json.dumps({name: getattr(settings, name) for name in names}))
"""
_UNSET = {"DEBUG", "SECRET_KEY", "THIDUA_TESTING", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def _settings(tmp_path, **env) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in _UNSET and not k.startswith("EMAIL_")}
    base.update({"THIDUA_TESTING": "0", "THIDUA_DATA_DIR": str(tmp_path), **env})
    return subprocess.run(
        [sys.executable, "-m", "thidua.cli", "shell", "-v", "0", "-c", _PRINT],
        capture_output=True,
        text=True,
        env=base,
        timeout=120,
    )


def test_the_smtp_server_named_in_the_environment_reaches_the_settings(tmp_path):
    result = _settings(
        tmp_path,
        EMAIL_HOST="smtp.example.gov.vn",
        EMAIL_PORT="587",
        EMAIL_HOST_USER="thidua@example.gov.vn",
        EMAIL_HOST_PASSWORD="mat-khau thu",
        EMAIL_USE_TLS="1",
        EMAIL_TIMEOUT="15",
        DEFAULT_FROM_EMAIL="Thi đua xã <thidua@example.gov.vn>",
        SERVER_EMAIL="loi@example.gov.vn",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        # an SMTP server named: it is used, without also naming the backend
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "smtp.example.gov.vn",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "thidua@example.gov.vn",
        "EMAIL_HOST_PASSWORD": "mat-khau thu",
        "EMAIL_USE_TLS": True,
        "EMAIL_USE_SSL": False,
        "EMAIL_TIMEOUT": 15,
        "DEFAULT_FROM_EMAIL": "Thi đua xã <thidua@example.gov.vn>",
        "SERVER_EMAIL": "loi@example.gov.vn",
    }


def test_without_an_smtp_server_mail_is_printed_and_errors_come_from_the_sender(tmp_path):
    result = _settings(tmp_path, DEFAULT_FROM_EMAIL="thidua@xa.gov.vn", EMAIL_USE_SSL="yes")
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert values["EMAIL_USE_SSL"] is True and values["EMAIL_PORT"] == 25
    assert values["SERVER_EMAIL"] == "thidua@xa.gov.vn"


def test_tls_and_ssl_together_are_refused_at_start(tmp_path):
    result = _settings(tmp_path, EMAIL_HOST="smtp.example.gov.vn", EMAIL_USE_TLS="1", EMAIL_USE_SSL="1")
    assert result.returncode != 0 and "EMAIL_USE_TLS" in result.stderr and "EMAIL_USE_SSL" in result.stderr


def test_a_port_that_is_not_a_number_is_refused_at_start(tmp_path):
    result = _settings(tmp_path, EMAIL_HOST="smtp.example.gov.vn", EMAIL_PORT="smtp")
    assert result.returncode != 0 and "EMAIL_PORT must be an integer" in result.stderr
