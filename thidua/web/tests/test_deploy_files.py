"""The files in deploy/ speak of settings thidua really reads, and of commands it really has."""

import re
from pathlib import Path

from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[3]
DEPLOY = ROOT / "deploy"
READ = re.compile(r'(?:env_(?:str|bool|int|list)\(\s*|os\.environ(?:\.get)?[\[(]\s*)"([A-Z][A-Z0-9_]*)"')
# read by the test settings only; never set in service
NOT_FOR_SERVICE = {"THIDUA_TESTING"}


def _read_by_code() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "thidua").rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        names |= set(READ.findall(path.read_text(encoding="utf-8")))
    return names


def _read_by_settings() -> set[str]:
    return set(READ.findall((ROOT / "thidua" / "settings.py").read_text(encoding="utf-8")))


def _named_in_template() -> set[str]:
    text = (DEPLOY / "thidua.env.example").read_text(encoding="utf-8")
    return set(re.findall(r"^#? ?([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))


def test_the_environment_template_names_only_settings_thidua_reads():
    assert _named_in_template() - _read_by_code() == set()


def test_the_environment_template_names_every_setting_the_settings_module_reads():
    assert _read_by_settings() - NOT_FOR_SERVICE - _named_in_template() == set()


def test_the_units_run_thidua_commands_that_exist_and_set_only_settings_thidua_reads():
    commands = set(get_commands())
    units = sorted(DEPLOY.glob("thidua-*.service"))
    assert {u.name for u in units} >= {"thidua-web.service", "thidua-worker.service", "thidua-cron.service"}
    for unit in units:
        text = unit.read_text(encoding="utf-8")
        for command in re.findall(r"/bin/thidua ([a-z-]+)", text):
            assert command.replace("-", "_") in commands, (unit.name, command)
        for name in re.findall(r"^Environment=([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE):
            assert name in _read_by_code(), (unit.name, name)
        assert "EnvironmentFile=/etc/thidua/thidua.env" in text
    for timer in ("thidua-cron.timer", "thidua-backup.timer"):
        assert (DEPLOY / timer).exists()


def test_nginx_takes_uploads_a_little_above_the_upload_limit_and_keeps_protected_files_internal():
    from django.conf import settings

    text = (DEPLOY / "nginx-thidua.conf").read_text(encoding="utf-8")
    size = re.search(r"client_max_body_size (\d+)m;", text)
    assert size is not None
    assert int(size.group(1)) * 1024 * 1024 > settings.THIDUA_MAX_UPLOAD_BYTES
    internal = re.search(r"location (\S+) \{\s*internal;", text)
    assert internal is not None and internal.group(1) == settings.THIDUA_SENDFILE_URL
    assert "X-Forwarded-For" in text and "X-Forwarded-Proto" in text
