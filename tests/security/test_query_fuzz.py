"""Hostile values in every query parameter of every page: the answer is never a server error.

Every named URL (those with ids get ids from the demo data) is requested as the officer and as
anonymous, with every GET parameter the views read set to each hostile value at once; a view that
parses a number must go through `lib.params` (a number it cannot use is ignored) and a page
number through `lib.paging` (clamped)."""

import contextlib
import pathlib
import re

import pytest
from django.apps import apps
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

ROOT = pathlib.Path(__file__).resolve().parents[2]
HOSTILE = ["99999999999999999999", "-1", "abc", "²", "", "1e999", "1\x00"]
# Pages that change something on GET do not exist; these only log out or switch the language.
SKIP = {"accounts:logout", "set_language"}
PARAM = re.compile(r"""\bGET(?:\.get|\.getlist|\.__getitem__)?[(\[]\s*["']([a-z_]+)["']""")


def _get_params() -> list[str]:
    """Every name a view reads from the query string (found in the source, so new ones are covered)."""
    names: set[str] = set()
    for path in (ROOT / "thidua").rglob("*.py"):
        if "tests" not in path.parts:
            names.update(PARAM.findall(path.read_text(encoding="utf-8")))
    return sorted(names)


def _patterns(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace + pattern.name, pattern


def _candidate_urls(name: str, pattern: URLPattern) -> list[str]:
    """The URL itself, or one URL per small id of each model of the pattern's app (tried in turn)."""
    converters = pattern.pattern.converters
    if not converters:
        return [reverse(name)]
    if any(type(c).__name__ != "IntConverter" for c in converters.values()):
        return []
    app = name.split(":")[0]
    ids: list[int] = []
    for model in apps.get_app_config(app).get_models() if app in apps.app_configs else []:
        ids += list(model._default_manager.order_by("pk").values_list("pk", flat=True)[:2])
    urls = []
    for pk in dict.fromkeys(ids):
        with contextlib.suppress(NoReverseMatch):
            urls.append(reverse(name, kwargs=dict.fromkeys(converters, pk)))
    return urls


@pytest.mark.django_db
def test_no_query_value_makes_a_server_error():
    from thidua.demo import load_demo

    ctx = load_demo()
    params = _get_params()
    assert {"page", "unit", "movement", "period", "year", "q", "state"} <= set(params)
    clients = {"anonymous": Client()}
    clients["officer"] = Client()
    clients["officer"].force_login(ctx.users["canbo"])
    errors: list[str] = []
    tried = 0
    for name, pattern in _patterns(get_resolver().url_patterns):
        if name in SKIP or name.startswith("admin:"):
            continue
        for who, client in clients.items():
            url = next((u for u in _candidate_urls(name, pattern) if client.get(u).status_code == 200), None)
            if url is None:
                continue
            tried += 1
            for value in HOSTILE:
                try:
                    status = client.get(url, dict.fromkeys(params, value)).status_code
                except Exception as exc:  # noqa: BLE001 - every failure is listed below
                    status = repr(exc)[:200]
                if status == 500 or not isinstance(status, int):
                    errors.append(f"{who} {url} {value!r}: {status}")
    assert tried > 40
    assert errors == [], "\n".join(errors)
