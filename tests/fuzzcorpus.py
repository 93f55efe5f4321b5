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
from cfbmaker import make_msg  # noqa: E402
from officemaker import make_eml, make_epub, make_ods, make_odt, make_pptx, make_rtf, make_xlsx  # noqa: E402
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
    for ext, make in _office_makers(rng).items():
        word = f"good{ext}word"
        p = dest / f"good.{ext}"
        make(p, f"{_text(rng, 20)} The code is {word}. {_text(rng, 20)}")
        out[str(p)] = word
    return out


def _office_makers(rng: random.Random) -> dict:
    """ext -> make(path, text) for the office, e-book and mail formats."""
    return {
        "xlsx": lambda p, t: make_xlsx(p, {"Sheet": [["Note", "Amount"], [t, 12]]}),
        "ods": lambda p, t: make_ods(p, {"Sheet": [["Note", "Amount"], [t, 12]]}),
        "pptx": lambda p, t: make_pptx(p, [("Slide", t, "notes")]),
        "odt": lambda p, t: make_odt(p, [(1, "Heading"), t]),
        "epub": lambda p, t: make_epub(p, [("Chapter", t)]),
        "rtf": lambda p, t: make_rtf(p, t),
        "eml": lambda p, t: make_eml(p, "Subject", t),
        "msg": lambda p, t: make_msg(p, "Subject", t),
    }


def _zip_with(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _lied_about_size(data: bytes, member: str) -> bytes:
    """A zip whose headers say `member` is tiny while it inflates to much more."""
    import struct

    name = member.encode()
    out = bytearray(data)
    for sig, size_off, name_off in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        i = out.find(sig)
        while i >= 0:
            n = struct.unpack_from("<H", out, i + (26 if sig == b"PK\x03\x04" else 28))[0]
            if bytes(out[i + name_off:i + name_off + n]) == name:
                struct.pack_into("<I", out, i + size_off, 100)
            i = out.find(sig, i + 4)
    return bytes(out)


def office_bad_files(dest: Path, rng: random.Random, put, pdf: bytes) -> dict[str, bytes]:
    """Hostile files of the office, e-book and mail formats; returns good bytes of each format
    for the randomised damage."""
    good = {}
    for ext, make in _office_makers(rng).items():
        p = dest / f"_src.{ext}"
        make(p, _text(rng))
        good[ext] = p.read_bytes()
        p.unlink()
    zeros = b"\0" * (600 * 1024 * 1024)
    put("bomb.xlsx", _zip_with({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": zeros}))
    put("ratio_bomb.pptx", _zip_with({"ppt/presentation.xml": b"\0" * (40 * 1024 * 1024)}))
    sheet = b"<worksheet><sheetData>" + b"<row><c><v>1</v></c></row>" * 400_000 + b"</sheetData></worksheet>"
    lying = _zip_with({"xl/workbook.xml": b'<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" r:id="rId1"/></sheets></workbook>',
                       "xl/_rels/workbook.xml.rels": b'<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>',
                       "xl/worksheets/sheet1.xml": sheet})
    put("lying_sizes.xlsx", _lied_about_size(lying, "xl/worksheets/sheet1.xml"))
    put("many_entries.epub", _zip_with({f"OEBPS/{i}.xhtml": b"" for i in range(25_000)}, zipfile.ZIP_STORED))
    lol = "".join(f'<!ENTITY l{i} "{"&l%d;" % (i - 1) * 10}">' for i in range(1, 10))
    laughs = f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY l0 "ha">{lol}]><d>&l9;</d>'.encode()
    put("laughs.odt", _zip_with({"content.xml": laughs}))
    put("laughs.ods", _zip_with({"content.xml": laughs}))
    put("external_entity.pptx", _zip_with({"ppt/presentation.xml": b'<?xml version="1.0"?><!DOCTYPE p '
                                           b'[<!ENTITY x SYSTEM "file:///etc/passwd">]><p>&x;</p>'}))
    put("laughs_container.epub", _zip_with({"META-INF/container.xml": laughs}))
    for ext, data in good.items():
        put(f"truncated.{ext}", data[: len(data) // 3])
    for ext in good:
        put(f"pdf_named.{ext}", pdf)
    put("zip_named.msg", good["xlsx"])
    put("garbage.msg", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(rng.randrange(256) for _ in range(4000)))
    # Rich-text bodies: a header claiming 60 MB of output from back-references to itself, and noise.
    import struct

    m = dest / "_rtf.msg"
    make_msg(m, "Subject", None, rtf_compressed=struct.pack("<II4sI", 400_000, 60 << 20, b"LZFu", 0)
             + (b"\xff" + b"\x01\x0e" * 8) * 23_000)
    put("rtf_expanding.msg", m.read_bytes())
    make_msg(m, "Subject", None, rtf_compressed=struct.pack("<II4sI", 4000, 5000, b"LZFu", 0)
             + bytes(rng.randrange(256) for _ in range(4000)))
    put("rtf_noise.msg", m.read_bytes())
    m.unlink()
    put("binary.eml", bytes(rng.randrange(256) for _ in range(20_000)))
    put("no_header.rtf", b"just text pretending to be RTF")
    put("deep.rtf", b"{\\rtf1 " + b"{" * 100_000 + b"deep" + b"}" * 100_000 + b"}")
    return good


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
    office = office_bad_files(dest, rng, put, pdf)
    # Randomised damage, spread over the formats, until `count` files exist.
    sources = {"pdf": pdf, "docx": docx_b, "html": html, "md": md, "txt": md, **office}
    exts = list(sources)
    i = 0
    while len(made) < count:
        ext = exts[i % len(exts)]
        data = sources[ext]
        kind = ("trunc", "flip", "flip_many", "swap")[(i // len(exts)) % 4]
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
