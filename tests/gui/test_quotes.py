"""Answers a user can trust (issue 9) and chats that carry their context (issue 10): the quotes
on screen before the model says a word, each opening its page with the whole sentence
highlighted; the small model said once, with a way to Settings → Models; what a follow-up
searched; a broken model that hides neither quotes nor sources. Real index, embedder and model."""
import json

from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextCharFormat, QTextCursor

from assistant.gui import markdown
from assistant.gui.conversations import Conversation, ConversationStore, Message
from assistant.gui.passages import _normalize


def norm(text: str) -> str:
    return _normalize(text)[0]


def highlighted_text(viewer) -> str:
    page, start, end = viewer.highlight_span
    if page is None:
        return viewer.text.toPlainText()[start:end]
    return viewer.pdf.getAllText(page).text()[start:end]


def index(window, qtbot, corpus):
    qtbot.waitUntil(lambda: window.library_open, timeout=60000)
    window.add_paths([str(corpus)])
    qtbot.waitUntil(lambda: window.indexing, timeout=5000)
    qtbot.waitUntil(lambda: not window.indexing, timeout=180000)
    assert window.last_index_completed is True, window.last_error


def ask(window, qtbot, question):
    window.chat.input.setPlainText(question)
    window.chat.send()
    qtbot.waitUntil(lambda: not window.chat.busy, timeout=180000)
    return len(window.chat.conversation.messages) - 1


def test_quotes_first_then_answer_follow_up_and_small_model(window, qtbot, corpus):
    index(window, qtbot, corpus)
    # What the browser shows at the moment the first token arrives (connected after the chat's
    # own slots, so it sees what the user sees then).
    seen_at_first_token = []
    window.model.token.connect(
        lambda _r, _t: seen_at_first_token.append(window.chat.browser.toPlainText())
        if not seen_at_first_token else None)
    quotes_signal = []
    window.model.quotes.connect(lambda r, q: quotes_signal.append(list(q)))
    asked = []
    window._ask.connect(lambda r, q, h: asked.append((q, h)))

    i = ask(window, qtbot, "In what did the keepers brew juniper tea?")
    msg = window.chat.conversation.messages[i]
    assert quotes_signal and quotes_signal[0], "no quotes"
    assert msg.quotes and "copper kettle" in msg.quotes[0]["text"], msg.quotes
    q0 = msg.quotes[0]
    assert q0["page"] == 2 and q0["path"].endswith("lighthouse.pdf")
    # Before any token, the quote and its page were on screen, above where the answer goes.
    assert seen_at_first_token, "the model wrote nothing"
    first = seen_at_first_token[0]
    assert "From your documents" in first and "copper kettle" in first and "lighthouse.pdf, page 2" in first
    shown = window.chat.browser.toPlainText()
    assert shown.index("copper kettle") < shown.index("Sources")
    # The bundled 270M model is small: said once, next to the answer, with a link to Settings.
    assert msg.small_model
    assert shown.count("small model") == 1
    assert "(settings:models)" in markdown.render(window.chat.conversation.messages, window.chat._labels())

    # Clicking the quote opens the page it is on, the whole sentence highlighted.
    window.chat.browser.anchorClicked.emit(QUrl(f"quote:{i}/0"))
    viewer = window.viewer
    assert viewer is not None and viewer.isVisible()
    qtbot.waitUntil(lambda: viewer.highlighted, timeout=5000)
    qtbot.wait(500)
    assert viewer.current_page() == 2
    assert viewer.highlight_span[0] == 1
    assert norm(highlighted_text(viewer)) == norm(q0["text"])
    assert "Quote:" in viewer.passage_label.text()

    # The note's link opens Settings on its model part.
    window.chat.browser.anchorClicked.emit(QUrl("settings:models"))
    dialog = window.settings_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.focusWidget() is dialog.model, timeout=3000)
    dialog.reject()

    # A follow-up: the chat's turns go with it, and the window says what was searched.
    j = ask(window, qtbot, "And how often was it polished?")
    assert asked[0] == ("In what did the keepers brew juniper tea?", [])
    q, hist = asked[1]
    assert q == "And how often was it polished?"
    assert hist and hist[-1][0] == "In what did the keepers brew juniper tea?" and hist[-1][1] == msg.text
    follow = window.chat.conversation.messages[j]
    assert "juniper" in follow.query.lower() and follow.query != q
    assert "Searched: " in window.chat.browser.toPlainText()
    assert any("Sunday" in x["text"] for x in follow.quotes), follow.quotes
    # ...and not under an answer whose search was the question itself.
    first_block = window.chat.browser.toPlainText().split("And how often")[0]
    assert "Searched: " not in first_block

    # Quotes are saved with the chat and come back with it.
    saved = ConversationStore(window.data_dir).load(window.chat.conversation.id)
    assert saved.messages[i].quotes == msg.quotes and saved.messages[i].small_model


