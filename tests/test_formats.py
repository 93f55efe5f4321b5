"""EPUB, PPTX, XLSX, ODS, ODT, RTF, EML and MSG: each indexed, found by `assistant search`,
and cited with its unit (slide = page; sheet, chapter or heading = heading); a mail's
attachments indexed as their own files with the mail as their parent, and gone with it."""
from datetime import date

import pytest

import assistant  # noqa: F401
from assistant.core.ingest import documents
from cfbmaker import make_msg
from clihelpers import json_lines, run_cli
from officemaker import make_eml, make_epub, make_ods, make_odt, make_pptx, make_rtf, make_xlsx


def _library(root):
    root.mkdir(parents=True)
    make_epub(root / "book.epub", [("The Harbour", "Gulls circle the quay at dawn."),
                                   ("The Lighthouse", "The keeper polishes the zanthorian lens every night.")])
    make_pptx(root / "deck.pptx", [("Roadmap", "Ship the beta in spring.", None),
                                   ("Budget", "Travel costs rise.", "Mention the quorvex supplier discount.")])
    make_xlsx(root / "ledger.xlsx", {"Summary": [["Region", "Total"], ["North", 10]],
                                     "Invoices": [["Client", "Amount", "Due"],
                                                  ["Brambleworth Ltd", 1250, date(2025, 3, 31)]]})
    make_ods(root / "people.ods", {"Staff": [["Name", "Role"], ["Ottoline Vasquez", "archivist"]]})
    make_odt(root / "report.odt", [(1, "Findings"), "The survey is complete.",
                                   (2, "Soil"), "Samples show high plimsoll clay content."])
    make_rtf(root / "letter.rtf", "Dear tenant,\nthe boiler inspection is on Friday.\n賃貸契約の更新について")
    make_eml(root / "mail.eml", "Offsite agenda", "We meet at the fernhollow cabin.",
             {"agenda.txt": b"Item one: the snorkelwick budget.", "tool.exe": b"MZ\x90\x00"})
    make_msg(root / "outlook.msg", "Invoice query", "Please check the grimsby invoice total.",
             attachments={"minutes.txt": "Minutes mention the vellichor project.".encode()})
    # Rich-text mail as older Outlook keeps it: no plain-text body, only compressed RTF.
    import compressed_rtf

    rtf = (rb"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0 Calibri;}}\f0\fs22 Hello team,\par "
           rb"The {\b larkspurwin} renewal is due in April; the larkspurwin renewal form is attached.\par}")
    make_msg(root / "richtext.msg", "Renewal", None, rtf_compressed=compressed_rtf.compress(rtf))
    return root


@pytest.fixture(scope="module")
def formats(tmp_path_factory):
    base = tmp_path_factory.mktemp("formats")
    lib = _library(base / "lib")
    data = base / "data"
    r = run_cli("index", str(lib), data_dir=data)
    assert r.returncode == 0, r.stderr
    return lib, data


def _search(data, *queries):
    out = run_cli("search", "-", "--json", "-k", "3", "--mode", "fts", data_dir=data, stdin="\n".join(queries) + "\n")
    assert out.returncode == 0, out.stderr
    return [res["hits"][0] if res["hits"] else None for res in json_lines(out.stdout)]


def test_each_format_is_found_and_cited_with_its_unit(formats):
    lib, data = formats
    hits = _search(data, "zanthorian", "quorvex", "Brambleworth", "Ottoline", "plimsoll", "boiler inspection",
                   "賃貸契約", "fernhollow", "grimsby", "larkspurwin renewal")
    want = [("book.epub", None, "The Lighthouse"), ("deck.pptx", 2, "Budget"), ("ledger.xlsx", None, "Invoices"),
            ("people.ods", None, "Staff"), ("report.odt", None, "Findings > Soil"), ("letter.rtf", None, None),
            ("letter.rtf", None, None), ("mail.eml", None, "Offsite agenda"), ("outlook.msg", None, "Invoice query"),
            ("richtext.msg", None, "Renewal")]
    for hit, (name, page, heading) in zip(hits, want):
        assert hit is not None, name
        assert (hit["path"], hit["page"], hit["heading"]) == (str(lib / name), page, heading), hit


