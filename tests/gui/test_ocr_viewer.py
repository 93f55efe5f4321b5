"""The viewer on OCRed sources: a scanned (image-only) PDF page and a photo of a page, each with
the cited passage marked from the word boxes OCR left in the data dir. The boxes are written
here as the indexer writes them, so this needs no OCR engine."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from scanmaker import page_image, scanned_pdf  # noqa: E402

from assistant.core.ingest import ocr  # noqa: E402

TEXT = "Bicycle storage\nBicycles must be kept in the basement storage room."
# Words of TEXT with boxes in page points (A4: 595 x 842), two lines.
WORDS = [(0, 7, 65, 64, 120, 76), (8, 15, 124, 64, 180, 76),
         (16, 24, 65, 96, 128, 108), (25, 29, 132, 96, 165, 108), (30, 32, 169, 96, 186, 108),
         (33, 37, 190, 96, 220, 108), (38, 40, 224, 96, 240, 108), (41, 44, 244, 96, 268, 108),
         (45, 53, 272, 96, 340, 108), (54, 61, 344, 96, 400, 108), (62, 67, 404, 96, 450, 108)]


def test_scanned_pdf_page_highlights_the_ocred_words(qtbot, tmp_path):
    from assistant.gui.viewer import Viewer

    pdf = scanned_pdf(tmp_path / "scan.pdf", [page_image(["Cover page"], seed=1), page_image(TEXT.split("\n"), seed=2)])
    boxes = tmp_path / "ocr"
    ocr.save_boxes(boxes, str(pdf), {2: ocr.OcrPage(TEXT, 595.0, 842.0, WORDS)})
    viewer = Viewer()
    viewer.ocr_dir = str(boxes)
    qtbot.addWidget(viewer)
    viewer.show_source({"path": str(pdf), "page": 2, "text": TEXT}, highlight="Bicycles must be kept in the basement")
    qtbot.waitUntil(lambda: viewer.highlighted, timeout=5000)
    # The quote's words only: one line, from "Bicycles" to "basement".
    assert viewer.pdf_view.highlight_page == 1
    rects = viewer.pdf_view.highlight_rects
    assert len(rects) == 1 and (rects[0].left(), rects[0].right()) == (65, 340) and rects[0].top() == 96
    qtbot.waitUntil(lambda: viewer.current_page() == 2, timeout=5000)


def test_photo_of_a_page_is_shown_with_the_passage_marked(qtbot, tmp_path):
    from assistant.gui.viewer import Viewer

    img = page_image(TEXT.split("\n"), dpi=100, seed=3)
    img.save(tmp_path / "photo.png")
    boxes = tmp_path / "ocr"
    ocr.save_boxes(boxes, str(tmp_path / "photo.png"), {1: ocr.OcrPage(TEXT, img.width, img.height, WORDS)})
    viewer = Viewer()
    viewer.ocr_dir = str(boxes)
    qtbot.addWidget(viewer)
    viewer.show_source({"path": str(tmp_path / "photo.png"), "page": 1, "text": TEXT})
    assert viewer.stack.currentWidget() is viewer.image_area
    assert viewer.highlighted and len(viewer.image_rects) == 2  # both lines of the passage
    assert viewer.image.pixmap() is not None and not viewer.image.pixmap().isNull()

    # Without boxes (not OCRed yet) the photo is still shown, nothing marked.
    viewer.ocr_dir = str(tmp_path / "none")
    viewer.show_source({"path": str(tmp_path / "photo.png"), "page": 1, "text": TEXT})
    assert viewer.stack.currentWidget() is viewer.image_area and not viewer.highlighted


def test_settings_turn_ocr_off_and_say_whether_tesseract_is_there(qtbot, monkeypatch):
    from assistant.core.platform.config import Settings
    from assistant.gui.settings_dialog import SettingsDialog

    monkeypatch.setenv("ASSISTANT_TESSERACT", "/no/such/tesseract")
    dialog = SettingsDialog(Settings(), {})
    qtbot.addWidget(dialog)
    assert dialog.ocr.isChecked()  # on by default
    assert "not installed" in dialog.ocr_note.text() and "tesseract-ocr" in dialog.ocr_note.text()
    dialog.ocr.setChecked(False)
    assert dialog.result_settings().ocr is False


def test_library_panel_says_which_scanned_file_and_page_ocr_is_on(qtbot):
    from assistant.core.ingest.indexer import Progress, Scanned
    from assistant.gui.library_panel import LibraryPanel

    panel = LibraryPanel()
    qtbot.addWidget(panel)
    panel.set_busy(True)
    panel.on_event(Scanned(5, 5, 0, 0))
    panel.on_event(Progress(3, 5, 40, 20.0, None, 2.0, "/docs/scan.pdf", 1000, 9000, "ocr", 0, 40,
                            ocr_files_done=0, ocr_files_total=2, ocr_path="/docs/scan.pdf", ocr_page=3, ocr_pages=40))
    text = panel.phase_label.text()
    assert "OCR" in text and "file 1 of 2" in text and "page 3 of 40" in text
