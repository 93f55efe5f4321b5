"""The Models page: a catalog model downloaded from an HTTP server on loopback (progress, the
file in the data dir's models folder, the row says installed, "Use this model" picks it in the
settings), a wrong hash shown as one sentence, and Cancel keeping the .part for a resume."""
import hashlib
import os

import modelserver
import pytest

from assistant.core.models import catalog, download


@pytest.fixture
def server():
    with modelserver.serving() as (handler, base):
        yield handler, base


def _catalog(monkeypatch, base, blob, digest):
    entry = catalog.Entry(name="tiny-test", kind="llm", repo="test/tiny", file="tiny-test.gguf", revision="abc123",
                          size_bytes=len(blob), sha256=digest, license="apache-2.0", parameters=1, context=2048,
                          japanese=True, note="")
    monkeypatch.setattr(catalog, "HUB", base)
    monkeypatch.setattr(catalog, "load", lambda path=catalog.CATALOG: [entry])
    return entry


def test_a_catalog_model_downloads_and_can_be_used(qtbot, monkeypatch, server, data_dir):
    from assistant.core.services import Services
    from assistant.gui.settings_dialog import SettingsDialog

    handler, base = server
    handler.blob = os.urandom(3_000_000)
    _catalog(monkeypatch, base, handler.blob, hashlib.sha256(handler.blob).hexdigest())
    services = Services(data_dir)
    settings = SettingsDialog(services.settings, None, services=services)
    qtbot.addWidget(settings)
    dialog = settings.open_models()
    try:
        row = dialog.row_of("tiny-test")
        assert row == 0
        assert dialog.table.item(row, 4).text() == "apache-2.0"  # the licence, before the download
        assert "apache-2.0" in dialog.details.text()
        assert dialog.table.item(row, 3).text() == "yes"
        assert dialog.table.item(row, 2).text() in ("fits", "tight", "too big")
        assert not dialog.use_button.isEnabled()
        dialog.select("tiny-test")
        dialog.download_button.click()
        assert dialog.status_text("tiny-test") == "downloading" and dialog.cancel_button.isEnabled()
        qtbot.waitUntil(lambda: dialog.downloading is None, timeout=30000)
        dest = data_dir / "models" / "tiny-test.gguf"
        assert dest.read_bytes() == handler.blob
        assert not download.part_path(dest).exists()
        assert dialog.status_text("tiny-test") == "installed"
        assert "downloaded and checked" in dialog.message.text()
        assert dialog.use_button.isEnabled() and not dialog.download_button.isEnabled()
        dialog.use_button.click()
        assert settings.model.currentData() == str(dest)
        assert settings.result_settings().model_path == str(dest)
    finally:
        dialog.done(0)


def test_a_wrong_hash_is_one_sentence_and_no_file(qtbot, monkeypatch, server, data_dir):
    from assistant.core.services import Services
    from assistant.gui.settings_dialog import SettingsDialog

    handler, base = server
    handler.blob = os.urandom(1_000_000)
    _catalog(monkeypatch, base, handler.blob, "0" * 64)
    services = Services(data_dir)
    settings = SettingsDialog(services.settings, None, services=services)
    qtbot.addWidget(settings)
    dialog = settings.open_models()
    dialog.select("tiny-test")
    dialog.download_button.click()
    qtbot.waitUntil(lambda: dialog.downloading is None, timeout=30000)
    text = dialog.message.text()
    assert "does not match its sha256" in text and "it was deleted" in text
    assert "\n" not in text and "Traceback" not in text
    assert dialog.status_text("tiny-test") == "failed"
    dest = settings.services.data_dir / "models" / "tiny-test.gguf"
    assert not dest.exists() and not download.part_path(dest).exists()
    assert dialog.download_button.isEnabled() and not dialog.use_button.isEnabled()
    dialog.done(0)


def test_cancel_keeps_the_part_and_download_resumes(qtbot, monkeypatch, server, data_dir):
    from assistant.core.services import Services
    from assistant.gui.models_page import ModelsDialog

    handler, base = server
    handler.blob = os.urandom(8_000_000)
    handler.slow = True
    _catalog(monkeypatch, base, handler.blob, hashlib.sha256(handler.blob).hexdigest())
    dialog = ModelsDialog(Services(data_dir), None)
    qtbot.addWidget(dialog)
    try:
        dialog.select("tiny-test")
        dialog.download_button.click()
        qtbot.waitUntil(lambda: dialog.progress.maximum() == 1000 and dialog.progress.value() > 0, timeout=30000)
        dialog.cancel_button.click()
        qtbot.waitUntil(lambda: dialog.downloading is None, timeout=30000)
        assert dialog.status_text("tiny-test") == "paused"
        dest = data_dir / "models" / "tiny-test.gguf"
        part = download.part_path(dest)
        assert part.exists() and 0 < part.stat().st_size < len(handler.blob)
        handler.slow = False
        dialog.download_button.click()
        qtbot.waitUntil(lambda: dialog.downloading is None, timeout=30000)
        assert dest.read_bytes() == handler.blob
        assert dialog.status_text("tiny-test") == "installed"
    finally:
        dialog.done(0)
