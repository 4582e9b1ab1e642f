"""The public notice says who is proposed for what and why, and until when objections are taken,
in words; nothing else about the people on it."""

import calendar

import pytest
from django.urls import reverse

from thidua.commendations.models import Nomination
from thidua.commendations.public import SUMMARY_WORDS, achievement_summary
from thidua.commendations.tests.test_views import world  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

REPORT = (
    "Năm 2025 vận động 30 hộ làm đường giao thông nông thôn, tự nguyện hiến 200 m² đất.\n\n"
    "Gia đình có hoàn cảnh khó khăn, đang điều trị bệnh tại bệnh viện tỉnh."
)


def _page(client, notice) -> str:
    return client.get(reverse("commendations:public_notice", args=[notice.pk])).content.decode()


def test_each_nominee_is_shown_with_unit_award_and_what_the_achievement_is(client, world):  # noqa: F811
    nominee = world.notice.nominations.first()
    Nomination.objects.filter(pk=nominee.pk).update(achievement=REPORT)
    page = _page(client, world.notice)
    assert nominee.recipient_name in page and "Ấp Mỹ Hòa" in page and "Lao động tiên tiến" in page
    assert "vận động 30 hộ làm đường giao thông nông thôn" in page
    # Only the first paragraph: the rest of the report stays with the officers.
    assert "bệnh viện" not in page


def test_the_deadline_for_objections_is_written_in_words(client, world):  # noqa: F811
    ends = world.notice.ends_on
    page = " ".join(_page(client, world.notice).split())
    month = str(ends.month) if ends.month >= 3 else f"{ends.month:02d}"
    assert f"gửi đến hết ngày {ends.day:02d} tháng {month} năm {ends.year}." in page


def test_an_english_screen_writes_the_deadline_in_english_words(client, world):  # noqa: F811
    ends = world.notice.ends_on
    client.cookies["django_language"] = "en"
    deadline = " ".join(_page(client, world.notice).split()).split("notice-deadline")[1][:300]
    assert f"{ends.day} {calendar.month_name[ends.month]} {ends.year}" in deadline
    assert "ngày" not in deadline


def test_a_long_achievement_is_cut_after_forty_words():
    long_report = " ".join(["chữ"] * 100)
    summary = achievement_summary(long_report)
    assert summary.endswith("…") and len(summary.split()) == SUMMARY_WORDS
    assert achievement_summary("\n\n  Một dòng.  \nDòng hai.") == "Một dòng."
