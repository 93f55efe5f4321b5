"""Scanned pages for tests: text drawn onto a page-sized image with Pillow, turned a little and
speckled like a scan, saved as PNG/JPEG/TIFF or wrapped as an image-only PDF (Pillow's PDF
writer: one image per page, no text layer)."""
from __future__ import annotations

import os
import textwrap
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

# Where a Japanese-capable font usually is (Debian fonts-noto-cjk, macOS, Windows).
CJK_FONTS = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/fonts-japanese-gothic.ttf",
    "/System/Library/Fonts/ヒラギノ角ゴシック W3.ttc",
    "/System/Library/Fonts/Hiragino Sans GB.ttc",
    os.path.expandvars(r"%WINDIR%\Fonts\msgothic.ttc"),
    os.path.expandvars(r"%WINDIR%\Fonts\YuGothR.ttc"),
]


def cjk_font(size: int):
    for path in CJK_FONTS:
        if os.path.isfile(path):
            return ImageFont.truetype(path, size)
    return None


def page_image(paragraphs: list[str], font=None, dpi: int = 200, angle: float = 0.7, noise: float = 10.0,
               width_chars: int = 60, seed: int = 0) -> Image.Image:
    """An A4 page at `dpi` holding the paragraphs (each wrapped at `width_chars`)."""
    w, h = int(8.27 * dpi), int(11.69 * dpi)
    size = int(dpi * 11 / 72)  # 11 pt type
    font = font or ImageFont.load_default(size=size)
    img = Image.new("L", (w, h), 255)
    draw = ImageDraw.Draw(img)
    y = int(dpi * 0.9)
    for para in paragraphs:
        for line in textwrap.wrap(para, width_chars) or [""]:
            draw.text((int(dpi * 0.9), y), line, fill=0, font=font)
            y += int(size * 1.5)
        y += size
    img = img.rotate(angle, resample=Image.BICUBIC, fillcolor=255)
    rng = np.random.default_rng(seed)
    a = np.asarray(img, dtype=np.float32) + rng.normal(0, noise, (h, w))
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))


def scanned_pdf(path: Path, pages: list[Image.Image], dpi: int = 200) -> Path:
    pages[0].save(path, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    return path
