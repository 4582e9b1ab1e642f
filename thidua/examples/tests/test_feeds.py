"""Atom feeds of a commune: valid Atom, absolute links, and only what the portal shows anyone."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from thidua.access import SYSTEM
from thidua.commendations.models import Decision
from thidua.examples import services
from thidua.examples.models import ConsentMethod
from thidua.people.models import Gender, Person

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def _published(unit, title, *, person=None, consent=True):
    example = services.example_propose(
        actor=SYSTEM, unit=unit, kind="good_deed", title=title, story="Đã giúp đỡ bà con.", person=person
    )
    services.example_verify(actor=SYSTEM, example=example)
    if person is not None and consent:
        services.consent_record(
            actor=SYSTEM, example=example, given_on=timezone.localdate(), method=ConsentMethod.WRITTEN
        )
    return services.example_publish(actor=SYSTEM, example=example)


def _feed(client, name, commune):
    response = client.get(reverse(name, args=[commune.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}updated") is not None and root.find(f"{ATOM}id") is not None
    entries = root.findall(f"{ATOM}entry")
    for entry in entries:
        link = entry.find(f"{ATOM}link").get("href")
        assert link.startswith("http://testserver/")
        assert entry.find(f"{ATOM}id").text.startswith("http://testserver/")
        dt.datetime.fromisoformat(entry.find(f"{ATOM}updated").text)
    return root, entries


def _titles(entries):
    return [e.find(f"{ATOM}title").text for e in entries]


def test_the_examples_feed_has_the_communes_published_examples_only(client, tree):
    person = Person.objects.create(full_name="Đặng Thị Nở", gender=Gender.FEMALE, unit=tree.hamlet)
    shown = _published(tree.hamlet, "Đắp đường ấp Mỹ Hòa")
    withdrawn = _published(tree.hamlet, "Cứu người đuối nước", person=person)
    services.consent_withdraw(
        actor=SYSTEM, consent=withdrawn.consents.get(), withdrawn_on=timezone.localdate()
    )
    services.example_propose(actor=SYSTEM, unit=tree.hamlet, kind="good_deed", title="Chưa duyệt", story="x")
    _published(tree.other_hamlet, "Việc tốt xã khác")

    root, entries = _feed(client, "examples:feed_examples", tree.commune)
    assert _titles(entries) == ["Đắp đường ấp Mỹ Hòa"]
    assert "Xã Mỹ Thạnh" in root.find(f"{ATOM}title").text
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link == "http://testserver" + reverse("examples:public_detail", args=[shown.pk])
    body = ET.tostring(root, encoding="unicode")
    assert "Đặng Thị Nở" not in body and "Cứu người đuối nước" not in body


def test_a_citizens_report_never_shows_the_reporter_in_the_feed(client, tree):
    example = services.example_report(
        hamlet=tree.hamlet,
        name="Lê Văn Báo",
        contact="0909123456",
        title="Nhặt được ví trả lại",
        story="Anh Tư nhặt được ví.",
        ip="10.0.0.9",
    )
    services.example_verify(actor=SYSTEM, example=example)
    services.consent_record(
        actor=SYSTEM,
        example=example,
        given_on=timezone.localdate(),
        method="written",
        given_by="Nguyễn Văn Tư",
    )
    services.example_publish(actor=SYSTEM, example=example)
    root, entries = _feed(client, "examples:feed_examples", tree.commune)
    body = ET.tostring(root, encoding="unicode")
    assert _titles(entries) == ["Nhặt được ví trả lại"]
    assert "Lê Văn Báo" not in body and "0909123456" not in body


def test_the_decisions_feed_has_signed_decisions_of_the_commune(client, tree):
    Decision.objects.create(
        commune=tree.commune,
        title="Khen thưởng gia đình văn hóa",
        year=2026,
        number=7,
        number_label="07/QĐ-UBND",
        signed_on=dt.date(2026, 12, 1),
        state=Decision.State.SIGNED,
    )
    Decision.objects.create(commune=tree.commune, title="Dự thảo chưa ký", year=2026)
    Decision.objects.create(
        commune=tree.other,
        title="Xã khác",
        year=2026,
        signed_on=dt.date(2026, 11, 2),
        state=Decision.State.SIGNED,
    )
    _root, entries = _feed(client, "examples:feed_decisions", tree.commune)
    assert _titles(entries) == ["Quyết định số 07/QĐ-UBND: Khen thưởng gia đình văn hóa"]
    assert "01/12/2026" in entries[0].find(f"{ATOM}summary").text
    assert entries[0].find(f"{ATOM}updated").text.startswith("2026-12-01")


def test_an_empty_feed_is_still_valid_and_a_hamlet_or_unknown_id_is_not_a_commune(client, tree):
    _root, entries = _feed(client, "examples:feed_examples", tree.commune)
    assert entries == []
    assert client.get(reverse("examples:feed_decisions", args=[tree.hamlet.pk])).status_code == 404
    assert client.get(reverse("examples:feed_examples", args=[99999])).status_code == 404


def test_the_portal_and_the_public_list_link_the_feeds(client, tree):
    href = reverse("examples:feed_examples", args=[tree.commune.pk])
    for url in (reverse("web:home"), reverse("examples:public_list")):
        body = client.get(url).content.decode()
        assert f'<link rel="alternate" type="application/atom+xml" href="{href}"' in body
        assert reverse("examples:feed_decisions", args=[tree.commune.pk]) in body
