"""Text from page images (scanned PDF pages, photos of pages) with Tesseract, keeping word boxes.

Tesseract was chosen by measurement (benchmarks/ocr.py, table in benchmarks/README.md): on
scanned Debian Reference pages it had the lowest character error rate in English and Japanese
and took a fraction of the CPU time of RapidOCR (PP-OCR on ONNX Runtime). It is a separate
program, run as a subprocess from the parse worker: a page that hangs it is killed by our
timeout, and no native OCR code runs inside the app. When it is not installed, files that need
it say what to install; everything else indexes as before.

Word boxes are kept in the page's own units (PDF points, or pixels for an image file) with the
characters each word covers in the page text, so the viewer can highlight OCRed words; they are
saved per file in the data dir (`ocr/`), keyed by path.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

# Pages are rendered at this resolution for OCR. Measured on scanned Debian Reference pages
# (benchmarks/ocr.py): Tesseract's Japanese error rate was lower at 200 dpi than at 300 (7.2% vs
# 8.3%), English nearly so (1.8% vs 1.6%), and 200 dpi takes a third less CPU time.
DPI = 200
# A page rendered for OCR never exceeds this many pixels (a poster-sized page is scaled down).
MAX_OCR_PIXELS = 40_000_000
# A page holding fewer non-space characters than this in its text layer counts as scanned when
# it has an image (page numbers or a stray header stamped onto a scan are not its text).
MIN_TEXT_CHARS = 16
# Per page; the parse worker's own timeout is a backstop.
PAGE_TIMEOUT_S = 100.0
# Languages tried, in order, when Tesseract has their data.
LANGUAGES = ("eng", "jpn")

# The reason of a file the engine failed on (not the file's fault, so not "corrupt").
OCR_FAILED = "ocr failed"
# Details of a file skipped for want of OCR; a later run retries such files (OCR turned on,
# Tesseract installed meanwhile).
OCR_OFF = "scanned pages without a text layer; OCR is off in Settings"
INSTALL_HINT = ("install Tesseract OCR with its Japanese data (Debian/Ubuntu: apt install tesseract-ocr "
                "tesseract-ocr-jpn; macOS: brew install tesseract tesseract-lang; Windows: winget install "
                "UB-Mannheim.TesseractOCR)")
MISSING = "scanned pages need OCR, but Tesseract is not installed: " + INSTALL_HINT
# A partly scanned PDF's text pages, written while its scanned pages wait for the OCR phase; a
# run stopped before that phase leaves this detail, and the next run reads the file again.
OCR_PENDING = "scanned pages are being read with OCR"


def retry_later(detail: str | None) -> bool:
    """Whether a file skipped with this detail should be read again once OCR can run."""
    return bool(detail) and (detail.startswith(OCR_OFF) or detail.startswith(MISSING[:40])
                             or detail.startswith(OCR_PENDING))


@dataclass
class OcrPage:
    """One page's recognised text and where each word is on the page."""

    text: str
    width: float
    height: float
    # (start, end) in text, then (x0, y0, x1, y1) from the page's top left, in the page's units.
    words: list[tuple[int, int, float, float, float, float]] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"text": self.text, "width": self.width, "height": self.height,
                "words": [[s, e, round(x0, 1), round(y0, 1), round(x1, 1), round(y1, 1)]
                          for s, e, x0, y0, x1, y1 in self.words]}

    @classmethod
    def from_json(cls, d: dict) -> "OcrPage":
        return cls(d["text"], float(d["width"]), float(d["height"]), [tuple(w) for w in d["words"]])

    def boxes(self, start: int, end: int) -> list[tuple[float, float, float, float]]:
        """Boxes of the words that overlap characters [start, end), merged per line."""
        lines: list[list[float]] = []
        for s, e, x0, y0, x1, y1 in self.words:
            if e <= start or s >= end:
                continue
            last = lines[-1] if lines else None
            # Same line: vertical overlap of more than half the smaller height.
            if last and min(last[3], y1) - max(last[1], y0) > 0.5 * min(last[3] - last[1], y1 - y0):
                last[0], last[1] = min(last[0], x0), min(last[1], y0)
                last[2], last[3] = max(last[2], x1), max(last[3], y1)
            else:
                lines.append([x0, y0, x1, y1])
        return [tuple(b) for b in lines]


class OcrError(RuntimeError):
    """The engine failed on a page; the message is one sentence for the library."""


class OcrUnavailable(OcrError):
    """No OCR engine on this computer; the message says what to install."""


def _candidates() -> list[str]:
    env = os.environ.get("ASSISTANT_TESSERACT")
    if env is not None:
        return [env]  # set (even to nothing) by the user or a test: only this one
    found = shutil.which("tesseract")
    out = [found] if found else []
    if sys.platform == "win32":
        for base in (os.environ.get("ProgramFiles", r"C:\Program Files"), os.environ.get("LOCALAPPDATA", "")):
            if base:
                out += [os.path.join(base, "Tesseract-OCR", "tesseract.exe"),
                        os.path.join(base, "Programs", "Tesseract-OCR", "tesseract.exe")]
    elif sys.platform == "darwin":
        # An app started from Finder does not get the shell's PATH.
        out += ["/opt/homebrew/bin/tesseract", "/usr/local/bin/tesseract", "/opt/local/bin/tesseract"]
    return out


