"""Makes a corpus of malformed and hostile files of every supported format, next to good ones.

    python tests/fuzzcorpus.py DEST [--count N]

Bad files: truncated, bit-flipped, wrong extension, encrypted, zip bombs, empty, binary data
named .txt, invalid encodings, deeply nested markup, enormous single lines, broken PDF xref
tables. Good files each carry a unique word (GOODn) that must be searchable after indexing.
"""
from __future__ import annotations

import io
import random
import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from imagefuzz import image_bad_files  # noqa: E402
from pdfmaker import make_encrypted_pdf, make_pdf  # noqa: E402

WORDS = "contract warranty invoice tenant engine filter lease payment module sensor garden".split()


def _text(rng: random.Random, n: int = 80) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)) + "."


def _docx_bytes(text: str) -> bytes:
    import docx

    d = docx.Document()
    d.add_heading("Heading", 1)
    d.add_paragraph(text)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _pdf_bytes(tmp: Path, text: str) -> bytes:
    p = make_pdf(tmp / "_t.pdf", [text, text[::-1]])
    data = p.read_bytes()
    p.unlink()
    return data


def _flip(rng: random.Random, data: bytes, n: int) -> bytes:
    b = bytearray(data)
    for _ in range(n):
        i = rng.randrange(len(b))
        b[i] ^= 1 << rng.randrange(8)
    return bytes(b)


def good_files(dest: Path, rng: random.Random) -> dict[str, str]:
    """Returns {path: unique word} for files that must end up searchable."""
    dest.mkdir(parents=True, exist_ok=True)
    out = {}
    for i in range(4):
        word = f"goodword{i}zq"
        body = f"{_text(rng, 40)} The secret code is {word}. {_text(rng, 40)}"
        kinds = [("md", lambda b: f"# Note {i}\n\n{b}\n".encode()),
                 ("html", lambda b: f"<html><body><h1>T{i}</h1><p>{b}</p></body></html>".encode()),
                 ("txt", lambda b: b.encode()),
                 ("docx", _docx_bytes)]
        ext, make = kinds[i % len(kinds)]
        p = dest / f"good{i}.{ext}"
        p.write_bytes(make(body))
        out[str(p)] = word
    p = make_pdf(dest / "good_pdf.pdf", [f"First page. {_text(rng, 30)}", f"Second page says goodpdfword."])
    out[str(p)] = "goodpdfword"
    return out


def bad_files(dest: Path, rng: random.Random, count: int = 300) -> list[Path]:
    dest.mkdir(parents=True, exist_ok=True)
    pdf = _pdf_bytes(dest, _text(rng))
    docx_b = _docx_bytes(_text(rng))
    html = f"<html><head><title>x</title></head><body><h1>x</h1><p>{_text(rng)}</p></body></html>".encode()
    md = f"# T\n\n## U\n\n{_text(rng)}\n".encode()
    made: list[Path] = []

    def put(name: str, data: bytes) -> None:
        p = dest / name
        p.write_bytes(data)
        made.append(p)

    # Fixed hostile cases, one each.
    for ext in ("pdf", "docx", "html", "md", "txt"):
        put(f"empty.{ext}", b"")
    put("binary.txt", bytes(rng.randrange(256) for _ in range(50_000)))
    put("elf.md", b"\x7fELF\x02\x01\x01" + bytes(10_000))
    put("png_named.pdf", b"\x89PNG\r\n\x1a\n" + bytes(5000))
    put("pdf_named.docx", pdf)
    put("docx_named.pdf", docx_b)
    put("latin1.txt", "caf\xe9 na\xefve r\xe9sum\xe9 ".encode("latin-1") * 200)
    put("invalid_utf8.md", b"# T\n\n" + b"\xff\xfe\xfa" * 1000 + b"text")
    put("deep.html", b"<div>" * 200_000 + b"deep" + b"</div>" * 200_000)
    put("oneline.txt", (" ".join(rng.choice(WORDS) for _ in range(400_000))).encode())
    put("nospace.txt", ("契約" * 300_000).encode())
    put("broken_xref.pdf", pdf.replace(b"xref", b"xxxx").replace(b"startxref", b"startxxxx"))
    put("header_only.pdf", b"%PDF-1.7\n")
    encrypted = make_encrypted_pdf(dest / "encrypted.pdf", _text(rng))
    made.append(encrypted)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"\0" * (700 * 1024 * 1024))
    put("bomb.docx", bomb.getvalue())
    put("not_a_zip.docx", b"PK\x03\x04" + bytes(rng.randrange(256) for _ in range(3000)))
    image_bad_files(put, rng)
    # Randomised damage, spread over the formats, until `count` files exist.
    sources = {"pdf": pdf, "docx": docx_b, "html": html, "md": md, "txt": md}
    i = 0
    while len(made) < count:
        ext = ("pdf", "docx", "html", "md", "txt")[i % 5]
        data = sources[ext]
        kind = ("trunc", "flip", "flip_many", "swap")[(i // 5) % 4]
        if kind == "trunc":
            data = data[: rng.randrange(1, max(2, len(data)))]
        elif kind == "flip":
            data = _flip(rng, data, 3)
        elif kind == "flip_many":
            data = _flip(rng, data, 200)
        else:
            other = sources[("pdf", "docx", "html", "md")[rng.randrange(4)]]
            data = other[: len(other) // 2] + data[len(data) // 2:]
        put(f"fuzz_{i:04d}_{kind}.{ext}", data)
        i += 1
    return made


if __name__ == "__main__":
    dest = Path(sys.argv[1])
    count = int(sys.argv[sys.argv.index("--count") + 1]) if "--count" in sys.argv else 300
    rng = random.Random(42)
    good = good_files(dest / "good", rng)
    bad = bad_files(dest / "bad", rng, count)
    print(f"{len(good)} good files, {len(bad)} bad files in {dest}")
