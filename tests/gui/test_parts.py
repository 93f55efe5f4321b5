"""Smaller pieces: saved chats, Markdown safety, settings, model errors, single instance, Japanese."""
import json

from PySide6.QtCore import QCoreApplication, Qt, QUrl

from assistant.gui import markdown
from assistant.gui.conversations import ConversationStore, Message


def test_conversations_roundtrip(tmp_path):
    store = ConversationStore(tmp_path)
    from assistant.gui.conversations import Conversation

    c = Conversation(title="first")
    c.messages.append(Message("user", "hello"))
    store.save(c)
    assert [x.id for x in store.list()] == [c.id]
    assert store.rename(c.id, "renamed").title == "renamed"
    assert json.loads((tmp_path / "conversations" / f"{c.id}.json").read_text())["title"] == "renamed"
    (tmp_path / "conversations" / "broken.json").write_text("{not json")
    assert len(store.list()) == 1  # a broken file is skipped, not fatal
    store.delete(c.id)
    assert store.list() == []


def test_markdown_escapes_user_text_and_links_citations():
    msgs = [Message("user", "<img src=http://x/y.png> **hi** [1](http://evil)"),
            Message("assistant", "Tea was brewed in a kettle [1]. Also [7].",
                    sources=[{"n": 1, "path": "/d/a.pdf", "page": 2, "text": "kettle", "label": "a.pdf, page 2"}])]
    md = markdown.render(msgs, {"you": "You", "assistant": "A", "sources": "S", "stopped": "x"})
    assert "\\<img" in md and "\\*\\*hi" in md
    assert "(cite:1/1)" in md and "(cite:1/7)" not in md  # only known sources become links
    assert "(src:1/1)" in md


def test_safe_browser_never_loads_or_follows(qtbot, tmp_path):
    from assistant.gui.chat_view import ChatView

    view = ChatView(ConversationStore(tmp_path))
    qtbot.addWidget(view)
    assert view.browser.loadResource(2, QUrl("http://example.com/x.png")) is None
    assert not view.browser.openLinks() and not view.browser.openExternalLinks()
    clicked = []
    view.source_activated.connect(clicked.append)
    view.browser.anchorClicked.emit(QUrl("https://example.com"))
    assert clicked == []


def test_enter_sends_shift_enter_newline_escape_stops(qtbot, tmp_path):
    from assistant.gui.chat_view import ChatView

    view = ChatView(ConversationStore(tmp_path))
    qtbot.addWidget(view)
    view.set_ready(True)
    asked = []
    view.ask_requested.connect(lambda r, q: asked.append(q))
    qtbot.keyClicks(view.input, "line one")
    qtbot.keyClick(view.input, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(view.input, "line two")
    assert view.input.toPlainText() == "line one\nline two"
    qtbot.keyClick(view.input, Qt.Key.Key_Return)
    assert asked == ["line one\nline two"] and view.busy
    stops = []
    view.stop_requested.connect(lambda: stops.append(1))
    qtbot.keyClick(view.input, Qt.Key.Key_Escape)
    assert stops == [1]


def test_bad_model_is_reported_not_kept_and_app_stays_usable(window, qtbot, tmp_path):
    from assistant.core.services import Services

    qtbot.waitUntil(lambda: window.model_info is not None, timeout=60000)
    before = window.services.settings.model_path
    bad = tmp_path / "broken.gguf"
    bad.write_bytes(b"GGUF" + b"\x03\x00\x00\x00" + b"this is not a model" * 10)
    dialog = window.open_settings()
    dialog.model.addItem("broken", str(bad))
    dialog.model.setCurrentIndex(dialog.model.count() - 1)
    dialog.sources.setValue(3)
    dialog.accept()
    qtbot.waitUntil(lambda: "broken.gguf" in window.last_error, timeout=30000)
    assert "previous model" in window.last_error
    # The failed file is not the choice: the previous model is saved back and loaded again;
    # the other settings changed in the same dialog stay.
    assert window.services.settings.model_path == before
    again = Services(window.data_dir).settings
    assert again.model_path == before and again.sources == 3
    qtbot.waitUntil(lambda: window.model_info is not None and not window.busy.isVisible(), timeout=60000)
    assert "failed" not in window.model_label.text()
    # Still usable: the library opens and the window answers.
    qtbot.waitUntil(lambda: window.library_open, timeout=60000)
    assert window.chat.send_button.isEnabled()


def test_second_instance_activates_the_first(qtbot, tmp_path):
    from assistant.gui.single_instance import SingleInstance

    first = SingleInstance(tmp_path)
    assert not first.notify_running(200)
    assert first.listen()
    try:
        with qtbot.waitSignal(first.activated, timeout=5000):
            assert SingleInstance(tmp_path).notify_running(2000)
        assert not SingleInstance(tmp_path / "other").notify_running(200)
    finally:
        first.close()


def test_japanese_translation_loads(qapp):
    from assistant.gui import i18n

    translators = i18n.install(qapp, "ja")
    try:
        assert translators
        assert QCoreApplication.translate("LibraryPanel", "Add folder…") == "フォルダーを追加…"
        assert QCoreApplication.translate("MainWindow", "Document Assistant") == "ドキュメント アシスタント"
    finally:
        for t in translators:
            qapp.removeTranslator(t)


def test_chat_sidebar_rename_and_delete(qtbot, tmp_path):
    from assistant.gui.conversation_list import ConversationList
    from assistant.gui.conversations import Conversation

    store = ConversationStore(tmp_path)
    a, b = Conversation(title="alpha"), Conversation(title="beta")
    for c in (a, b):
        c.messages.append(Message("user", c.title))
        store.save(c)
    sidebar = ConversationList(store)
    qtbot.addWidget(sidebar)
    assert sidebar.list.count() == 2
    opened = []
    sidebar.opened.connect(opened.append)
    sidebar.rename(a.id, "renamed")
    assert opened[-1].title == "renamed"
    assert "renamed" in [sidebar.list.item(i).text().splitlines()[0] for i in range(sidebar.list.count())]
    with qtbot.waitSignal(sidebar.deleted):
        sidebar.delete(b.id)
    assert [c.id for c in store.list()] == [a.id]


def test_library_folders_are_watched(window, qtbot, corpus):
    """A file added to a library folder on disk is indexed, and a deleted one removed,
    without the user asking."""
    qtbot.waitUntil(lambda: window.library_open, timeout=60000)
    window.add_paths([str(corpus)])
    qtbot.waitUntil(lambda: window.indexing, timeout=5000)
    qtbot.waitUntil(lambda: not window.indexing and window.library.files_total == 2, timeout=120000)
    (corpus / "new-note.md").write_text("# Kites\n\nA note about flying kites on the beach.\n")
    qtbot.waitUntil(lambda: window.library.files_total == 3, timeout=60000)
    (corpus / "garden.md").unlink()
    qtbot.waitUntil(lambda: window.library.files_total == 2 and not window.indexing, timeout=60000)
