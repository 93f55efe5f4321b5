"""OCR of scanned PDF pages and photos of pages, through the real CLI and the real Tesseract.

The scans are made here: text drawn with Pillow, turned a little and speckled, saved as images
and as image-only PDFs. Without the Tesseract program these are skipped (the install line is in
the README); the tests that need no engine (OCR off, Tesseract missing, a decompression bomb)
always run."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from PIL import Image

sys.path.insert(0, str(Path(__file__).parent))
from clihelpers import json_lines, make_pdf, run_cli  # noqa: E402
from scanmaker import cjk_font, page_image, scanned_pdf  # noqa: E402

from assistant.core.ingest import ocr  # noqa: E402

try:
    ENGINE = ocr.engine()
except ocr.OcrUnavailable:
    ENGINE = None
needs_engine = pytest.mark.skipif(ENGINE is None, reason="the Tesseract program is not installed: " + ocr.INSTALL_HINT)

COVER = ["Harbour Lights Tenancy Handbook", "This handbook explains the rules of the building for every tenant."]
BIKES = ["Bicycle storage", "Bicycles must be kept in the basement storage room, which is unlocked with the "
         "blue key fob between seven in the morning and ten at night."]
RECEIPT = ["Receipt number 4471", "The copper kettle was repaired on the ninth of March and the repair is "
           "guaranteed for eighteen months against leaks."]
JA = ["ゴミの出し方", "燃えるゴミは毎週火曜日と金曜日の朝八時までに、指定の袋に入れて集積所へ出してください。"]


def _status(data: Path) -> dict:
    r = run_cli("status", "--json", data_dir=data)
    assert r.returncode == 0, r.stderr
    return {Path(f["path"]).name: f for f in json.loads(r.stdout)["files"]}


def _search(data: Path, query: str, k: int = 3) -> list[dict]:
    r = run_cli("search", query, "-k", str(k), "--json", data_dir=data)
    assert r.returncode == 0, r.stderr
    return json_lines(r.stdout)[0]["hits"]


@pytest.fixture(scope="module")
def scans(tmp_path_factory):
    docs = tmp_path_factory.mktemp("scans")
    scanned_pdf(docs / "handbook.pdf", [page_image(COVER, seed=1), page_image(BIKES, angle=-0.9, seed=2)])
    page_image(RECEIPT, angle=1.1, seed=3).save(docs / "receipt.png")
    page_image(RECEIPT[:1] + ["A photo of the same receipt, kept as JPEG."], seed=4).save(docs / "photo.jpg", quality=85)
    make_pdf(docs / "typed.pdf", ["This page has a text layer about the laundry room opening hours."])
    font = cjk_font(int(200 * 11 / 72))
    if font is not None:
        scanned_pdf(docs / "ゴミ.pdf", [page_image(JA, font=font, width_chars=34, seed=5)])
    return docs, font is not None


@needs_engine
def test_scanned_pdf_and_photo_are_found_and_cited_with_their_page(scans, tmp_path):
    docs, has_ja = scans
    data = tmp_path / "data"
    r = run_cli("index", str(docs), data_dir=data)
    assert r.returncode == 0, r.stderr
    files = _status(data)
    assert files["handbook.pdf"]["state"] == "indexed", files["handbook.pdf"]
    assert files["receipt.png"]["state"] == "indexed", files["receipt.png"]

    hit = _search(data, "where are bicycles kept basement storage room")[0]
    assert Path(hit["path"]).name == "handbook.pdf" and hit["page"] == 2
    assert "blue key fob" in hit["text"]

    hits = _search(data, "copper kettle repair guaranteed leaks")
    assert Path(hits[0]["path"]).name == "receipt.png" and hits[0]["page"] == 1
    assert "eighteen months" in hits[0]["text"]

    # The word boxes the viewer highlights: the words of the passage, on the page.
    page = ocr.load_boxes(data / "ocr", str(docs / "handbook.pdf"), 2)
    assert page is not None and 500 < page.width < 700  # A4 in points
    at = page.text.index("blue key fob")
    boxes = page.boxes(at, at + len("blue key fob"))
    assert len(boxes) == 1 and 0 < boxes[0][0] < boxes[0][2] < page.width and 0 < boxes[0][1] < page.height

    if has_ja:
        hit = _search(data, "燃えるゴミは何曜日に出しますか")[0]
        assert Path(hit["path"]).name == "ゴミ.pdf" and hit["page"] == 1
        assert "火曜日" in hit["text"].replace(" ", "")


@needs_engine
def test_ocr_runs_after_the_files_with_a_text_layer_and_reports_its_own_progress(scans, tmp_path):
    from assistant.core.ingest.indexer import FileDone, Progress
    from assistant.core.services import Services

    docs, _ = scans
    services = Services(tmp_path / "data")
    order, ocr_totals = [], set()
    for ev in services.index([str(docs)]):
        if isinstance(ev, FileDone):
            order.append(Path(ev.path).name)
        elif isinstance(ev, Progress):
            ocr_totals.add(ev.ocr_files_total)
    assert order[0] == "typed.pdf", order  # searchable before any OCR is done
    assert max(ocr_totals) == len(order) - 1


def test_ocr_off_keeps_scans_skipped_with_a_reason(scans, tmp_path):
    docs, _ = scans
    data = tmp_path / "data"
    data.mkdir()
    (data / "settings.toml").write_text("ocr = false\n", encoding="utf-8")
    assert run_cli("index", str(docs), data_dir=data).returncode == 0
    files = _status(data)
    for name in ("handbook.pdf", "receipt.png"):
        assert files[name]["state"] == "skipped"
        assert files[name]["detail"] == ocr.OCR_OFF
    assert files["typed.pdf"]["state"] == "indexed"


def test_without_tesseract_scans_say_what_to_install(scans, tmp_path):
    docs, _ = scans
    data = tmp_path / "data"
    r = run_cli("index", str(docs), data_dir=data, env={"ASSISTANT_TESSERACT": str(tmp_path / "no-such-program")})
    assert r.returncode == 0, r.stderr
    files = _status(data)
    assert files["receipt.png"]["state"] == "skipped"
    assert "Tesseract is not installed" in files["receipt.png"]["detail"]
    assert "apt install tesseract-ocr" in files["receipt.png"]["detail"]
    assert files["typed.pdf"]["state"] == "indexed"
    if ENGINE is not None:  # installed meanwhile: the next run reads them
        assert run_cli("index", str(docs), data_dir=data).returncode == 0
        assert _status(data)["receipt.png"]["state"] == "indexed"


def test_a_decompression_bomb_is_refused_and_the_rest_indexes(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    # 13,000 x 13,000 one-bit pixels: a PNG of a few kilobytes that would inflate to 169 MP.
    Image.new("1", (13_000, 13_000), 1).save(docs / "bomb.png")
    assert (docs / "bomb.png").stat().st_size < 200_000
    (docs / "ok.txt").write_text("The boiler is serviced every October.", encoding="utf-8")
    data = tmp_path / "data"
    assert run_cli("index", str(docs), data_dir=data).returncode == 0
    files = _status(data)
    assert files["bomb.png"]["state"] == "failed" and files["bomb.png"]["reason"] == "too large"
    assert "too large to read safely" in files["bomb.png"]["detail"]
    assert files["ok.txt"]["state"] == "indexed"


def test_tesseract_tsv_becomes_page_text_with_word_boxes():
    tsv = ("level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
           "5\t1\t1\t1\t1\t1\t10\t20\t30\t10\t96\tHello\n"
           "5\t1\t1\t1\t1\t2\t45\t20\t30\t10\t96\tworld\n"
           "5\t1\t1\t1\t2\t1\t10\t40\t10\t10\t90\t燃\n"
           "5\t1\t1\t1\t2\t2\t20\t40\t10\t10\t90\tえる\n"
           "5\t1\t2\t1\t1\t1\t10\t80\t10\t10\t90\tEnd\n")
    page = ocr.parse_tsv(tsv, 100, 200, scale=0.5)
    assert page.text == "Hello world\n燃える\n\nEnd"
    assert page.boxes(0, 11) == [(5.0, 10.0, 37.5, 15.0)]  # one line: its words merged
    assert page.boxes(12, 15) == [(5.0, 20.0, 15.0, 25.0)]


def test_a_partly_scanned_pdf_says_which_pages_were_not_read_and_reads_them_once_ocr_is_on(tmp_path):
    docs = _mixed_pdf(tmp_path)
    data = tmp_path / "data"
    data.mkdir()
    (data / "settings.toml").write_text("ocr = false\n", encoding="utf-8")
    assert run_cli("index", str(docs), data_dir=data).returncode == 0
    row = _status(data)["mixed.pdf"]
    assert row["state"] == "indexed" and row["detail"] == ocr.OCR_OFF + " (page 2 not read)"
    if ENGINE is None:
        return
    (data / "settings.toml").write_text("ocr = true\n", encoding="utf-8")
    assert run_cli("index", str(docs), data_dir=data).returncode == 0  # the file itself did not change
    assert not _status(data)["mixed.pdf"]["detail"]
    hits = _search(data, "where are bicycles kept?")
    assert hits[0]["path"].endswith("mixed.pdf") and hits[0]["page"] == 2


def _mixed_pdf(tmp_path: Path) -> Path:
    """docs/mixed.pdf: a typed page 1 (laundry room) and a scanned page 2 (bicycles)."""
    from pypdf import PdfWriter

    docs = tmp_path / "docs"
    docs.mkdir()
    make_pdf(tmp_path / "typed.pdf", ["Page one has a text layer about the laundry room opening hours."])
    scanned_pdf(tmp_path / "scan.pdf", [page_image(BIKES, seed=7)])
    mixed = PdfWriter()
    for part in ("typed.pdf", "scan.pdf"):
        mixed.append(str(tmp_path / part))
    with open(docs / "mixed.pdf", "wb") as f:
        mixed.write(f)
    return docs


@needs_engine
def test_a_partly_scanned_pdfs_text_pages_are_searchable_while_its_scanned_pages_wait_for_ocr(tmp_path):
    """A manual with one typed and one scanned page: the typed page is found while OCR reads
    the scanned one (the file is not counted done yet), and when OCR is done the file holds
    both pages once, nothing left over from the early write."""
    from assistant.core.ingest.indexer import FileDone, Progress
    from assistant.core.services import Services

    docs = _mixed_pdf(tmp_path)
    services = Services(tmp_path / "data")
    embedded, real = [], services.embedder.embed_passages
    # Loaded before the run, as a warm app has it: a cold load (a second or more) can outlast
    # OCR of one page, and then the typed page rightly waits for the OCR reading instead.
    real(["warm up"])
    services.embedder.embed_passages = lambda texts, *a, **kw: embedded.extend(texts) or real(texts, *a, **kw)
    during, done, typed_vector_before_ocr = None, [], None
    for ev in services.index([str(docs)]):
        if typed_vector_before_ocr is None and (isinstance(ev, FileDone) or getattr(ev, "ocr_files_done", 0)):
            # The first event after the OCR reading came back: was the typed page embedded by then?
            typed_vector_before_ocr = any("laundry" in t for t in embedded)
        if isinstance(ev, FileDone):
            done.append(ev)
        elif isinstance(ev, Progress) and ev.ocr_files_total == 1 and not ev.ocr_files_done:
            if during is None:
                # OCR has not read the scanned page yet.
                during = services.retriever.search("laundry room opening hours", k=3, mode="fts") or None
                assert not done  # and the file is not counted done
    # The typed page's vector, made while OCR read the scan, is kept: not embedded twice.
    assert typed_vector_before_ocr
    assert sum("laundry" in t for t in embedded) == 1
    assert during and during[0].path.endswith("mixed.pdf") and during[0].page == 1
    assert [(Path(d.path).name, d.state) for d in done] == [("mixed.pdf", "indexed")]
    st = _status(tmp_path / "data")
    row = st["mixed.pdf"]
    assert row["state"] == "indexed" and not row["detail"]
    r = json.loads(run_cli("status", "--json", data_dir=tmp_path / "data").stdout)
    assert r["chunks"] == row["chunks"]  # the early write's chunks are gone
    hits = _search(tmp_path / "data", "where are bicycles kept?")
    assert hits[0]["path"].endswith("mixed.pdf") and hits[0]["page"] == 2
    assert [h["page"] for h in _search(tmp_path / "data", "laundry room opening hours", k=5)].count(1) == 1


@needs_engine
def test_a_run_stopped_before_ocr_reads_the_scanned_pages_next_time(tmp_path):
    from assistant.core.ingest.indexer import Progress
    from assistant.core.services import Services

    docs = _mixed_pdf(tmp_path)
    services = Services(tmp_path / "data")
    run = services.index([str(docs)])
    for ev in run:
        if isinstance(ev, Progress) and ev.ocr_files_total == 1 and services.retriever.search(
                "laundry room opening hours", k=3, mode="fts"):
            run.close()  # the user quits while the scanned page waits for OCR
            break
    services.close()
    row = _status(tmp_path / "data")["mixed.pdf"]
    assert row["state"] == "indexed" and row["detail"].startswith(ocr.OCR_PENDING)
    assert run_cli("index", str(docs), data_dir=tmp_path / "data").returncode == 0
    row = _status(tmp_path / "data")["mixed.pdf"]
    assert not row["detail"]
    hits = _search(tmp_path / "data", "where are bicycles kept?")
    assert hits[0]["path"].endswith("mixed.pdf") and hits[0]["page"] == 2
