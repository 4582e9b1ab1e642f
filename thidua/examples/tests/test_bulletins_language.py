import datetime as dt

from django.utils import translation

from thidua.examples.services import bulletin_draft_text


def test_the_radio_bulletin_is_written_in_vietnamese_even_for_an_english_screen(tree):
    with translation.override("en"):
        text = bulletin_draft_text(
            unit=tree.commune, week_start=dt.date(2026, 11, 16), examples=[], movements=[]
        )
    assert "kính chào quý vị" in text
