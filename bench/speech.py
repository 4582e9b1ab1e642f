"""Radio bulletins read aloud: the speakable text and espeak-ng + ffmpeg (MP3 and OGG) for a typical
bulletin (four items, about 1,300 characters, as the demo drafts) and for the longest one accepted."""

import time

from bench.harness import print_table

TYPICAL = """Đài Truyền thanh xã Mỹ Thạnh kính chào quý vị và các bạn thính giả.
Sau đây là bản tin thi đua – khen thưởng tuần từ 23/11/2026 đến 29/11/2026.

Tin 1. Phong trào Thi đua yêu nước năm 2026, triển khai từ ngày 01/01/2026 đến ngày 31/12/2026.
Đề nghị các ấp, các ngành, đoàn thể và bà con tích cực hưởng ứng, tham gia phong trào.

Tin 2. Gương người tốt việc tốt Lê Văn Hải, Ấp Mỹ Hòa: Nhặt được ví tiền, trả lại người đánh mất.
Trên đường đi chợ, anh nhặt được chiếc ví có 5.000.000 đồng và giấy tờ tùy thân; đã mang đến Ban
nhân dân ấp để trả lại cho người đánh mất.

Tin 3. Mô hình mới, cách làm hay Ấp Thạnh Lợi: Tuyến đường hoa kiểu mẫu do bà con tự góp sức.
Các hộ dọc tuyến đường liên ấp cùng góp công, góp tiền trồng và chăm sóc 2 km hàng rào hoa, giữ đường
sạch đẹp, góp phần hoàn thành tiêu chí môi trường NTM.

Tin 4. Sáng kiến của HND xã: Tổ hợp tác trồng dừa hữu cơ liên kết tiêu thụ.
HND xã vận động 25 hộ lập tổ hợp tác trồng dừa hữu cơ, ký hợp đồng bao tiêu với doanh nghiệp, giá bán
cao hơn 15% so với dừa thường; thu nhập bình quân tăng 2,6 % so với quý III.

Quý vị và các bạn vừa nghe bản tin thi đua – khen thưởng của Đài Truyền thanh xã Mỹ Thạnh. Mong bà con
tiếp tục phát hiện, phản ánh gương người tốt việc tốt để cùng học tập, nhân rộng. Xin chào và hẹn gặp lại.
"""


def _timed(fn):
    started = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - started


def run() -> None:
    import shutil

    from thidua.lib import speech
    from thidua.lib.speakable import MAX_CHARS, speakable

    if not (shutil.which("espeak-ng") and shutil.which("ffmpeg")):
        print("\n## speech: espeak-ng or ffmpeg missing (scripts/ensure-audio.sh)")
        return
    longest = (TYPICAL * (MAX_CHARS // len(TYPICAL) + 1))[:MAX_CHARS]
    rows = []
    for label, text in (("typical bulletin", TYPICAL), ("longest accepted", longest)):
        said, s_text = _timed(lambda text=text: speakable(text))
        wav, s_wav = _timed(lambda said=said: speech.render(said, voice="vi-vn-x-south", formats=("wav",)))
        both, s_all = _timed(lambda said=said: speech.render(said, voice="vi-vn-x-south"))
        audio_s = both.duration_ms / 1000
        rows.append([
            label, len(text), round(s_text * 1000, 1), round(s_wav, 2), round(s_all, 2), round(audio_s, 1),
            round(audio_s / s_all, 1), len(both.data["mp3"]) // 1024, len(both.data["ogg"]) // 1024,
        ])  # fmt: skip
    print_table(
        "speech: a bulletin read aloud (southern voice, MP3 48 kbit/s and OGG)",
        [
            "text",
            "chars",
            "speakable ms",
            "WAV s",
            "WAV+MP3+OGG s",
            "audio s",
            "× real time",
            "MP3 KiB",
            "OGG KiB",
        ],
        rows,
    )