def _run(args: list[str], data: bytes | None = None, timeout: float = 30.0) -> subprocess.CompletedProcess:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")  # its OpenMP threads only slow it down on a busy CPU
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)  # no console window flashing on Windows
    return subprocess.run(args, input=data, capture_output=True, timeout=timeout, env=env, creationflags=flags)


class Tesseract:
    name = "tesseract"

    def __init__(self, exe: str, languages: list[str]):
        self.exe, self.languages = exe, languages

    @classmethod
    def find(cls) -> "Tesseract":
        """The installed Tesseract with the languages it has, or OcrUnavailable."""
        for exe in _candidates():
            if not exe or not os.path.isfile(exe):
                continue
            try:
                r = _run([exe, "--list-langs"])
            except (OSError, subprocess.SubprocessError):
                continue
            have = set((r.stdout + r.stderr).decode("utf-8", "replace").split())
            langs = [lang for lang in LANGUAGES if lang in have]
            if langs:
                return cls(exe, langs)
        raise OcrUnavailable(MISSING)

    def recognize(self, image, scale: float = 1.0) -> OcrPage:
        """`image` a PIL image; boxes are multiplied by `scale` (page units per pixel)."""
        import io

        buf = io.BytesIO()
        image.save(buf, "PNG")
        try:
            r = _run([self.exe, "-", "-", "-l", "+".join(self.languages), "--psm", "3", "tsv"],
                     buf.getvalue(), timeout=PAGE_TIMEOUT_S)
        except subprocess.TimeoutExpired as exc:
            raise TimeoutError(f"OCR of one page took longer than {PAGE_TIMEOUT_S:.0f} s") from exc
        except OSError as exc:
            raise OcrError(f"Tesseract could not be run ({exc})"[:200]) from exc
        if r.returncode != 0:
            msg = r.stderr.decode("utf-8", "replace").strip().splitlines()
            raise OcrError(f"Tesseract failed: {msg[-1] if msg else r.returncode}"[:200])
        return parse_tsv(r.stdout.decode("utf-8", "replace"), image.width * scale, image.height * scale, scale)


def _cjk(ch: str) -> bool:
    o = ord(ch)
    return (0x3000 <= o <= 0x30FF or 0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF
            or 0xF900 <= o <= 0xFAFF or 0xFF00 <= o <= 0xFFEF)


def parse_tsv(tsv: str, width: float, height: float, scale: float = 1.0) -> OcrPage:
    """Tesseract's TSV as page text (lines joined by newlines, blocks by blank lines; no space
    between two Japanese characters: Tesseract splits Japanese into one-character words) and
    word boxes."""
    parts: list[str] = []
    words = []
    pos = 0
    last_line = last_block = None
    prev = ""
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        text = cols[11].strip()
        if not text:
            continue
        block, line = (cols[2], cols[3]), (cols[2], cols[3], cols[4])
        if last_line is None:
            sep = ""
        elif block != last_block:
            sep = "\n\n"
        elif line != last_line:
            sep = "\n"
        else:
            sep = "" if _cjk(prev[-1]) and _cjk(text[0]) else " "
        parts.append(sep)
        pos += len(sep)
        left, top, w, h = (float(c) for c in cols[6:10])
        words.append((pos, pos + len(text), left * scale, top * scale, (left + w) * scale, (top + h) * scale))
        parts.append(text)
        pos += len(text)
        last_line, last_block, prev = line, block, text
    return OcrPage("".join(parts), width, height, words)


def engine():
    """The OCR engine of this computer, or OcrUnavailable saying what to install."""
    return Tesseract.find()


# ---- word boxes, per file, in the data dir ------------------------------------------------
def boxes_path(boxes_dir: str | os.PathLike, path: str) -> Path:
    return Path(boxes_dir) / (hashlib.sha1(path.encode("utf-8", "surrogatepass")).hexdigest() + ".json")


def save_boxes(boxes_dir: str | os.PathLike, path: str, pages: dict) -> None:
    """`pages`: page -> OcrPage or its to_json(); none removes the file's boxes."""
    target = boxes_path(boxes_dir, path)
    if not pages:
        target.unlink(missing_ok=True)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps({"path": path, "pages": {str(k): v if isinstance(v, dict) else v.to_json()
                                                        for k, v in pages.items()}},
                              ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, target)


def load_boxes(boxes_dir: str | os.PathLike, path: str, page: int) -> OcrPage | None:
    """The OCRed words of `page` (1-based) of `path`, or None when it was not OCRed."""
    try:
        d = json.loads(boxes_path(boxes_dir, path).read_text(encoding="utf-8"))
        if d.get("path") != path:
            return None
        p = d["pages"].get(str(page))
        return OcrPage.from_json(p) if p else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def forget_boxes(boxes_dir: str | os.PathLike, paths: list[str]) -> None:
    for p in paths:
        boxes_path(boxes_dir, p).unlink(missing_ok=True)
