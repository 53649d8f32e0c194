"""Draw the app's PNG icons (a white loop on the brand green) with the standard library only: zlib and struct.

    python3 frontend/scripts/make_icons.py   # writes frontend/static/app/icons/icon-{192,512,maskable-512}.png

The regular icons are a rounded square; the maskable one fills the whole square and keeps the loop inside the
central 80 % safe zone, so any platform mask (circle, squircle) leaves it whole.
"""

from __future__ import annotations

import math
import pathlib
import struct
import zlib

OUT = pathlib.Path(__file__).resolve().parents[1] / "static" / "app" / "icons"
BRAND = (0x0F, 0x5C, 0x4D)
WHITE = (0xFF, 0xFF, 0xFF)
SAMPLES = 3  # per axis: 9 samples a pixel smooth the edges


def coverage_square(x: float, y: float, corner: float) -> bool:
    """Inside the unit square with rounded corners of radius `corner` (coordinates 0..1)."""
    cx = min(max(x, corner), 1 - corner)
    cy = min(max(y, corner), 1 - corner)
    return (x - cx) ** 2 + (y - cy) ** 2 <= corner**2


def in_loop(x: float, y: float, scale: float) -> bool:
    """The mark: a ring open at the top right with a dot closing it (a "loop"), `scale` of the icon's size."""
    dx, dy = (x - 0.5) / scale, (y - 0.5) / scale
    r = math.hypot(dx, dy)
    angle = math.degrees(math.atan2(-dy, dx)) % 360
    ring = 0.30 <= r <= 0.42 and not (20 <= angle <= 70)
    dot = math.hypot(dx - 0.36 * math.cos(math.radians(45)), dy + 0.36 * math.sin(math.radians(45))) <= 0.075
    return ring or dot


def draw(size: int, *, maskable: bool) -> bytes:
    rows = []
    for py in range(size):
        row = bytearray([0])  # filter: none
        for px in range(size):
            bg = mark = 0
            for sy in range(SAMPLES):
                for sx in range(SAMPLES):
                    x = (px + (sx + 0.5) / SAMPLES) / size
                    y = (py + (sy + 0.5) / SAMPLES) / size
                    inside = True if maskable else coverage_square(x, y, 0.22)
                    if inside:
                        bg += 1
                        if in_loop(x, y, 0.62 if maskable else 0.8):
                            mark += 1
            total = SAMPLES * SAMPLES
            alpha = bg / total
            m = mark / bg if bg else 0
            colour = [round(BRAND[i] * (1 - m) + WHITE[i] * m) for i in range(3)]
            row += bytes(colour + [round(alpha * 255)])
        rows.append(bytes(row))
    return png(size, size, b"".join(rows))


def png(width: int, height: int, raw: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, size, maskable in (("icon-192.png", 192, False), ("icon-512.png", 512, False),
                                 ("icon-maskable-512.png", 512, True)):
        (OUT / name).write_bytes(draw(size, maskable=maskable))
        print(f"wrote {OUT / name}")


if __name__ == "__main__":
    main()
