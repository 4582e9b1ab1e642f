"""Invisible characters (zero-width, direction overrides) typed or pasted into names and text."""

from django import forms

from thidua.access import SYSTEM
from thidua.lib.text import clean_text, fold
from thidua.people.models import Person
from thidua.people.services import person_create

HIDDEN = "Lê\u200b Văn\u202e Mạnh\u2066\ufeff"


def test_the_normaliser_removes_invisible_characters_and_keeps_line_breaks():
    assert clean_text(HIDDEN) == "Lê Văn Mạnh"
    assert clean_text("Dòng một\r\n\tDòng hai\x00\x1b") == "Dòng một\r\n\tDòng hai"


def test_every_form_text_field_strips_them():
    class AnyForm(forms.Form):
        name = forms.CharField()
        note = forms.CharField(widget=forms.Textarea)
        secret = forms.CharField(widget=forms.PasswordInput, strip=False)

    form = AnyForm({"name": HIDDEN, "note": "Ghi\u200d chú\u202a", "secret": "a\u200bb"})
    assert form.is_valid()
    assert form.cleaned_data["name"] == "Lê Văn Mạnh"
    assert form.cleaned_data["note"] == "Ghi chú"
    assert form.cleaned_data["secret"] == "a\u200bb"


def test_a_person_named_through_the_form_is_found_by_the_name_people_see(client, personas, tree):
    from thidua.people.forms import PersonForm

    form = PersonForm({"full_name": HIDDEN, "gender": "male", "unit": tree.hamlet.pk})
    form.is_valid()
    assert form.cleaned_data["full_name"] == "Lê Văn Mạnh"


def test_a_name_stored_by_a_service_is_found_by_search(tree):
    person = person_create(actor=SYSTEM, full_name=HIDDEN, gender="male", unit=tree.commune)
    assert person.full_name == "Lê Văn Mạnh"
    assert Person.objects.filter(search_key__contains=fold("Lê Văn Mạnh")).exists()
    assert fold("Văn\u200b Mạnh") == "van manh"
