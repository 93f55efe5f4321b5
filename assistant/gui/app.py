"""Entry point of the desktop app: `assistant` with no command calls run()."""
from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication, QIcon, QPalette, QColor
from PySide6.QtWidgets import QApplication

from assistant.core.services import Services
from assistant.gui import i18n
from assistant.gui.single_instance import SingleInstance

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
log = logging.getLogger(__name__)


def icon() -> QIcon:
    ic = QIcon()
    for name in ("assistant.svg", "assistant-256.png", "assistant-64.png"):
        p = RESOURCES / "icons" / name
        if p.exists():
            ic.addFile(str(p))
    return ic


def apply_color_scheme(app: QApplication) -> None:
    """Fusion with a palette that follows the system's light/dark setting (and its changes)."""
    from PySide6.QtCore import Qt

    app.setStyle("Fusion")
    dark = QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark
    if not dark:
        app.setPalette(app.style().standardPalette())
        return
    p = QPalette()
    base, window, text = QColor(30, 30, 30), QColor(45, 45, 45), QColor(230, 230, 230)
    for role, color in ((QPalette.ColorRole.Window, window), (QPalette.ColorRole.WindowText, text),
                        (QPalette.ColorRole.Base, base), (QPalette.ColorRole.AlternateBase, window),
                        (QPalette.ColorRole.Text, text), (QPalette.ColorRole.Button, window),
                        (QPalette.ColorRole.ButtonText, text), (QPalette.ColorRole.ToolTipBase, window),
                        (QPalette.ColorRole.ToolTipText, text), (QPalette.ColorRole.Highlight, QColor(42, 130, 218)),
                        (QPalette.ColorRole.HighlightedText, QColor(255, 255, 255)),
                        (QPalette.ColorRole.Link, QColor(100, 170, 255)),
                        (QPalette.ColorRole.PlaceholderText, QColor(150, 150, 150))):
        p.setColor(role, color)
    app.setPalette(p)


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("assistant")
    app.setOrganizationName("assistant")
    app.setWindowIcon(icon())
    apply_color_scheme(app)
    QGuiApplication.styleHints().colorSchemeChanged.connect(lambda _s: apply_color_scheme(app))
    return app


def process_age_ms() -> float:
    """Milliseconds since this process started (for the window-shown timing)."""
    try:
        import psutil

        return (time.time() - psutil.Process(os.getpid()).create_time()) * 1000
    except Exception:
        return float("nan")


def run(data_dir: str | os.PathLike | None = None) -> int:
    app = make_app()
    services = Services(data_dir)
    single = SingleInstance(services.data_dir)
    if single.notify_running():
        print("the assistant is already running for this library; brought it to the front", file=sys.stderr)
        return 0
    single.listen()
    i18n.install(app, services.settings.language)

    from assistant.gui.main_window import MainWindow

    window = MainWindow(services)
    window.setWindowIcon(app.windowIcon())
    single.activated.connect(window.bring_to_front)
    window.show()

    def shown() -> None:
        window.shown_ms = process_age_ms()
        log.info("window shown %.0f ms after process start", window.shown_ms)
        if os.environ.get("ASSISTANT_GUI_TIMING"):
            print(f"window shown {window.shown_ms:.0f} ms after process start", file=sys.stderr, flush=True)
        if os.environ.get("ASSISTANT_GUI_TIMING") == "quit":  # start-up checks of an installed build
            QTimer.singleShot(0, app.quit)

    QTimer.singleShot(0, shown)
    try:
        code = app.exec()
    finally:
        window.shutdown()
        single.close()
    if getattr(window, "threads_left", False):
        # Python's teardown would destroy a QThread that is still running, which aborts the
        # process ("QThread: Destroyed while thread is still running"). What that worker does is
        # committed atomically or redone on the next start, so leave without it.
        log.warning("a worker was still busy at exit; leaving without waiting for it")
        logging.shutdown()
        os._exit(code)
    return code
