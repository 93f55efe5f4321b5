"""Issue 10's rough edges: answer text, stop feedback, labels, lists, start-up states, progress,
Japanese leftovers, the Help menu."""
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication, QMessageBox

from assistant.gui import markdown
from assistant.gui.conversations import Conversation, ConversationStore, Message

LABELS = {"you": "You", "assistant": "Assistant", "sources": "Sources", "stopped": "(stopped)"}


def shown(md: str) -> QTextDocument:
    from assistant.gui.chat_view import MD_FEATURES

    doc = QTextDocument()
    doc.setMarkdown(md, MD_FEATURES)
    return doc


def code_font_texts(doc: QTextDocument) -> list[str]:
    out = []
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            frag = it.fragment()
            if frag.isValid() and frag.charFormat().fontFixedPitch():
                out.append(frag.text())
            it += 1
        block = block.next()
    return out


def test_answer_keeps_line_breaks_and_debian_quotes_stay_text():
    answer = ("Run these commands:\napt-get update\napt-get upgrade\napt-get clean\n"
              "Use `apt-get' or `aptitude' to install packages, and `dpkg -l` to list them.")
    doc = shown(markdown.render([Message("user", "q"), Message("assistant", answer)], LABELS))
    lines = doc.toPlainText().splitlines()
    for cmd in ("apt-get update", "apt-get upgrade", "apt-get clean"):
        assert cmd in lines, lines  # each command on its own line
    text = doc.toPlainText()
    assert "‘apt-get’ or ‘aptitude’ to install packages" in text
    # Only the real code span is in code font, not half the sentence.
    assert code_font_texts(doc) == ["dpkg -l"]


def test_timing_footer_is_labelled_and_a_stop_before_any_text_shows_no_ellipsis():
    done = Message("assistant", "Tea [1].", timings={"first_token_ms": 3140, "tokens_per_s": 43.2})
    md = markdown.render([Message("user", "q"), done], LABELS)
    assert "first text after 3.14 s · 43 tokens/s" in shown(md).toPlainText()
    stopped = Message("assistant", "", cancelled=True)
    text = shown(markdown.render([Message("user", "q"), stopped], LABELS)).toPlainText()
    assert "(stopped)" in text and "…" not in text


def test_escape_before_the_first_token_says_stopping_at_once(qtbot, tmp_path):
    from assistant.gui.chat_view import ChatView

    view = ChatView(ConversationStore(tmp_path))
    qtbot.addWidget(view)
    view.set_ready(True)
    view.ask("What is apt?")
    assert "…" in view.browser.toPlainText()
    qtbot.keyClick(view.input, Qt.Key.Key_Escape)
    assert "Stopping…" in view.browser.toPlainText()  # at once, not when the model gets to it
    assert not view.stop_button.isEnabled()

    class Done:
        answer, sources, timings, cancelled = "", [], {}, True

    view.on_done(view._request, Done())
    text = view.browser.toPlainText()
    assert "(stopped)" in text and "Stopping…" not in text and "…" not in text


def test_source_labels_and_headings_are_cut_on_part_boundaries():
    from assistant.gui.passages import short_heading

    heading = ("Chapter 6. The Debian archives > 6.2. Debian archive basics > "
               "6.2.1. Where are the packages kept and how do they get there")
    short = short_heading(heading, 70)
    assert short == "… > 6.2.1. Where are the packages kept and how do they get there"
    assert short_heading("A > B > C") == "A > B > C"
    label = markdown.source_label({"path": "/d/faq.html", "heading": heading})
    assert label.startswith("faq.html, … > ") and label.endswith("how do they get there")


def test_indexed_headings_are_clipped_at_part_boundaries():
    """The heading stored with each chunk (shown as the source label) is cut at ' > ', never
    inside a word, when it is longer than its token budget."""
    from assistant.core.ingest.chunking import clip_heading
    from assistant.core.search.embedding import Embedder

    counter = Embedder().counter
    en = ("Debian Reference > Chapter 2. Debian package management > 2.1. Debian package "
          "management prerequisites > 2.1.1. Debian package management system")
    ja = ("Debian FAQ > 第8章 Debian パッケージ管理ツール > 8.1. Debian はパッケージ管理のためにどのような"
          "プログラムを提供していますか? > 8.1.3. どのパッケージがあるファイルを提供しているのか調べる方法はありますか?")
    clipped = clip_heading(en, counter, 24)
    assert len(counter.offsets(clipped)) <= 24 and clipped.startswith("… > ")
    assert en.endswith(" > " + clipped[4:])  # whole parts only
    # The Japanese last part alone is over the budget and has no spaces: cut where a word
    # starts (after kana, before kanji/katakana), never inside パッケージ.
    clipped = clip_heading(ja, counter, 24)
    rest = clipped[1:]
    assert clipped.startswith("…") and ja.endswith(rest) and len(counter.offsets(clipped)) <= 24
    before = ja[len(ja) - len(rest) - 1]
    assert "\u3040" <= before <= "\u309f" and not ("\u3040" <= rest[0] <= "\u309f"), clipped
    assert clip_heading("Short > path", counter, 24) == "Short > path"