def test_unsupported_terms_are_marked_with_a_tooltip_and_a_legend(qtbot, tmp_path):
    from assistant.gui.chat_view import ChatView

    view = ChatView(ConversationStore(tmp_path))
    qtbot.addWidget(view)
    conv = Conversation(title="t")
    conv.messages = [
        Message("user", "How many bytes for IPv4?"),
        Message("assistant", "Add 14 bytes to the payload with ping -s [1].",
                sources=[{"n": 1, "path": "/d/net.pdf", "page": 3, "heading": None,
                          "text": "Add 28 bytes for IPv4 and 48 for IPv6 with ping -s.", "cited": True}],
                quotes=[{"n": 1, "path": "/d/net.pdf", "page": 3, "heading": None,
                         "text": "Add 28 bytes for IPv4 and 48 for IPv6 with ping -s.", "start": 0, "end": 50}],
                unsupported=["14"]),
    ]
    view.show_conversation(conv)
    doc = view.browser.document()
    text = doc.toPlainText()
    assert "Dotted underline: not found in your documents" in text

    def fmt_at(pos: int) -> QTextCharFormat:
        c = QTextCursor(doc)
        c.setPosition(pos + 1)
        return c.charFormat()

    at = text.index("Add 14") + 4
    mark = fmt_at(at)
    assert mark.underlineStyle() == QTextCharFormat.UnderlineStyle.DotLine
    assert mark.toolTip() == "not found in your documents"
    # Only the unsupported term: "bytes" next to it, and the quote's "28", are left alone.
    assert fmt_at(text.index("bytes to the")).underlineStyle() != QTextCharFormat.UnderlineStyle.DotLine
    q28 = text.index("Add 28") + 4
    assert fmt_at(q28).underlineStyle() != QTextCharFormat.UnderlineStyle.DotLine
    # The quote reads as text, not as a blue link, and still opens the viewer.
    assert fmt_at(q28).isAnchor() and fmt_at(q28).anchorHref() == "quote:1/0"
    assert not fmt_at(q28).fontUnderline()
    opened = []
    view.quote_activated.connect(lambda src, sentence: opened.append((src, sentence)))
    view.browser.anchorClicked.emit(QUrl("quote:1/0"))
    assert opened and opened[0][0]["page"] == 3 and opened[0][1].startswith("Add 28 bytes")


def test_chats_saved_before_quotes_still_open(tmp_path):
    store = ConversationStore(tmp_path)
    (tmp_path / "conversations").mkdir()
    old = {"id": "abc123", "title": "old", "created": 1.0, "updated": 2.0,
           "messages": [{"role": "user", "text": "q"},
                        {"role": "assistant", "text": "a [1]", "cancelled": False, "timings": {},
                         "sources": [{"n": 1, "path": "/x.pdf", "page": 1, "text": "t"}]}]}
    (tmp_path / "conversations" / "abc123.json").write_text(json.dumps(old))
    conv = store.load("abc123")
    assert conv.messages[1].quotes == [] and conv.messages[1].unsupported == [] and not conv.messages[1].error
    md = markdown.render(conv.messages, {"you": "Y", "assistant": "A", "sources": "S", "stopped": "x"})
    assert "(src:1/1)" in md


def test_broken_model_keeps_quotes_and_sources_and_shows_the_error(window, qtbot, corpus, tmp_path):
    index(window, qtbot, corpus)
    qtbot.waitUntil(lambda: window.model_info is not None, timeout=60000)
    bad = tmp_path / "broken.gguf"
    bad.write_bytes(b"GGUF" + b"\x03\x00\x00\x00" + b"\x00" * 64)
    # A model that was fine when chosen and is broken now (a damaged file): the next question
    # still shows what the documents say.
    window.services.settings.model_path = str(bad)
    window.services.__dict__.pop("llm", None)
    i = ask(window, qtbot, "In what did the keepers brew juniper tea?")
    msg = window.chat.conversation.messages[i]
    assert msg.error
    assert msg.quotes and msg.sources
    shown = window.chat.browser.toPlainText()
    assert "copper kettle" in shown and "Sources" in shown
    assert "The model could not answer" in shown and "Settings → Models" in shown
    assert "failed" in window.model_label.text()


def test_paths_with_a_tilde_in_an_answer_are_not_struck_out(qtbot, tmp_path):
    """Two home-directory paths on a line ("~/.ssh/known_hosts" ... "~/.ssh/authorized_keys")
    read as Markdown strikethrough: the answer between them was shown struck out. A real
    strikethrough (~~) and a tilde in a code span stay as they are."""
    from assistant.gui.chat_view import ChatView

    view = ChatView(ConversationStore(tmp_path))
    qtbot.addWidget(view)
    conv = Conversation(title="t")
    answer = ("Remove the entry from ~/.ssh/known_hosts on the local host, not from ~/.ssh/authorized_keys.\n"
              "Run `ls ~/.ssh` first; the ~~old~~ key is gone.")
    conv.messages = [Message("user", "How do I reconnect?"), Message("assistant", answer)]
    view.show_conversation(conv)
    doc = view.browser.document()
    text = doc.toPlainText()
    assert "~/.ssh/known_hosts on the local host, not from ~/.ssh/authorized_keys." in text
    assert "ls ~/.ssh" in text and "\\" not in text

    def struck(pos: int) -> bool:
        c = QTextCursor(doc)
        c.setPosition(pos + 1)
        return c.charFormat().fontStrikeOut()

    assert not struck(text.index("on the local host"))
    assert struck(text.index("old key"))
