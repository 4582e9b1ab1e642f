"""The certificate QR encoder against segno, module for module."""

import random

import pytest
import segno

from thidua.documents import qr


def _segno(text: str) -> list[bytes]:
    code = segno.make(
        text, error="m", micro=False, mask=qr.MASK, boost_error=False, mode="byte", encoding="utf-8"
    )
    return [bytes(row) for row in code.matrix]


def _as_segno_pads(data_codewords: list[int], end: int) -> list[int]:
    """segno adds a whole zero byte after the terminator when the stream is already on a byte
    boundary (it always is in byte mode); the standard pads straight on with 0xEC 0x11. Both
    read the same; to compare matrices, pad our stream the way segno does."""
    fill = [0xEC, 0x11] * len(data_codewords)
    return data_codewords[:end] + [0] + fill[: len(data_codewords) - end - 1]


TEXTS = [
    "https://thidua.example/xac-minh/MT25-0001",
    "MT25-0001",
    "a",
    "Xác minh giấy khen: Nguyễn Thị Ánh",
    "http://127.0.0.1:8000/commendations/verify/K7Q2-9XPM-4D/",
]
rng = random.Random(2015)
TEXTS += [
    "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789/:.-?=&") for _ in range(n))
    for n in [1, 12, 13, 14, 25, 26, 41, 42, 61, 62, 83, 84, 105, 106, 121, 122, 151, 152, 179, 180, 212, 213]
]


@pytest.mark.parametrize("text", TEXTS)
def test_matrix_equals_segnos_for_the_same_stream(text):
    data = text.encode()
    version = next(
        v for v in qr._BLOCKS_M if len(data) + 2 + (v >= 10) <= sum(n * k for n, k in qr._BLOCKS_M[v][1])
    )
    ours = qr._data_codewords(data, version)
    header = 2 if version < 10 else 3
    # Mode 0100, the count, the bytes and the terminator fill `header + len(data)` bytes; then
    # the pad codewords 0xEC 0x11 alternate up to the capacity.
    pads = ours[header + len(data) :]
    assert pads == [0xEC, 0x11] * (len(pads) // 2) + [0xEC] * (len(pads) % 2)
    expected = _segno(text)
    assert len(expected) == 17 + 4 * version
    segno_like = _as_segno_pads(ours, header + len(data))
    assert qr._fill(version, qr._final_codewords(segno_like, version)) == expected


def test_stream_of_a_single_byte():
    # 0100 | 00000001 | 01100001 | 0000, then the pad codewords.
    assert qr._data_codewords(b"a", 1)[:5] == [0x40, 0x16, 0x10, 0xEC, 0x11]


def test_long_text_falls_back_to_segno():
    text = "x" * 400
    assert qr.qr_matrix(text) == [
        bytes(r) for r in segno.make(text, error="m", micro=False, mask=qr.MASK, boost_error=False).matrix
    ]