def test_chat_list_actions_dates_keys_and_menu(qtbot, tmp_path, monkeypatch):
    from assistant.gui.conversation_list import ConversationList

    store = ConversationStore(tmp_path)
    a = Conversation(title="alpha", updated=1700000000.0)
    a.messages.append(Message("user", "alpha"))
    store.save(a)
    sidebar = ConversationList(store)
    qtbot.addWidget(sidebar)
    sidebar.show()
    with qtbot.waitActive(sidebar):  # keyboard shortcuts need an active window
        sidebar.activateWindow()
    item = sidebar.list.item(0)
    assert item.text().splitlines()[0] == "alpha" and len(item.text().splitlines()) == 2  # a date line
    sidebar.list.clearSelection()
    assert not sidebar.rename_button.isEnabled() and not sidebar.delete_button.isEnabled()
    sidebar.list.setCurrentItem(item)
    assert sidebar.rename_button.isEnabled() and sidebar.delete_button.isEnabled()
    sidebar.list.setFocus()
    qtbot.keyClick(sidebar.list, Qt.Key.Key_F2)
    dialog = sidebar.rename_dialog
    assert dialog.isVisible() and dialog.width() >= dialog.fontMetrics().horizontalAdvance(dialog.windowTitle())
    dialog.setTextValue("renamed")
    dialog.accept()
    assert store.load(a.id).title == "renamed"
    sidebar._context_menu(sidebar.list.visualItemRect(sidebar.list.item(0)).center())
    assert [x.text() for x in sidebar.context_menu.actions()] == ["Rename chat…", "Delete chat…"]
    sidebar.context_menu.close()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    sidebar.list.setFocus()
    with qtbot.waitSignal(sidebar.deleted):
        qtbot.keyClick(sidebar.list, Qt.Key.Key_Delete)
    assert store.list() == [] and not sidebar.delete_button.isEnabled()


def test_eta_and_qt_dialogs_in_japanese_and_distinct_remove_delete(qapp):
    from assistant.gui import i18n
    from assistant.gui.library_panel import format_eta

    translators = i18n.install(qapp, "ja")
    try:
        assert format_eta(128) == "2 分 08 秒"
        assert format_eta(3725) == "1 時間 02 分"
        # Qt's own file dialog strings come from Qt's shipped Japanese catalog.
        assert QCoreApplication.translate("QFileDialog", "Look in:") != "Look in:"
        assert QCoreApplication.translate("QFileDialog", "Files of type:") != "Files of type:"
        remove = QCoreApplication.translate("LibraryPanel", "Remove file…")
        delete = QCoreApplication.translate("ConversationList", "Delete")
        assert remove != delete and "削除" not in remove
    finally:
        for t in translators:
            qapp.removeTranslator(t)
        i18n.install(qapp, "en")
    assert format_eta(128) == "2 min 08 s"


def test_progress_counts_bytes_shows_the_file_and_the_eta_moves(qtbot):
    from assistant.core.ingest.indexer import Progress, Scanned
    from assistant.gui.library_panel import LibraryPanel

    panel = LibraryPanel()
    qtbot.addWidget(panel)
    panel.set_busy(True)
    panel.on_event(Scanned(53, 53, 0, 0))
    panel.on_event(Progress(0, 53, 0, 2.0, None, 0.0, "/docs/debian-reference.en.pdf", 0, 9_000_000))
    assert "debian-reference.en.pdf" in panel.current_label.text()
    assert "estimating" in panel.progress_label.text()
    panel.on_event(Progress(1, 53, 512, 25.0, 5.0, 17.0, "/docs/faq/ch-basic.html", 3_000_000, 9_000_000,
                            "text", 0, 512))
    # A third of the bytes read, no vectors yet: reading is the small part of the work, and
    # the indexer's 5 s covers the reading only, so no "finishing…" promise.
    assert panel.progress.maximum() == 1000 and panel.progress.value() == 66
    assert "estimating" in panel.progress_label.text()
    panel.on_event(Progress(20, 53, 1000, 40.0, 75.0, 25.0, "/docs/faq/ch-pkg.html", 6_000_000, 9_000_000,
                            "vectors", 500, 1000))
    assert panel.progress.value() == 400  # 0.2 * 2/3 read + 0.8 * 500 of ~1500 vectors
    first = panel.progress_label.text()
    assert "20 / 53 files" in first and "1 min 15 s" in first
    assert "ch-pkg.html" in panel.current_label.text()
    qtbot.wait(2100)  # no new event: the time left still counts down
    assert panel.progress_label.text() != first and "1 min 1" in panel.progress_label.text()
    panel.on_event(Progress(53, 53, 1400, 60.0, 20.0, 35.0, "/docs/x.html", 9_000_000, 9_000_000,
                            "vectors", 700, 1400))
    assert panel.progress.value() == 600 and "20 s" in panel.progress_label.text()
    assert "700 / 1400" in panel.current_label.text()  # all read: the vectors are what is left


