"""A small, fast QR code encoder for the verification links printed on certificates.

segno is a complete encoder, but in pure Python it spends about a millisecond per code (it
builds a fresh matrix and checks every region on each call), which was the largest part of
printing 1,000 certificates. The links are short, so this module covers only what they need:
byte mode, error correction level M, versions 1–10 (up to 213 bytes), one fixed mask. Each
version's fixed patterns and the order in which data modules are filled are computed once and
reused; what is left per code is the Reed–Solomon arithmetic and filling the modules. Anything
longer goes to segno. The tests check the matrices against segno's, module for module.
"""

from __future__ import annotations

import functools

import segno

MASK = 2  # module (row, col) is inverted when col % 3 == 0

# Level M: (error correction codewords per block, [(number of blocks, data codewords each), …]).
_BLOCKS_M: dict[int, tuple[int, list[tuple[int, int]]]] = {
    1: (10, [(1, 16)]),
    2: (16, [(1, 28)]),
    3: (26, [(1, 44)]),
    4: (18, [(2, 32)]),
    5: (24, [(2, 43)]),
    6: (16, [(4, 27)]),
    7: (18, [(4, 31)]),
    8: (22, [(2, 38), (2, 39)]),
    9: (22, [(3, 36), (2, 37)]),
    10: (26, [(4, 43), (1, 44)]),
}
_ALIGNMENT = {
    1: [],
    2: [6, 18],
    3: [6, 22],
    4: [6, 26],
    5: [6, 30],
    6: [6, 34],
    7: [6, 22, 38],
    8: [6, 24, 42],
    9: [6, 26, 46],
    10: [6, 28, 50],
}
_VERSION_INFO = {7: 0x07C94, 8: 0x085BC, 9: 0x09A99, 10: 0x0A4D3}

# GF(256) with the QR polynomial x^8 + x^4 + x^3 + x^2 + 1.
_EXP = [0] * 512
_LOG = [0] * 256
_value = 1
for _i in range(255):
    _EXP[_i] = _value
    _LOG[_value] = _i
    _value <<= 1
    if _value & 0x100:
        _value ^= 0x11D
for _i in range(255, 512):
    _EXP[_i] = _EXP[_i - 255]


@functools.cache
def _generator(degree: int) -> list[int]:
    """Coefficients of the Reed–Solomon generator polynomial, highest power first, without the 1."""
    poly = [1]
    for i in range(degree):
        nxt = [0] * (len(poly) + 1)
        for j, coef in enumerate(poly):
            nxt[j] ^= coef
            if coef:
                nxt[j + 1] ^= _EXP[_LOG[coef] + i]
        poly = nxt
    return poly[1:]


def _ec_codewords(data: list[int], degree: int) -> list[int]:
    gen_logs = [(k, _LOG[g]) for k, g in enumerate(_generator(degree)) if g]
    remainder = [0] * degree
    for byte in data:
        factor = byte ^ remainder[0]
        remainder = remainder[1:] + [0]
        if factor:
            log = _LOG[factor]
            for k, glog in gen_logs:
                remainder[k] ^= _EXP[glog + log]
    return remainder


def _format_bits() -> int:
    """15 bits of format information for level M (00) and the mask, BCH-coded and masked."""
    data = (0b00 << 3) | MASK
    value = data << 10
    for shift in range(4, -1, -1):
        if value & (1 << (shift + 10)):
            value ^= 0x537 << shift
    return ((data << 10) | value) ^ 0x5412


