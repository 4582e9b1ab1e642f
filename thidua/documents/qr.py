"""QR codes for the verification links printed on certificates, encoded by segno.

Level M, byte mode (UTF-8), and one fixed mask: every mask scans, and picking the best of the
eight is most of segno's time per code when a thousand certificates are printed at once.
"""

import segno

MASK = 2


def qr_matrix(text: str) -> list[bytes]:
    """The code's modules row by row, without the quiet zone: 0x01 dark, 0x00 light."""
    code = segno.make(
        text, error="m", micro=False, mask=MASK, boost_error=False, mode="byte", encoding="utf-8"
    )
    return [bytes(row) for row in code.matrix]
