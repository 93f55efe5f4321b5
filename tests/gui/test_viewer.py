"""The source viewer: the cited page of a long PDF when freshly opened, the whole passage (or
quoted sentence) highlighted, HTML headings once, Esc / Ctrl+W, a size that fits the screen."""
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, QUrl, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractSlider

from assistant.gui.passages import _normalize

N_PAGES = 40
CITED = 27  # 1-based, well past 20: where a layout race shows as a page off


def page_text(i: int) -> str:
    """About 45 lines: a page the text fills from top to bottom, so a passage at its foot is
    close to the next page."""
    lines = [f"Page {i} paragraph {j}: the keeper of lamp {i}-{j} logged the weather, the "
             f"wind from the north and the tide at harbour {i}." for j in range(22)]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def long_pdf(tmp_path_factory) -> Path:
    from pdfmaker import make_pdf

    return make_pdf(tmp_path_factory.mktemp("pdf") / "logbook.pdf", [page_text(i) for i in range(1, N_PAGES + 1)])


def indexed_passage(path: Path, page: int, at_end: bool) -> str:
    """A passage as the indexer stores it: a run of the core loader's text of that page."""
    from assistant.core.ingest import documents

    text = documents.load(str(path)).sections[page - 1].text
    lines = [x for x in text.split("\n") if x.strip()]
    part = lines[-8:-1] if at_end else lines[2:9]
    return "\n".join(part)


def norm(text: str) -> str:
    return _normalize(text)[0]


def settle(qtbot, ms=1200):
    qtbot.wait(ms)


def highlighted_text(viewer) -> str:
    page, start, end = viewer.highlight_span
    if page is None:
        return viewer.text.toPlainText()[start:end]
    return viewer.pdf.getAllText(page).text()[start:end]


def test_citation_opens_a_fresh_viewer_on_the_cited_page(window, qtbot, long_pdf):
    """The click a user makes: a source link in an answer, the viewer not yet created."""
    from assistant.gui.conversations import Conversation, Message

    passage = indexed_passage(long_pdf, CITED, at_end=True)
    conv = Conversation(title="logbook")
    conv.messages = [Message("user", "What did the keeper log?"),
                     Message("assistant", "The weather [1].",
                             sources=[{"n": 1, "path": str(long_pdf), "page": CITED, "heading": None,
                                       "text": passage, "cited": True}])]
    window.chat.show_conversation(conv)
    assert window.viewer is None
    window.chat.browser.anchorClicked.emit(QUrl("src:1/1"))
    viewer = window.viewer
    assert viewer is not None and viewer.stack.currentWidget() is viewer.pdf_view
    settle(qtbot)
    assert viewer.current_page() == CITED
    view = viewer.pdf_view
    # Our page geometry is QPdfView's own: a jump from elsewhere lands on the same pixel.
    expected_top = view.page_geometry(CITED - 1).top()
    view.following = False
    view.pageNavigator().jump(3, QPointF(), 0)
    view.pageNavigator().jump(CITED - 1, QPointF(), 0)
    assert view.verticalScrollBar().value() == int(expected_top)
    view.go_to(CITED - 1, view.highlight_rects[0].top())
    settle(qtbot, 300)
    # The highlight's start is inside the viewport and the whole passage is highlighted.
    first = view.page_rect_in_viewport(CITED - 1, view.highlight_rects[0])
    assert 0 <= first.top() < view.viewport().height()
    assert norm(highlighted_text(viewer)) == norm(passage)

    # A window manager resizing the fresh window relays the pages out: still the cited page.
    viewer.resize(viewer.width() - 137, viewer.height() - 91)
    settle(qtbot, 600)
    assert viewer.current_page() == CITED
    # Once the user scrolls, the view stays where the user put it.
    for _ in range(10):
        if viewer.current_page() != CITED:
            break
        view.verticalScrollBar().triggerAction(QAbstractSlider.SliderAction.SliderPageStepAdd)
    assert not view.following and viewer.current_page() == CITED + 1
    viewer.resize(viewer.width() + 40, viewer.height())
    settle(qtbot, 300)
    assert viewer.current_page() != CITED


def test_fresh_viewer_lands_on_each_cited_page(qtbot, long_pdf):
    """Fresh viewers, passages at a page's top and foot, pages early and late."""
    from assistant.gui.viewer import Viewer

    for page, at_end in ((21, False), (33, True), (N_PAGES, True)):
        viewer = Viewer()
        qtbot.addWidget(viewer)
        passage = indexed_passage(long_pdf, page, at_end)
        viewer.show_source({"path": str(long_pdf), "page": page, "text": passage})
        settle(qtbot, 800)
        assert viewer.current_page() == page, (page, at_end)
        assert viewer.highlighted and viewer.highlight_span[0] == page - 1
        assert norm(highlighted_text(viewer)) == norm(passage)
        viewer.close()


def test_pdf_quote_highlights_the_whole_sentence(qtbot, long_pdf):
    from assistant.gui.viewer import Viewer

    viewer = Viewer()
    qtbot.addWidget(viewer)
    passage = indexed_passage(long_pdf, 24, at_end=False)
    sentence = "Page 24 paragraph 2: the keeper of lamp 24-2 logged the weather, the wind from the north " \
               "and the tide at harbour 24."
    assert norm(sentence) in norm(passage)
    viewer.show_source({"path": str(long_pdf), "page": 24, "text": passage}, highlight=sentence)
    settle(qtbot, 800)
    assert viewer.current_page() == 24
    assert norm(highlighted_text(viewer)) == norm(sentence)
    # One line box per line of the sentence, painted where the view draws that page.
    assert 1 <= len(viewer.pdf_view.highlight_rects) <= 3


