"""Hostile images for the fuzz corpus (tests/fuzzcorpus.py): each must end failed or skipped
with a reason, costing only itself."""
from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw


def _png(size=(600, 300), text="GOOD looking page of text") -> bytes:
    img = Image.new("L", size, 255)
    ImageDraw.Draw(img).text((20, 20), text, fill=0)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def image_bad_files(put, rng: random.Random) -> None:
    png = _png()
    buf = io.BytesIO()
    Image.new("RGB", (800, 600), "white").save(buf, "JPEG")
    jpeg = buf.getvalue()
    put("empty.png", b"")
    put("text_named.png", b"this is not an image at all\n" * 100)
    put("truncated.png", png[: len(png) // 2])
    put("truncated.jpg", jpeg[: len(jpeg) // 3])
    put("pdf_named.tiff", b"%PDF-1.7\n" + bytes(2000))
    put("icon.png", _png((16, 16), ""))  # nothing to read: skipped
    bomb = io.BytesIO()
    Image.new("1", (13_000, 13_000), 1).save(bomb, "PNG")  # a few KB that would inflate to 169 MP
    put("bomb.png", bomb.getvalue())
    big = io.BytesIO()
    Image.new("1", (20_000, 20_000), 1).save(big, "TIFF", compression="group4")
    put("bomb.tif", big.getvalue())
