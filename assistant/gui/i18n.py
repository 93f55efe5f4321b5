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
    if lang == "en":
        return loaded
    ours = QTranslator(app)
    if ours.load(str(TRANSLATIONS / f"assistant_{lang}.qm")):
        app.installTranslator(ours)
        loaded.append(ours)
    # Qt's own strings (OK/Cancel, file dialogs) in the same language, when Qt ships them.
    qt = QTranslator(app)
    if qt.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        loaded.append(qt)
    return loaded
