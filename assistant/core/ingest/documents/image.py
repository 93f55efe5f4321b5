"""Photos and scans of pages (PNG, JPEG, TIFF, HEIC): one page per image (per frame of a TIFF),
read by OCR. Without an OCR function the pages are only counted, so the parse worker can put
the file after the files with a text layer."""
from __future__ import annotations

import warnings

from assistant.core.ingest.documents.base import CORRUPT, TOO_LARGE, UNSUPPORTED, Document, LoadError, Section

# Refused above this (a decompression bomb: a small file that inflates to gigabytes). 120 MP
# still admits the largest phone cameras' photos (108 MP).
MAX_PIXELS = 120_000_000
# OCR reads pages scaled to at most this many pixels: plenty for print, and a 100 MP photo
# would otherwise take minutes.
OCR_PIXELS = 24_000_000
# Icons and thumbnails hold no page of text worth reading.
MIN_SIDE = 48
MAX_FRAMES = 1000
HEIC = (".heic", ".heif")


def _open(path: str):
    from PIL import Image

    if path.lower().endswith(HEIC):
        try:
            from pillow_heif import register_heif_opener
        except ImportError as exc:
            raise LoadError(UNSUPPORTED, "HEIC photos need the pillow-heif package") from exc
        register_heif_opener()
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    with warnings.catch_warnings():
        # Pillow only warns between MAX_IMAGE_PIXELS and twice that; both are refused here.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            return Image.open(path)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise LoadError(TOO_LARGE, "the image is too large to read safely "
                                       f"(over {MAX_PIXELS // 1_000_000} million pixels)") from exc
        except Image.UnidentifiedImageError as exc:
            raise LoadError(CORRUPT, "not a readable image") from exc


def load(path: str, ocr=None) -> Document:
    """`ocr(image, scale) -> OcrPage` reads a page; None counts the pages to read (needs_ocr)."""
    from PIL import Image, ImageOps

    with _open(path) as im:
        w, h = im.size
        if w * h > MAX_PIXELS:  # formats whose size Pillow learns only past open()
            raise LoadError(TOO_LARGE, f"the image is too large to read safely ({w}x{h} pixels)")
        frames = min(getattr(im, "n_frames", 1) or 1, MAX_FRAMES)
        doc = Document(path=path)
        if min(w, h) < MIN_SIDE:
            return doc  # an icon: nothing to read
        if ocr is None:
            doc.needs_ocr = list(range(1, frames + 1))
            return doc
        for i in range(frames):
            if frames > 1:
                im.seek(i)
            page = im
            if im.mode not in ("L", "RGB"):
                page = im.convert("RGBA").convert("RGB") if "A" in im.mode or im.mode == "P" else im.convert("RGB")
            page = ImageOps.exif_transpose(page)  # phone photos are stored sideways with a tag
            scale = 1.0
            if page.width * page.height > OCR_PIXELS:
                f = (OCR_PIXELS / (page.width * page.height)) ** 0.5
                page = page.resize((max(1, int(page.width * f)), max(1, int(page.height * f))), Image.LANCZOS)
                scale = 1 / f  # boxes in the original image's pixels
            result = ocr(page, scale, i + 1, frames)
            doc.sections.append(Section(text=result.text, page=i + 1))
            doc.ocr_pages[i + 1] = result
        return doc