def test_sheet_rows_carry_their_header(formats):
    _, data = formats
    hit = _search(data, "Brambleworth")[0]
    assert "Client: Brambleworth Ltd; Amount: 1250; Due: 2025-03-31" in hit["text"]


def test_mail_is_cited_with_its_headers(formats):
    _, data = formats
    hit = _search(data, "fernhollow")[0]
    assert "From: Alice Example <alice@example.com>" in hit["text"] and "Subject: Offsite agenda" in hit["text"]


def test_attachments_are_documents_with_the_mail_as_parent(formats):
    lib, data = formats
    files = json_lines(run_cli("status", "--json", data_dir=data).stdout)[0]["files"]
    kids = {f["path"].rsplit("/", 1)[-1]: f for f in files if f.get("parent")}
    assert set(kids) == {"agenda.txt", "minutes.txt"}  # the .exe is not a document
    assert kids["agenda.txt"]["parent"] == str(lib / "mail.eml")
    assert kids["minutes.txt"]["parent"] == str(lib / "outlook.msg")
    assert all(k["state"] == "indexed" for k in kids.values())
    hits = _search(data, "snorkelwick", "vellichor")
    assert [h["path"] for h in hits] == [kids["agenda.txt"]["path"], kids["minutes.txt"]["path"]]


def test_attachments_follow_their_mail(tmp_path):
    lib = tmp_path / "lib"
    lib.mkdir()
    mail = make_eml(lib / "m.eml", "Plans", "See attached.", {"plan.txt": b"The quillfeather plan."})
    data = tmp_path / "data"
    assert run_cli("index", str(lib), data_dir=data).returncode == 0
    assert _search(data, "quillfeather")[0] is not None
    # The mail changes and loses its attachment: the attachment leaves the library.
    make_eml(mail, "Plans", "Plan dropped.", {"other.txt": b"The marrowby alternative."})
    assert run_cli("index", str(lib), data_dir=data).returncode == 0
    assert _search(data, "quillfeather", "marrowby")[0] is None
    assert _search(data, "marrowby")[0] is not None
    # The mail is deleted: so is what came out of it.
    mail.unlink()
    assert run_cli("index", str(lib), data_dir=data).returncode == 0
    files = json_lines(run_cli("status", "--json", data_dir=data).stdout)[0]["files"]
    assert files == []
    assert not any((data / "attachments").iterdir())


@pytest.mark.parametrize("name", ["x.epub", "x.pptx", "x.xlsx", "x.ods", "x.odt", "x.rtf", "x.eml", "x.msg"])
def test_wrong_extension_is_corrupt(tmp_path, name):
    from pdfmaker import make_pdf

    p = make_pdf(tmp_path / "real.pdf", ["a real PDF"])
    target = tmp_path / name
    p.rename(target)
    with pytest.raises(documents.LoadError) as err:
        documents.load(str(target))
    assert err.value.reason == documents.CORRUPT


