"""The demo's API token: `load-demo` makes it read-only on Mỹ Thạnh and prints it with a curl line;
its public secret is made by the demo loader only."""

import io

import pytest
from django.core.management import call_command

from thidua.access import SYSTEM, SystemActor
from thidua.api import services
from thidua.api.models import ApiToken
from thidua.demo import ACTOR

pytestmark = pytest.mark.django_db


def test_load_demo_prints_the_read_only_token_of_my_thanh_and_a_curl_line(client):
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    demo_output = out.getvalue()
    assert (
        f"Mã API mẫu (chỉ đọc, Xã Mỹ Thạnh; chỉ dùng cho bản chạy thử): {services.DEMO_TOKEN}" in demo_output
    )
    assert (
        f'curl -H "Authorization: Bearer {services.DEMO_TOKEN}" http://127.0.0.1:8000/api/v1/units'
        in demo_output
    )
    token = ApiToken.objects.get(prefix=services.DEMO_PREFIX)
    assert token.unit.name == "Xã Mỹ Thạnh" and not token.report_figures and token.expires_on is None
    units = client.get("/api/v1/units", HTTP_AUTHORIZATION=f"Bearer {services.DEMO_TOKEN}")
    assert units.status_code == 200
    names = {u["name"] for u in units.json()["items"]}
    assert "Xã Mỹ Thạnh" in names and not any(n.startswith("Tỉnh") for n in names)
    from thidua.movements.models import Target

    target = Target.objects.filter(unit__path__startswith=token.unit.path).select_related("movement").first()
    period = target.movement.periods.first()
    refused = client.post(
        "/api/v1/figures",
        data={"figures": [{"target": target.pk, "period": period.pk, "value": 1}]},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {services.DEMO_TOKEN}",
    )
    assert refused.status_code == 403


def test_the_demo_token_is_made_by_the_demo_loader_only(tree):
    for actor in (SYSTEM, SystemActor("hệ thống"), SystemActor("load-units")):
        with pytest.raises(TypeError):
            services.api_token_create_demo(actor=actor, unit=tree.commune)
    assert not ApiToken.objects.exists()
    services.api_token_create_demo(actor=ACTOR, unit=tree.commune)
    assert services.token_lookup(services.DEMO_TOKEN).unit == tree.commune


def test_an_ordinary_token_never_takes_the_demo_prefix(tree, monkeypatch):
    draws = iter([services.DEMO_PREFIX, "0123456789ab"])
    monkeypatch.setattr(services.secrets, "token_hex", lambda n: next(draws))
    token, secret = services.api_token_create(actor=SYSTEM, unit=tree.commune, label="Hệ thống")
    assert token.prefix == "0123456789ab" and secret != services.DEMO_TOKEN
    assert services.token_lookup(services.DEMO_TOKEN) is None


def test_the_readme_shows_the_demo_token_as_load_demo_prints_it():
    import pathlib

    readme = pathlib.Path(__file__).resolve().parents[3] / "README.md"
    assert f"Bearer {services.DEMO_TOKEN}" in readme.read_text(encoding="utf-8")
