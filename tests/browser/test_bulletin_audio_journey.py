"""An officer writes a radio bulletin; the worker reads it aloud (in-process here: the test settings
run tasks at once, after the save commits); the officer sends it to the hamlets and the head of a
hamlet opens it on a phone and plays it."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from thidua.accounts.models import Role
from thidua.examples.models import AudioState, BulletinAudio

TEXT = (
    "Kính thưa bà con! UBND xã thông báo: ngày 01/12/2026, 15 hộ đạt danh hiệu gia đình văn hóa, "
    "tỷ lệ hộ nghèo còn 2,6 %. Đ/c Trưởng ấp đề nghị bà con tham gia phong trào xây dựng NTM."
)


@pytest.mark.django_db(transaction=True)
def test_officer_writes_a_bulletin_and_a_hamlet_head_plays_it_on_a_phone(
    live_server, tree, make_user, page, browser, login
):
    tree.province.code = "P80"  # a southern province: the southern voice
    tree.province.save()
    make_user("canbo", Role.OFFICER, tree.commune)
    make_user("truongap", Role.REPRESENTATIVE, tree.hamlet)
    base = live_server.url

    login(page, "canbo", PASSWORD)
    page.goto(f"{base}/examples/bulletins/new/")
    page.fill("#id_week_start", dt.date(2026, 11, 30).isoformat())
    page.fill("#id_title", "Bản tin tuần 30/11")
    page.fill("#id_text", TEXT)
    page.click("button:has-text('Lưu bản tin')")
    expect(page.locator(".bulletin-text")).to_contain_text("Kính thưa bà con")
    expect(page.locator("#bulletin-audio audio")).to_have_count(1)
    expect(page.locator("#bulletin-audio")).to_contain_text("Tải MP3 cho hệ thống loa")
    row = BulletinAudio.objects.get()
    assert row.state == AudioState.READY and row.voice == "vi-vn-x-south" and row.duration_ms > 5000
    page.click("button:has-text('Gửi đến tổ thông tin các ấp')")
    expect(page.locator(".messages")).to_contain_text("Đã gửi bản tin")

    phone = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844}, is_mobile=True)
    head = phone.new_page()
    head.set_default_timeout(15_000)
    login(head, "truongap", PASSWORD)
    head.click("a:has-text('Bản tin tuần 30/11')")
    player = head.locator("#bulletin-audio audio")
    expect(player).to_have_count(1)
    assert head.evaluate("document.documentElement.scrollWidth") <= 390
    # Muted, a page may start playing without a tap; the file must load and play.
    player.evaluate("a => { a.muted = true; return a.play(); }")
    head.wait_for_function(
        "() => { const a = document.querySelector('#bulletin-audio audio');"
        " return a.readyState >= 2 && a.duration > 0 && a.currentTime > 0; }"
    )
    duration = player.evaluate("a => a.duration")
    assert player.evaluate("a => a.currentSrc").endswith(".mp3")
    assert abs(duration - row.duration_ms / 1000) < 1.5, duration
    assert head.locator("#bulletin-audio").inner_text().count(":") >= 1  # the duration is shown
    phone.close()
