"""Loads the UI translation that matches the settings' language or the system locale."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

TRANSLATIONS = Path(__file__).resolve().parent.parent / "resources" / "translations"


def language(setting: str) -> str:
    """"ja", "en", ...: the setting when set, else the system's UI language."""
    if setting:
        return setting
    return QLocale.system().name().split("_")[0]


def install(app, setting: str) -> list[QTranslator]:
    lang = language(setting)
    loaded = []
    # Dates and numbers (the chat list's dates) follow the UI language too.
    QLocale.setDefault(QLocale(lang) if setting else QLocale.system())
    if lang == "en":
        return loaded
    ours = QTranslator(app)
    if ours.load(str(TRANSLATIONS / f"assistant_{lang}.qm")):
        app.installTranslator(ours)
        loaded.append(ours)
    # Qt's own strings (Yes/No, the folder dialog's "Look in:", "Files of type:") in the same
    # language: qt_<lang>.qm is Qt's catalog that loads qtbase_<lang> and the other modules.
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in (f"qt_{lang}", f"qtbase_{lang}"):
        qt = QTranslator(app)
        if qt.load(name, qt_dir):
            app.installTranslator(qt)
            loaded.append(qt)
            break
    return loaded
