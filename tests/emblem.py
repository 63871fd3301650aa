"""A stand-in for an office's Garuda emblem image, drawn here: a red ellipse on white, as a PNG."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path


def draw_emblem(path: Path, width: int = 60, height: int = 90) -> Path:
    """Write a width x height pixel PNG (no resolution given, so 72 dpi to Word) to `path`; return `path`."""
    def pixel(x: int, y: int) -> bytes:
        inside = ((x + 0.5) / width * 2 - 1) ** 2 + ((y + 0.5) / height * 2 - 1) ** 2 <= 1
        return b"\xb4\x14\x14" if inside else b"\xff\xff\xff"

    rows = b"".join(b"\x00" + b"".join(pixel(x, y) for x in range(width)) for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
                     + chunk(b"IEND", b""))
    return path
