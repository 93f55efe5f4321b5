"""The whole path a user takes: drop a folder, watch it index, ask, open the cited page."""
import time

from PySide6.QtCore import QMimeData, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDropEvent


def drop(window, paths):
    """Deliver a real drop event, as a file manager would."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    ev = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                    Qt.KeyboardModifier.NoModifier)
    window.dropEvent(ev)
    return ev.isAccepted()


class LoopProbe:
    """Measures how late a 10 ms timer fires: the event loop's worst stall."""

    def __init__(self):
        self.max_gap_ms = 0.0
        self.ticks = 0
        self._last = None
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)

    def start(self):
        self._last = time.perf_counter()
        self.timer.start()

    def _tick(self):
        now = time.perf_counter()
        self.max_gap_ms = max(self.max_gap_ms, (now - self._last) * 1000 - 10)
        self._last = now
        self.ticks += 1

    def stop(self):
        self.timer.stop()


def test_first_run_shows_empty_state(window, qtbot):
    qtbot.waitUntil(lambda: window.library_open, timeout=60000)
    assert window.library.stack.currentWidget() is window.library.empty
    assert not window.indexing


def test_drop_index_ask_and_open_cited_page(window, qtbot, corpus, record_property):
    qtbot.waitUntil(lambda: window.library_open, timeout=60000)
    qtbot.waitUntil(lambda: window.embedder_ready, timeout=60000)
    # Baseline: the same probe while idle, so a loaded machine is not blamed on the indexer.
    idle = LoopProbe()
    idle.start()
    qtbot.wait(1500)
    idle.stop()
    probe = LoopProbe()
    probe.start()
    assert drop(window, [corpus])
    qtbot.waitUntil(lambda: window.indexing, timeout=5000)
    qtbot.waitUntil(lambda: not window.indexing, timeout=120000)
    probe.stop()
    record_property("event_loop_max_delay_ms", round(probe.max_gap_ms, 1))
    record_property("event_loop_idle_max_delay_ms", round(idle.max_gap_ms, 1))
    print(f"\nevent loop max delay while indexing: {probe.max_gap_ms:.1f} ms over {probe.ticks} ticks "
          f"(idle baseline {idle.max_gap_ms:.1f} ms)")
    assert window.last_index_completed is True, window.last_error
    # The event loop kept running: a stall of a second would be visible to the user.
    assert probe.max_gap_ms < 1000

    # The library lists both files as indexed, with chunks and totals.
    qtbot.waitUntil(lambda: window.library.files_total == 2, timeout=10000)
    states = {p: it.data(1, Qt.ItemDataRole.UserRole) for p, it in window.library._items.items()}
    assert set(states.values()) == {"indexed"}, states
    assert window.library.chunks_total >= 2
    assert "2" in window.library_label.text()

    # Ask; the answer streams in, with sources.
    tokens = []
    window.model.token.connect(lambda _r, t: tokens.append(t))
    window.chat.input.setPlainText("In what did the keepers brew juniper tea?")
    qtbot.keyClick(window.chat.input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.chat.busy, timeout=5000)
    qtbot.waitUntil(lambda: not window.chat.busy, timeout=120000)
    msg = window.chat.conversation.messages[-1]
    assert msg.role == "assistant" and msg.text
    assert len(tokens) > 1  # streamed, not delivered at once
    assert msg.sources, msg.text
    pdf_sources = [s for s in msg.sources if s["path"].endswith(".pdf")]
    assert pdf_sources and pdf_sources[0]["page"] == 2, msg.sources
    # The conversation was saved and listed.
    assert list((window.data_dir / "conversations").glob("*.json"))
    assert window.chats.list.count() == 1

    # Clicking the source link opens the viewer at the cited page.
    index = len(window.chat.conversation.messages) - 1
    window.chat.browser.anchorClicked.emit(QUrl(f"src:{index}/{pdf_sources[0]['n']}"))
    viewer = window.viewer
    assert viewer is not None and viewer.isVisible()
    assert viewer.stack.currentWidget() is viewer.pdf_view
    qtbot.waitUntil(lambda: viewer.current_page() == 2, timeout=5000)
    qtbot.waitUntil(lambda: viewer.highlighted, timeout=5000)

    # A Markdown source opens as text with the passage selected.
    md = {"n": 9, "path": str(corpus / "garden.md"), "page": None, "heading": "Garden notes > Bees",
          "text": "The beehive stands behind the apple tree; honey is harvested once a year in August."}
    viewer.show_source(md)
    qtbot.waitUntil(lambda: viewer.stack.currentWidget() is viewer.text, timeout=10000)
    sel = viewer.text.extraSelections()
    assert sel and "beehive" in sel[0].cursor.selectedText()


def test_cancel_keeps_pending_files_and_next_run_resumes(window, qtbot, corpus):
    qtbot.waitUntil(lambda: window.library_open, timeout=60000)
    window.add_paths([str(corpus)])
    window.cancel_indexing()  # before the worker even starts: the stop must not be lost
    qtbot.waitUntil(lambda: not window.indexing and window.last_index_completed is not None, timeout=120000)
    assert window.last_index_completed is False
    qtbot.waitUntil(lambda: window.library.files_total == 2, timeout=10000)
    states = {it.data(1, Qt.ItemDataRole.UserRole) for it in window.library._items.values()}
    assert "pending" in states
    window.add_paths([])  # "Update index": resumes the pending files
    qtbot.waitUntil(lambda: window.indexing, timeout=5000)
    qtbot.waitUntil(lambda: not window.indexing, timeout=120000)
    assert window.last_index_completed is True
    qtbot.waitUntil(lambda: {it.data(1, Qt.ItemDataRole.UserRole)
                             for it in window.library._items.values()} == {"indexed"}, timeout=10000)


def test_an_interrupted_run_resumes_when_the_app_opens_again(qtbot, data_dir, corpus):
    from assistant.core.services import Services
    from assistant.gui.main_window import MainWindow

    first = MainWindow(Services(data_dir))
    qtbot.addWidget(first)
    first.show()
    qtbot.waitUntil(lambda: first.library_open, timeout=60000)
    first.add_paths([str(corpus)])
    first.cancel_indexing()  # the user quits mid-run: the files stay pending
    qtbot.waitUntil(lambda: not first.indexing and first.last_index_completed is not None, timeout=120000)
    assert first.last_index_completed is False
    first.shutdown()
    first.close()

    again = MainWindow(Services(data_dir))
    qtbot.addWidget(again)
    again.show()
    try:
        # No click: opening the library finds the pending files and finishes them.
        qtbot.waitUntil(lambda: again.last_index_completed is True, timeout=120000)
        qtbot.waitUntil(lambda: again.library.files_total == 2 and {
            it.data(1, Qt.ItemDataRole.UserRole) for it in again.library._items.values()} == {"indexed"},
            timeout=10000)
    finally:
        again.shutdown()
