"""Text bombs typed by staff: every typed text has a limit, checked by the form and by the service,
and the home page's audit feed shows which fields changed rather than whole texts."""

import pytest
from django import forms
from django.urls import reverse

from thidua.commendations.forms import NominationForm
from thidua.examples import services
from thidua.examples.models import Example, ExampleState
from thidua.lib import lengths
from thidua.lib.errors import ServiceError

pytestmark = pytest.mark.django_db

MEGABYTE = "Thành tích xuất sắc. " * 50_000


def test_a_megabyte_story_is_refused_by_the_service_naming_the_field(tree, personas):
    with pytest.raises(ServiceError) as refused:
        services.example_propose(
            actor=personas["officer"], unit=tree.hamlet, kind="person", title="Gương sáng", story=MEGABYTE
        )
    assert refused.value.field == "story" and refused.value.code == "too_long"
    assert "10.000" in str(refused.value)
    assert not Example.objects.exists()


def test_a_reason_is_a_note_and_longer_than_a_note_is_refused(tree, personas):
    example = services.example_propose(
        actor=personas["officer"], unit=tree.hamlet, kind="person", title="Gương sáng", story="Chuyện kể."
    )
    with pytest.raises(ServiceError) as refused:
        services.example_reject(actor=personas["officer"], example=example, reason="x" * (lengths.NOTE + 1))
    assert refused.value.field == "reject_reason"
    example.refresh_from_db()
    assert example.state == ExampleState.PROPOSED


def test_a_title_longer_than_its_column_is_refused_on_sqlite_too(tree, personas):
    with pytest.raises(ServiceError) as refused:
        services.example_propose(
            actor=personas["officer"], unit=tree.hamlet, kind="person", title="T" * 300, story="Chuyện kể."
        )
    assert refused.value.field == "title"


def test_every_text_area_of_a_form_has_a_limit():
    class Free(forms.Form):
        text = forms.CharField(widget=forms.Textarea)

    form = Free({"text": "x" * (lengths.TEXT + 1)})
    assert not form.is_valid() and "text" in form.errors
    assert 'maxlength="10000"' in str(form["text"])
    assert NominationForm.base_fields["achievement"].max_length == lengths.TEXT


def test_the_home_feed_names_the_changed_fields_without_whole_texts(client, tree, personas):
    story = "Câu chuyện rất dài. " * 450  # below the limit, far beyond what a feed should print
    services.example_propose(
        actor=personas["officer"], unit=tree.hamlet, kind="person", title="Gương", story=story
    )
    client.force_login(personas["officer"])
    page = client.get(reverse("web:home"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Câu chuyện rất dài. " * 20 not in html
    assert "nội dung" in html
