"""The skill's store icons, drawn in code so the skill package is fully generated.

Two soft circles leaning into each other on a dusk-coloured gradient: two
people, closer again. Written as PNG with the standard library alone.
"""

from __future__ import annotations

import math
import struct
import zlib
from functools import cache

SIZES = {"smallIconUri": 108, "largeIconUri": 512}
TOP, BOTTOM = (59, 31, 74), (201, 96, 122)  # plum to rose
LEFT, RIGHT = (246, 231, 216), (242, 184, 160)  # cream and peach


def _mix(a: tuple[int, ...], b: tuple[int, ...], t: float) -> tuple[float, ...]:
    return tuple(x + (y - x) * t for x, y in zip(a, b, strict=True))


CIRCLES = ((0.41, 0.56, 0.19, LEFT), (0.59, 0.46, 0.19, RIGHT))  # centre x, centre y, radius


def _pixel(x: float, y: float, size: int) -> tuple[int, int, int]:
    """Colour at (x, y) in a unit square drawn `size` pixels wide."""
    colour = _mix(TOP, BOTTOM, y)
    for centre_x, centre_y, radius, tone in CIRCLES:
        distance = math.hypot(x - centre_x, y - centre_y) - radius
        coverage = min(1.0, max(0.0, 0.5 - distance * size))  # one pixel of anti-aliasing
        colour = _mix(colour, tone, coverage * 0.92)
    return tuple(round(c) for c in colour)  # type: ignore[return-value]


@cache  # drawing in pure Python takes about a second
def png(size: int) -> bytes:
    def row(y: int) -> bytes:
        pixels = (_pixel((x + 0.5) / size, (y + 0.5) / size, size) for x in range(size))
        return b"\0" + bytes(channel for pixel in pixels for channel in pixel)  # filter type 0

    rows = b"".join(row(y) for y in range(size))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)  # 8-bit RGB
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + \
        chunk(b"IEND", b"")


def icon_path(locale: str, field: str) -> str:
    """Where the skill package keeps an icon, as the ASK CLI's export names them."""
    return f"assets/images/{locale}_{field}.png"
