"""Settings → Models: an answer server's URL, model name and key. The key goes to the system
keyring (never settings.toml); without a keyring the dialog stays open and says what to do."""
import keyring
import keyring.backend
from keyring.backends import fail

from assistant.core.platform import config, secrets
from assistant.core.platform.config import Settings
from assistant.gui.settings_dialog import SettingsDialog, model_changed


class MemoryKeyring(keyring.backend.KeyringBackend):
    """Stands in for the desktop's keyring service (none runs on a test machine)."""
    priority = 1

    def __init__(self):
        super().__init__()
        self.items = {}

    def get_password(self, service, username):
        return self.items.get((service, username))

    def set_password(self, service, username, password):
        self.items[(service, username)] = password

    def delete_password(self, service, username):
        self.items.pop((service, username), None)


def test_url_model_and_key_are_set_and_the_key_is_kept_out_of_settings(qtbot, tmp_path, monkeypatch):
    monkeypatch.delenv("ASSISTANT_LLM_URL", raising=False)
    monkeypatch.delenv(secrets.ENV, raising=False)
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    old = Settings()
    dialog = SettingsDialog(old, None)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.llm_url, "http://gpu-box:8080/v1")
    qtbot.keyClicks(dialog.llm_model, "qwen2.5-7b-instruct")
    qtbot.keyClicks(dialog.llm_key, "sk-secret")
    dialog.accept()
    new = dialog.result_settings()
    assert (new.llm_url, new.llm_model) == ("http://gpu-box:8080/v1", "qwen2.5-7b-instruct")
    assert model_changed(old, new)  # the window reloads the model: answers now come from the server
    assert secrets.api_key("http://gpu-box:8080/v1") == "sk-secret"
    config.save(tmp_path, new)
    assert "sk-secret" not in (tmp_path / config.FILENAME).read_text()


def test_without_a_keyring_the_dialog_says_to_use_the_environment(qtbot, monkeypatch):
    keyring.set_keyring(fail.Keyring())
    dialog = SettingsDialog(Settings(), None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.llm_url, "http://gpu-box:8080/v1")
    qtbot.keyClicks(dialog.llm_key, "sk-secret")
    dialog.accept()
    assert dialog.isVisible()  # not closed: the key would have been lost
    assert "ASSISTANT_LLM_API_KEY" in dialog.llm_note.text()


def test_the_status_bar_names_the_server(qtbot):
    from assistant.core.answer.remote_llm import RemoteLLM

    llm = RemoteLLM("http://gpu-box:8080", "qwen2.5-7b-instruct", key="")
    # MainWindow shows "Model: NAME (DEVICE)" for the loaded model.
    assert f"{llm.name} ({llm.device})" == "qwen2.5-7b-instruct (answers from http://gpu-box:8080/v1)"


def test_shared_folders_typed_in_settings_are_kept_and_read_back(qtbot, tmp_path):
    """Settings → Library: where a shared library's folders are on this computer, one per line,
    saved in settings.toml and shown again the next time."""
    dialog = SettingsDialog(Settings(), None)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.path_map, "/mnt/nas/docs => /Volumes/docs")
    new = dialog.result_settings()
    assert new.path_map == {"/mnt/nas/docs": "/Volumes/docs"}
    config.save(tmp_path, new)
    again, warning = config.load(tmp_path)
    assert warning is None and again.path_map == {"/mnt/nas/docs": "/Volumes/docs"}
    assert SettingsDialog(again, None).path_map.toPlainText() == "/mnt/nas/docs => /Volumes/docs"


def test_the_settings_dialog_fits_a_small_screen_and_scrolls(qtbot):
    """The groups are taller than a 1366x768 laptop screen shows: the dialog fits the screen
    (offscreen Qt's is 800x600), its OK button is on it, and the groups scroll."""
    from PySide6.QtGui import QGuiApplication

    dialog = SettingsDialog(Settings(), None)
    qtbot.addWidget(dialog)
    dialog.show()
    room = QGuiApplication.primaryScreen().availableGeometry().height()
    assert dialog.height() <= room
    from PySide6.QtWidgets import QDialogButtonBox, QScrollArea

    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    assert ok.isVisible() and ok.mapTo(dialog, ok.rect().bottomRight()).y() <= dialog.height()
    scroll = dialog.findChild(QScrollArea)
    assert scroll.verticalScrollBar().maximum() > 0  # the rest is a scroll away
    scroll.ensureWidgetVisible(dialog.path_map)
    assert dialog.path_map.visibleRegion().boundingRect().height() > 0
    # Never narrower than its groups: nothing is cut off on the right.
    dialog.resize(300, dialog.height())
    body = scroll.widget()
    assert scroll.viewport().width() >= body.minimumSizeHint().width()