def test_start_up_states_and_asking_an_empty_library(window, qtbot):
    # Before the library has opened, the panel says so; "empty" would be wrong.
    assert window.library.stack.currentWidget() is window.library.opening
    qtbot.waitUntil(lambda: window.library_open, timeout=60000)
    assert window.library.stack.currentWidget() is window.library.empty
    window.chat.input.setPlainText("Where are packages kept?")
    window.chat.send()
    reply = window.chat.conversation.messages[-1]
    assert reply.role == "assistant" and "Add a folder" in reply.text
    assert not window.chat.busy


def test_help_menu(window, qtbot):
    titles = [a.text() for a in window.menuBar().actions()]
    assert "&Help" in titles
    window.help.data.trigger()
    assert str(window.data_dir) in window.help.box.text()
    window.help.box.close()
    window.help.shortcuts.trigger()
    assert "F2" in window.help.box.text() and "Ctrl+W" in window.help.box.text()
    window.help.box.close()


def test_remove_one_file_and_open_a_library_file(window, qtbot, corpus, monkeypatch):
    """Remove says what it removes; a single file can go (and stays out on the next update);
    a double-click opens a file in the viewer. Progress reported bytes on the way."""
    progress = []
    window.indexer.event.connect(lambda ev: progress.append(ev) if type(ev).__name__ == "Progress" else None)
    qtbot.waitUntil(lambda: window.library_open, timeout=60000)
    window.add_paths([str(corpus)])
    qtbot.waitUntil(lambda: window.indexing, timeout=5000)
    qtbot.waitUntil(lambda: not window.indexing and window.library.files_total == 2, timeout=120000)
    assert progress and progress[-1].bytes_total > 0 and progress[-1].bytes_done == progress[-1].bytes_total
    lib = window.library
    lib.tree.setCurrentItem(lib._roots[str(corpus)])
    assert lib.remove_button.text() == "Remove folder…"
    garden = str(corpus / "garden.md")
    lib.tree.setCurrentItem(lib._items[garden])
    assert lib.remove_button.text() == "Remove file…" and garden in lib.remove_button.toolTip()

    lib.tree.itemDoubleClicked.emit(lib._items[garden], 0)
    qtbot.waitUntil(lambda: window.viewer is not None and window.viewer.stack.currentWidget()
                    is window.viewer.text, timeout=10000)
    assert "Tomato seedlings" in window.viewer.text.toPlainText()
    window.viewer.close()

    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda _p, _t, text, *a: asked.append(text)
                        or QMessageBox.StandardButton.Yes)
    with qtbot.waitActive(window):  # keyboard shortcuts need an active window
        window.activateWindow()
    lib.tree.setFocus()
    qtbot.keyClick(lib.tree, Qt.Key.Key_Delete)
    assert asked and "file" in asked[0] and garden in asked[0], (window.indexing, lib._busy, lib.selected_path(), QApplication.focusWidget(), QApplication.activeWindow())
    qtbot.waitUntil(lambda: window.library.files_total == 1, timeout=30000)
    assert str(corpus) in window.services.settings.roots  # the folder stays
    window.add_paths([])  # "Update index": the removed file does not come back
    qtbot.waitUntil(lambda: window.indexing, timeout=5000)
    qtbot.waitUntil(lambda: not window.indexing, timeout=120000)
    qtbot.wait(500)
    assert window.library.files_total == 1 and garden not in window.library._items


def test_library_size_is_stable_without_changes(window, qtbot, corpus):
    """The status bar's size counts the live index only: an update that changes nothing (or
    the clean-up of old versions) does not make it jump."""
    qtbot.waitUntil(lambda: window.library_open, timeout=60000)
    window.add_paths([str(corpus)])
    qtbot.waitUntil(lambda: window.indexing, timeout=5000)
    qtbot.waitUntil(lambda: not window.indexing and window.library.files_total == 2, timeout=120000)
    qtbot.wait(500)
    sizes = [window.library.index_bytes]
    for _ in range(2):
        window.add_paths([])
        qtbot.waitUntil(lambda: window.indexing, timeout=5000)
        qtbot.waitUntil(lambda: not window.indexing, timeout=120000)
        qtbot.wait(500)
        sizes.append(window.library.index_bytes)
    assert sizes[0] > 0 and max(sizes) - min(sizes) <= 0.02 * sizes[0], sizes
