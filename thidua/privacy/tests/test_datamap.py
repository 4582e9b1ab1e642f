"""The data map classifies every field of every model, the README holds exactly what the command
prints, the public notices read the configured retention, and only admins and officers open the page."""

import dataclasses
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from thidua.accounts.models import Role
from thidua.privacy import datamap, render
from thidua.privacy.keeps import RETENTION
from thidua.privacy.kinds import PUBLIC, ModelMap

README = Path(__file__).resolve().parents[3] / "README.md"


def test_every_field_of_every_installed_model_is_classified():
    missing = datamap.unclassified()
    assert missing == [], "fields the data map (thidua/privacy/datamap.py) does not classify: " + ", ".join(
        missing
    )


def test_a_field_missing_from_the_map_is_named(monkeypatch):
    trimmed = []
    for model_map in datamap.MAP:
        if model_map.model == "people.Person":
            personal = {k: v for k, v in model_map.personal.items() if k != "phone"}
            model_map = dataclasses.replace(model_map, personal=personal)
        trimmed.append(model_map)
    monkeypatch.setattr(datamap, "MAP", tuple(trimmed))
    assert datamap.unclassified() == ["people.Person.phone"]


def test_a_model_missing_from_the_map_names_each_of_its_fields(monkeypatch):
    monkeypatch.setattr(datamap, "MAP", tuple(m for m in datamap.MAP if m.model != "commendations.Objection"))
    missing = datamap.unclassified()
    assert "commendations.Objection.contact" in missing and "commendations.Objection.client_key" in missing


def test_a_field_that_no_longer_exists_is_named(monkeypatch):
    extra = ModelMap("people.Household", {}, "id hamlet is_sample head address telephone")
    monkeypatch.setattr(
        datamap, "MAP", tuple(extra if m.model == "people.Household" else m for m in datamap.MAP)
    )
    assert any(name.startswith("people.Household.telephone") for name in datamap.unclassified())


def test_every_installed_model_has_a_map_and_no_field_is_both_personal_and_not():
    maps = datamap.model_maps()
    assert {m._meta.label for m in apps.get_models()} <= set(maps)
    for model_map in datamap.MAP:
        assert not set(model_map.personal) & set(model_map.not_personal), model_map.model


def test_the_sensitive_fields_are_personal_and_seen_by_few():
    maps = datamap.model_maps()
    phone = maps["people.Person"].personal["phone"]
    assert set(phone.seen_by) == {Role.ADMIN, Role.OFFICER}
    discipline = maps["commendations.Discipline"].personal["kind"]
    assert PUBLIC not in discipline.seen_by and Role.REPRESENTATIVE not in discipline.seen_by
    assert maps["commendations.Objection"].personal["contact"].keep == "objection_contact"
    assert maps["axes.AccessLog"].personal["ip_address"].keep == "login_address"


def test_the_readme_section_is_what_the_command_prints():
    out = StringIO()
    call_command("personal_data_map", "--markdown", stdout=out)
    text = README.read_text(encoding="utf-8")
    start, end = text.index(render.BEGIN), text.index(render.END) + len(render.END)
    assert text[start:end] + "\n" == out.getvalue(), (
        "README's section differs from the data map: paste the output of `thidua personal-data-map --markdown`"
    )


def test_the_command_refuses_when_a_field_is_unclassified(monkeypatch):
    monkeypatch.setattr(datamap, "MAP", tuple(m for m in datamap.MAP if m.model != "people.Person"))
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="people.Person.phone"):
        call_command("personal_data_map", "--markdown", stdout=StringIO())


def test_the_notice_text_says_the_configured_days(settings):
    settings.RETENTION_OBJECTION_CONTACT_DAYS = 90
    assert datamap.retention_text("objection_contact").startswith("90 ngày")
    settings.RETENTION_OBJECTION_CONTACT_DAYS = 0
    assert "không tự động xóa" in datamap.retention_text("objection_contact")
    settings.RETENTION_CLIENT_KEY_DAYS = 2
    assert "2 ngày" in datamap.retention_text("survey_response")
    assert "ngày" in datamap.retention_text("example_reporter")


def test_every_retention_class_a_public_form_names_exists():
    for key in ("objection_contact", "example_reporter", "survey_response"):
        assert key in RETENTION
    with pytest.raises(KeyError):
        datamap.retention_text("no_such_class")


# --- the page -------------------------------------------------------------------------------------

# anonymous → login; admin and officer (also of another commune: the map is the installation's) → 200.
EXPECTED = {"admin": 200, "officer": 200, "outsider": 200, "leader": 404, "council": 404,
            "representative": 404, "viewer": 404}  # fmt: skip


def test_only_admins_and_officers_open_the_data_map(client, personas):
    url = reverse("privacy:datamap")
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    for role, code in EXPECTED.items():
        client.force_login(personas[role])
        assert client.get(url).status_code == code, role


def test_the_officer_reads_every_personal_field_in_vietnamese_and_finds_it_in_the_menu(client, personas):
    client.force_login(personas["officer"])
    response = client.get(reverse("privacy:datamap"))
    assert "Bản đồ dữ liệu cá nhân" in response.text
    assert f'href="{reverse("privacy:datamap")}"' in response.text
    for label, field, _entry in datamap.entries():
        assert f"<code>{label}</code>" in response.text and f"<code>{field}</code>" in response.text
    assert "RETENTION_LOGIN_ADDRESS_DAYS" in response.text


def test_the_menu_does_not_offer_the_data_map_to_a_leader(client, personas):
    client.force_login(personas["leader"])
    assert reverse("privacy:datamap") not in client.get(reverse("web:home")).text