@pytest.mark.parametrize("maker", ["xlsx", "pptx", "ods", "odt", "epub"])
def test_truncated_containers_are_corrupt(tmp_path, maker):
    path = _library(tmp_path / "lib")
    src = {"xlsx": "ledger.xlsx", "pptx": "deck.pptx", "ods": "people.ods", "odt": "report.odt",
           "epub": "book.epub"}[maker]
    p = path / src
    data = p.read_bytes()
    p.write_bytes(data[: len(data) // 2])
    with pytest.raises(documents.LoadError) as err:
        documents.load(str(p))
    assert err.value.reason == documents.CORRUPT


def test_entity_bomb_in_a_container_is_refused(tmp_path):
    import zipfile

    p = tmp_path / "bomb.odt"
    lol = "".join(f'<!ENTITY l{i} "{"&l%d;" % (i - 1) * 10}">' for i in range(1, 10))
    with zipfile.ZipFile(p, "w") as zf:
        zf.writestr("content.xml", f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY l0 "ha">{lol}]><d>&l9;</d>')
    with pytest.raises(documents.LoadError) as err:
        documents.load(str(p))
    assert err.value.reason == documents.CORRUPT and "entit" in err.value.detail


def test_zip_bombs_are_refused_before_inflating(tmp_path):
    import zipfile

    many = tmp_path / "many.xlsx"
    with zipfile.ZipFile(many, "w") as zf:
        for i in range(20_001):
            zf.writestr(f"x/{i}", b"")
    dense = tmp_path / "dense.pptx"
    with zipfile.ZipFile(dense, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("ppt/presentation.xml", b" " * (300 * 1024 * 1024))
    for p in (many, dense):
        with pytest.raises(documents.LoadError) as err:
            documents.load(str(p))
        assert err.value.reason == documents.TOO_LARGE, p


def test_ask_cites_the_sheet_and_the_slide(formats):
    lib, data = formats
    out = run_cli("ask", "What amount is due from Brambleworth Ltd?", "--json", data_dir=data)
    assert out.returncode == 0, out.stderr
    sources = json_lines(out.stdout)[0]["sources"]
    assert any((s["path"], s["heading"]) == (str(lib / "ledger.xlsx"), "Invoices") for s in sources), sources
    out = run_cli("ask", "Which supplier discount should be mentioned for travel costs?", "--json", data_dir=data)
    sources = json_lines(out.stdout)[0]["sources"]
    assert any((s["path"], s["page"]) == (str(lib / "deck.pptx"), 2) for s in sources), sources


def test_forgetting_a_mail_forgets_its_attachments(tmp_path):
    lib = tmp_path / "lib"
    lib.mkdir()
    make_eml(lib / "m.eml", "Plans", "See attached.", {"plan.txt": b"The quillfeather plan."})
    (lib / "keep.txt").write_text("A note that stays.")
    data = tmp_path / "data"
    assert run_cli("index", str(lib), data_dir=data).returncode == 0
    assert run_cli("forget", str(lib / "m.eml"), data_dir=data).returncode == 0
    files = json_lines(run_cli("status", "--json", data_dir=data).stdout)[0]["files"]
    assert [f["path"] for f in files] == [str(lib / "keep.txt")]
    assert _search(data, "quillfeather")[0] is None
    assert not any((data / "attachments").iterdir())


def test_epub_chapters_follow_the_spine_not_the_manifest(tmp_path):
    p = make_epub(tmp_path / "b.epub", [("One", "first"), ("Two", "second"), ("Three", "third")])
    doc = documents.load(str(p))
    assert [s.heading for s in doc.sections] == ["One", "Two", "Three"]
    assert doc.title == "A book"


def test_compressed_rtf_bodies_decompress_as_the_spec_says_and_hostile_ones_are_refused():
    """MS-OXRTFCP's own example stream; then hostile ones: too short or in an unknown
    compression is a clear 'corrupt'; a header claiming 200 MB, or back-references that never
    end, stop at the limit instead of expanding without bound."""
    import struct

    from assistant.core.ingest.documents.msg import decompress_rtf

    spec = bytes.fromhex("2d0000002b0000004c5a4675f1c5c7a703000a00726370673132354232"
                         "0af32068656c090020627705b06c647d0a800fa0")
    assert decompress_rtf(spec) == b"{\\rtf1\\ansi\\ansicpg1252\\pard hello world}\r\n"
    for bad in (struct.pack("<II4sI", 12, 10, b"ABCD", 0) + b"x" * 8, b"LZFu"):
        with pytest.raises(documents.LoadError) as err:
            decompress_rtf(bad)
        assert err.value.reason == documents.CORRUPT
    # 16 bytes from offset 16, again and again: the write position stays 15 mod 16, never the end marker.
    refs = (b"\xff" + b"\x01\x0e" * 8) * 20_000
    for claim in (200 << 20, 300):
        out = decompress_rtf(struct.pack("<II4sI", len(refs) + 12, claim, b"LZFu", 0) + refs, limit=1 << 20)
        assert len(out) == min(claim, 1 << 20)