@functools.cache
def _template(version: int) -> tuple[list[list[int]], list[tuple[int, int]]]:
    """The version's matrix with every fixed pattern drawn, and the data modules in fill order."""
    size = 17 + 4 * version
    grid = [[0] * size for _ in range(size)]
    fixed = [[False] * size for _ in range(size)]

    def put(row: int, col: int, dark: bool) -> None:
        grid[row][col] = 1 if dark else 0
        fixed[row][col] = True

    for top, left in ((0, 0), (0, size - 7), (size - 7, 0)):
        for r in range(-1, 8):
            for c in range(-1, 8):
                row, col = top + r, left + c
                if 0 <= row < size and 0 <= col < size:
                    ring = max(abs(r - 3), abs(c - 3))
                    put(row, col, ring != 2 and ring != 4)
    for i in range(8, size - 8):
        put(6, i, i % 2 == 0)
        put(i, 6, i % 2 == 0)
    centres = _ALIGNMENT[version]
    corners = (
        {(centres[0], centres[0]), (centres[0], centres[-1]), (centres[-1], centres[0])} if centres else set()
    )
    for row in centres:
        for col in centres:
            if (row, col) in corners:
                continue  # they would overlap a finder pattern
            for r in range(-2, 3):
                for c in range(-2, 3):
                    put(row + r, col + c, max(abs(r), abs(c)) != 1)
    bits = _format_bits()
    for i in range(15):
        dark = bool((bits >> i) & 1)
        # Around the top-left finder.
        if i < 6:
            put(i, 8, dark)
        elif i < 8:
            put(i + 1, 8, dark)
        else:
            put(8, 14 - i if i > 8 else 7, dark)
        # The copy split between the other two finders.
        if i < 8:
            put(8, size - 1 - i, dark)
        else:
            put(size - 15 + i, 8, dark)
    put(size - 8, 8, True)  # the dark module
    if version >= 7:
        info = _VERSION_INFO[version]
        for i in range(18):
            dark = bool((info >> i) & 1)
            put(size - 11 + i % 3, i // 3, dark)
            put(i // 3, size - 11 + i % 3, dark)
    order = []
    upward = True
    col = size - 1
    while col > 0:
        if col == 6:
            col -= 1  # the vertical timing pattern takes a whole column
        rows = range(size - 1, -1, -1) if upward else range(size)
        for row in rows:
            for c in (col, col - 1):
                if not fixed[row][c]:
                    order.append((row, c))
        upward = not upward
        col -= 2
    return grid, order


def _data_codewords(data: bytes, version: int) -> list[int]:
    """Mode, count, the bytes, the terminator, then the pad codewords 0xEC 0x11 up to capacity."""
    _ec_size, groups = _BLOCKS_M[version]
    capacity = sum(n * k for n, k in groups)
    count_bits = 8 if version < 10 else 16
    # In byte mode the stream ends on a byte boundary once the 4-bit terminator is added.
    header = (0b0100 << count_bits) | len(data)
    bits = ((header << (8 * len(data))) | int.from_bytes(data, "big")) << 4
    length = 4 + count_bits + 8 * len(data) + 4
    stream = list(bits.to_bytes(length // 8, "big"))
    filler = (0xEC, 0x11)
    return stream + [filler[i % 2] for i in range(capacity - len(stream))]


def _final_codewords(data_codewords: list[int], version: int) -> list[int]:
    """Split into blocks, add each block's error correction, interleave."""
    ec_size, groups = _BLOCKS_M[version]
    blocks, at = [], 0
    for number, size in groups:
        for _ in range(number):
            blocks.append(data_codewords[at : at + size])
            at += size
    ecs = [_ec_codewords(block, ec_size) for block in blocks]
    out = []
    for i in range(max(len(b) for b in blocks)):
        out += [b[i] for b in blocks if i < len(b)]
    for i in range(ec_size):
        out += [e[i] for e in ecs]
    return out


def _fill(version: int, codewords: list[int]) -> list[bytes]:
    template, order = _template(version)
    grid = [bytearray(row) for row in template]
    bit_count = len(codewords) * 8
    stream = int.from_bytes(bytes(codewords), "big")
    for index, (row, col) in enumerate(order):
        dark = (stream >> (bit_count - 1 - index)) & 1 if index < bit_count else 0
        if col % 3 == 0:  # the mask
            dark ^= 1
        grid[row][col] = dark
    return [bytes(row) for row in grid]


def qr_matrix(text: str) -> list[bytes]:
    """The modules of a QR code (level M, mask 2) for `text`, one bytes row each, 1 = dark."""
    data = text.encode("utf-8")
    version = next(
        (
            v
            for v, (_ec, groups) in _BLOCKS_M.items()
            if len(data) + 2 + (v >= 10) <= sum(n * k for n, k in groups)
        ),
        None,
    )
    if version is None:
        matrix = segno.make(text, error="m", micro=False, mask=MASK, boost_error=False).matrix
        return [bytes(row) for row in matrix]
    return _fill(version, _final_codewords(_data_codewords(data, version), version))
