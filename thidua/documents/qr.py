"""QR codes for the verification links printed on certificates, encoded by segno.

Level M, byte mode (UTF-8), and one fixed mask: every mask scans, and picking the best of the
eight is most of segno's time per code when a thousand certificates are printed at once.
"""

import functools
import io
import re

import segno

MASK = 2


def _code(text: str):
    return segno.make(
        text, error="m", micro=False, mask=MASK, boost_error=False, mode="byte", encoding="utf-8"
    )


def qr_matrix(text: str) -> list[bytes]:
    """The code's modules row by row, without the quiet zone: 0x01 dark, 0x00 light."""
    return [bytes(row) for row in _code(text).matrix]


_DARK_RUN = re.compile(rb"\x01+")


@functools.lru_cache(maxsize=4096)  # a decision's certificates, as one PDF and then as a zip
def qr_svg(data: str) -> str:
    """A QR code as a small SVG: one path, one rectangle per run of dark modules in a row
    (segno's SVG writer drew a segment per module), a quiet zone of one module around it."""
    matrix = qr_matrix(data)
    size = len(matrix) + 2
    parts = []
    for y, row in enumerate(matrix, start=1):
        for run in _DARK_RUN.finditer(row):
            x = run.start() + 1
            parts.append(f"M{x} {y}h{run.end() - run.start()}v1H{x}z")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" shape-rendering="crispEdges">'
        f'<path d="{"".join(parts)}"/></svg>'
    )


def qr_png(data: str) -> bytes:
    """The same code as a PNG (a .docx holds pictures, not SVG), a quiet zone of one module."""
    out = io.BytesIO()
    _code(data).save(out, kind="png", scale=8, border=1)
    return out.getvalue()