def test_text_source_highlights_passage_or_quote_and_shows_headings_once(qtbot, tmp_path):
    from assistant.gui.viewer import Viewer

    html = tmp_path / "faq.html"
    html.write_text("<html><head><title>FAQ</title></head><body><h1>Packages</h1>"
                    "<h2>Where are packages kept?</h2><p>Downloaded packages are kept in "
                    "/var/cache/apt/archives until you clean the cache. The cache can grow large; "
                    "apt-get clean empties it.</p><h2>Other</h2><p>Nothing else.</p></body></html>",
                    encoding="utf-8")
    viewer = Viewer()
    qtbot.addWidget(viewer)
    passage = ("Downloaded packages are kept in /var/cache/apt/archives until you clean the cache. "
               "The cache can grow large; apt-get clean empties it.")
    viewer.show_source({"path": str(html), "page": None, "heading": "FAQ > Packages > Where are packages kept?",
                        "text": passage})
    qtbot.waitUntil(lambda: viewer.stack.currentWidget() is viewer.text, timeout=10000)
    shown = viewer.text.toPlainText()
    assert shown.count("Where are packages kept?") == 1, shown
    assert norm(highlighted_text(viewer)) == norm(passage)
    assert viewer.text.extraSelections()[0].cursor.selectedText().startswith("Downloaded")
    viewer.show_source({"path": str(html), "page": None, "heading": "FAQ > Packages > Where are packages kept?",
                        "text": passage}, highlight="The cache can grow large; apt-get clean empties it.")
    qtbot.waitUntil(lambda: viewer.highlight_span is not None, timeout=10000)
    assert highlighted_text(viewer) == "The cache can grow large; apt-get clean empties it."


def test_viewer_fits_the_screen_and_closes_with_esc_and_ctrl_w(qtbot, long_pdf):
    from assistant.gui.viewer import Viewer

    avail = QGuiApplication.primaryScreen().availableGeometry()
    for key, mod in ((Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
                     (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)):
        viewer = Viewer()
        qtbot.addWidget(viewer)
        viewer.show_source({"path": str(long_pdf), "page": 2, "text": ""})
        with qtbot.waitActive(viewer):  # keyboard shortcuts need an active window
            viewer.activateWindow()
        assert viewer.height() <= avail.height() - 40 and viewer.width() <= avail.width()
        qtbot.keyClick(viewer.pdf_view, key, mod)
        qtbot.waitUntil(lambda: not viewer.isVisible(), timeout=2000)


def test_a_shared_librarys_citation_opens_where_its_folder_is_on_this_computer(window, qtbot, long_pdf,
                                                                                monkeypatch):
    """A library indexed on another computer cites that computer's path: with the folder's
    place here given in Settings (path_map), the citation opens the PDF here at its page; without,
    the viewer says the file is not there and where to say where the folder is."""
    from assistant.gui.settings_dialog import parse_path_map

    monkeypatch.setenv("ASSISTANT_INDEX_URI", "s3://family/library")
    recorded = "/mnt/nas/share/logbook.pdf"
    source = {"path": recorded, "page": CITED, "heading": None, "text": indexed_passage(long_pdf, CITED, False)}
    window.show_source(source)
    viewer = window.viewer
    assert viewer.stack.currentWidget() is viewer.message
    assert recorded in viewer.message.text() and "Settings" in viewer.message.text()
    window.services.settings.path_map = parse_path_map(f"/mnt/nas/share => {long_pdf.parent}\nnot a mapping\n")
    window.show_source(source)
    settle(qtbot)
    assert viewer.path == str(long_pdf)
    assert viewer.stack.currentWidget() is viewer.pdf_view and viewer.current_page() == CITED
    assert norm(source["text"]) in norm(highlighted_text(viewer))


def test_a_quoted_table_row_is_highlighted_with_the_rows_above_it_in_view(qtbot, tmp_path):
    """A row of a manual's table: the viewer highlights the row and keeps the table's header
    and the rows before it in view, and names the quote with its cells kept apart."""
    from assistant.gui.viewer import Viewer

    rows = "".join(f"<tr><td>type{i}</td><td>{i} bytes</td><td>1 to {10 ** i}</td></tr>" for i in range(1, 13))
    intro = "".join(f"<p>Paragraph {i} about numeric types and their storage.</p>" for i in range(60))
    page = tmp_path / "numeric.html"
    page.write_text(f"<html><body><h1>Numeric Types</h1>{intro}<table><tr><th>Name</th><th>Size</th>"
                    f"<th>Range</th></tr>{rows}</table>{intro}</body></html>", encoding="utf-8")
    viewer = Viewer()
    qtbot.addWidget(viewer)
    viewer.resize(700, 400)
    row = "type9\t9 bytes\t1 to 1000000000"
    viewer.show_source({"path": str(page), "page": None, "heading": "Numeric Types", "text": row}, highlight=row)
    qtbot.waitUntil(lambda: viewer.highlight_span is not None, timeout=10000)
    assert highlighted_text(viewer) == row
    assert "type9 | 9 bytes | 1 to 1000000000" in viewer.passage_label.text()
    first = viewer.text.firstVisibleBlock().text()
    assert first.startswith("type") and first != row  # rows above the quoted one are in view
