"""The certificate QR codes scan back to the text they carry (decoded by ZXing)."""

import pytest
import zxingcpp

from thidua.documents.qr import qr_matrix

TEXTS = [
    "https://thidua.example/xac-minh/MT25-0001",
    "MT25-0001",
    "a",
    "Xác minh giấy khen: Nguyễn Thị Ánh",
    "http://127.0.0.1:8000/commendations/verify/K7Q2-9XPM-4D/",
    "https://thidua.example/xac-minh/" + "K7Q2-9XPM-4D" * 15,  # a long link: a larger version
]


def _scan(matrix: list[bytes], scale: int = 4, quiet: int = 4) -> str:
    """Draw the modules as a grayscale image (black on white, with the quiet zone) and decode it."""
    side = (len(matrix) + 2 * quiet) * scale
    white = b"\xff" * side
    rows = [white] * (quiet * scale)
    for row in matrix:
        line = b"\xff" * (quiet * scale)
        line += b"".join(b"\x00" * scale if dark else b"\xff" * scale for dark in row)
        line += b"\xff" * (quiet * scale)
        rows += [line] * scale
    rows += [white] * (quiet * scale)
    image = memoryview(b"".join(rows)).cast("B", (side, side))
    codes = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    assert len(codes) == 1
    return codes[0].text


@pytest.mark.parametrize("text", TEXTS)
def test_a_code_scans_back_to_its_text(text):
    assert _scan(qr_matrix(text)) == text


def test_the_matrix_is_square_with_only_dark_and_light_modules_and_the_three_finders():
    matrix = qr_matrix("https://thidua.example/xac-minh/MT25-0001")
    size = len(matrix)
    assert size in range(21, 178, 4) and all(len(row) == size for row in matrix)
    assert set(b"".join(matrix)) == {0, 1}
    finder_top = bytes([1, 1, 1, 1, 1, 1, 1])
    assert matrix[0][:7] == matrix[0][-7:] == matrix[-1][:7] == finder_top
