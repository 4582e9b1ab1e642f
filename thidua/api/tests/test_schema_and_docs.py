"""The API describes itself: the OpenAPI document lists every operation, the docs page runs offline,
the awards export keeps its documented shape; the commands an IT person types."""

import io
import json
import pathlib
import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver

from thidua.api.models import ApiToken
from thidua.api.schemas import AwardsExport, export_json_schema

pytestmark = pytest.mark.django_db

SCHEMA_FILE = pathlib.Path(__file__).resolve().parents[1] / "data" / "awards-export-2.json"


def _api_routes(patterns=None, prefix=""):
    """(path, methods) of every operation the URLconf routes under /api/v1/."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _api_routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and route.startswith("api/v1/"):
            yield route


def test_the_openapi_document_parses_and_lists_every_operation(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.")
    assert document["info"]["version"] == "1"
    paths = document["paths"]
    expected = {
        ("/api/v1/units", "get"),
        ("/api/v1/units/{unit_id}", "get"),
        ("/api/v1/people", "get"),
        ("/api/v1/people/{person_id}", "get"),
        ("/api/v1/movements", "get"),
        ("/api/v1/movements/{movement_id}", "get"),
        ("/api/v1/targets", "get"),
        ("/api/v1/figures", "get"),
        ("/api/v1/figures", "post"),
        ("/api/v1/nominations", "get"),
        ("/api/v1/awards", "get"),
        ("/api/v1/awards/export", "get"),
        ("/api/v1/decisions", "get"),
        ("/api/v1/certificates/{code}", "get"),
    }
    assert {(path, method) for path, item in paths.items() for method in item} == expected
    # Every routed operation is in the document (ninja routes `<int:unit_id>` as `{unit_id}`).
    routed = {
        "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
        for route in _api_routes()
        if route not in ("api/v1/", "api/v1/openapi.json", "api/v1/docs")
    }
    assert routed == set(paths)
    for path, method in expected:
        operation = paths[path][method]
        assert operation["description"] and operation["tags"], path
        if path.startswith("/api/v1/certificates"):
            assert "security" not in operation
        else:
            assert operation["security"] == [{"TokenAuth": []}]
            assert "401" in operation["responses"]
    assert document["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
    assert "AwardsExport" in document["components"]["schemas"]


def test_the_openapi_document_and_the_docs_need_no_login(client):
    for url in ("/api/v1/", "/api/v1/openapi.json", "/api/v1/docs"):
        assert client.get(url).status_code == 200, url


def test_the_index_points_to_the_document_and_the_docs(client):
    assert client.get("/api/v1/").json() == {
        "name": "thidua API",
        "version": "1",
        "openapi": "/api/v1/openapi.json",
        "docs": "/api/v1/docs",
    }


def test_the_docs_page_loads_nothing_from_another_host(client):
    response = client.get("/api/v1/docs")
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "/static/ninja/swagger-ui.css" in html
    assert re.findall(r"https?://", html) == []
    assert '"validatorUrl": null' in html  # Swagger UI would otherwise ask a public validator
    for asset in ("ninja/swagger-ui-bundle.js", "ninja/swagger-ui.css", "ninja/swagger-ui-init.js"):
        assert finders.find(asset), asset
    init = pathlib.Path(finders.find("ninja/swagger-ui-init.js")).read_text()
    assert "http" not in init


def test_the_awards_export_keeps_its_documented_shape(call, tokens, awards, tree):
    response = call("awards/export", tokens["commune"], data={"year": 2025})
    assert response.status_code == 200
    document = response.json()
    AwardsExport.model_validate(document)
    assert document["format"] == "thidua-awards-export/2"
    assert document["unit"]["name"] == "Xã Mỹ Thạnh"
    assert document["count"] == 1
    (award,) = document["awards"]
    assert award["recipient"]["name"] == "Đặng Thị Dung"
    assert award["recipient"]["unit"]["name"] == "Ấp Mỹ Hòa"
    assert award["decision"]["number"] == "12/QĐ-UBND"
    assert award["decision"]["issuer"]["name"] == "Xã Mỹ Thạnh"
    assert set(award["recipient"]) <= {"kind", "name", "person_id", "gender", "position", "unit"}
    province = call("awards/export", tokens["province"], data={"year": 2025}).json()
    assert province["count"] == 2


def test_a_year_without_awards_is_an_empty_export(call, tokens, awards):
    document = call("awards/export", tokens["commune"], data={"year": 2019}).json()
    assert document["count"] == 0 and document["awards"] == []


def test_the_export_needs_a_year(call, tokens):
    response = call("awards/export", tokens["commune"])
    assert response.status_code == 422
    assert response.json()["detail"] == "“year” bắt buộc phải có."
    assert call("awards/export", tokens["commune"], data={"year": 20250}).status_code == 422


def test_the_json_schema_file_is_the_one_the_code_makes():
    """Regenerate with `thidua shell -c` … `export_json_schema()` when the export changes, and bump
    the format's version when a field changes meaning."""
    assert json.loads(SCHEMA_FILE.read_text(encoding="utf-8")) == json.loads(json.dumps(export_json_schema()))


# --- commands -------------------------------------------------------------------------------------


def test_the_command_creates_a_token_that_works_then_revokes_it(call, tree):
    tree.commune.code = "28051"
    tree.commune.save()
    out, err = io.StringIO(), io.StringIO()
    call_command("api_token", "create", "--unit", "28051", "--report-figures", stdout=out, stderr=err)
    secret = out.getvalue().strip()
    assert secret.startswith("thidua_")
    assert "chỉ hiện một lần" in err.getvalue()
    token = ApiToken.objects.get()
    assert token.report_figures and token.label == "Hệ thống của Xã Mỹ Thạnh"
    assert call("units", secret).status_code == 200
    listing = io.StringIO()
    call_command("api_token", "list", stdout=listing)
    assert f"#{token.pk}" in listing.getvalue() and secret not in listing.getvalue()
    call_command("api_token", "revoke", str(token.pk), stdout=io.StringIO())
    assert call("units", secret).status_code == 401


def test_the_command_refuses_an_unknown_unit(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Không có đơn vị"):
        call_command("api_token", "create", "--unit", "99999")


def test_the_export_command_writes_the_same_document(tree, awards, tmp_path):
    target = tmp_path / "khen-thuong-2025.json"
    call_command(
        "awards_export",
        "--year",
        "2025",
        "--unit",
        f"#{tree.commune.pk}",
        "--output",
        str(target),
        stderr=io.StringIO(),
    )
    document = json.loads(target.read_text(encoding="utf-8"))
    AwardsExport.model_validate(document)
    assert [a["recipient"]["name"] for a in document["awards"]] == ["Đặng Thị Dung"]
