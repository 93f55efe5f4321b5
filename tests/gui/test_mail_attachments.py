"""A mail's attachments are indexed from the data folder, but the library shows them inside their
mail (not as stray rows with a cache path)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from officemaker import make_eml  # noqa: E402


def test_attachments_are_listed_inside_their_mail(qtbot, window, tmp_path):
    docs = tmp_path / "mail"
    docs.mkdir()
    make_eml(docs / "invoice.eml", "Invoice 42", "Please find the invoice attached.",
             {"invoice-details.txt": b"The invoice total is 1250 euros, due on the last day of March."})
    qtbot.waitUntil(lambda: window.library_open, timeout=60000)
    window.add_paths([str(docs)])
    qtbot.waitUntil(lambda: window.indexing, timeout=5000)
    qtbot.waitUntil(lambda: not window.indexing, timeout=120000)
    lib = window.library
    mail = lib._items[str(docs / "invoice.eml")]
    kids = [mail.child(i) for i in range(mail.childCount())]
    assert [k.text(0) for k in kids] == ["📎 invoice-details.txt"]
    tops = [lib.tree.topLevelItem(i).text(0) for i in range(lib.tree.topLevelItemCount())]
    assert tops == [str(docs)]  # no stray row for the attachment's cache path

    # The next start builds the list from the library's status: the same nesting.
    from assistant.core.services import Services
    from assistant.gui.main_window import MainWindow

    again = MainWindow(Services(window.services.data_dir))
    qtbot.addWidget(again)
    again.show()
    try:
        qtbot.waitUntil(lambda: str(docs / "invoice.eml") in again.library._items, timeout=60000)
        mail = again.library._items[str(docs / "invoice.eml")]
        assert [mail.child(i).text(0) for i in range(mail.childCount())] == ["📎 invoice-details.txt"]
        assert again.library.tree.topLevelItemCount() == 1
    finally:
        again.shutdown()
