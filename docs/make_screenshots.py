"""Drives the real app under an X server and saves the screenshots in docs/.

    Xvfb :99 -screen 0 1400x900x24 &
    DISPLAY=:99 .venv/bin/python docs/make_screenshots.py CORPUS_DIR DATA_DIR [ja] [QUESTION]

Steps: empty state, indexing, an answer with its quotes and sources, the viewer opened from the
first quote (its whole sentence highlighted; the first PDF source when there is no quote); a
DATA_DIR already indexed (a copy of one) skips the empty and indexing shots. With "ja" it takes
the Japanese UI instead (settings language = ja; give it a Japanese corpus
and its own DATA_DIR for Japanese answers). Screens are grabbed with ImageMagick's
`import -window root`, i.e. exactly what the X server shows.
"""
import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer, QUrl

from assistant.core.services import Services
from assistant.gui import app as gui_app
from assistant.gui import i18n

DOCS = Path(__file__).resolve().parent


def main() -> int:
    corpus, data = sys.argv[1], sys.argv[2]
    lang = sys.argv[3] if len(sys.argv) > 3 else ""
    qapp = gui_app.make_app()
    services = Services(data)
    if lang:
        services.settings.language = lang
        services.save_settings()
    i18n.install(qapp, services.settings.language)
    from assistant.gui.main_window import MainWindow

    w = MainWindow(services)
    w.resize(1400, 860)
    w.move(0, 0)
    w.show()
    suffix = f"-{lang}" if lang else ""
    question = sys.argv[4] if len(sys.argv) > 4 else (
        "aptとaptitudeの違いは何ですか?" if lang == "ja" else "What is the difference between apt and aptitude?")
    steps = []

    def shot(name):
        qapp.processEvents()
        time.sleep(0.3)
        qapp.processEvents()
        out = DOCS / f"screenshot-{name}{suffix}.png"
        subprocess.run(["import", "-window", "root", str(out)], check=True)
        print("saved", out, flush=True)

    def wait(cond, then, timeout_s=1800):
        t0 = time.time()

        def poll():
            if cond():
                then()
            elif time.time() - t0 > timeout_s:
                print("timed out", flush=True)
                qapp.quit()
            else:
                QTimer.singleShot(200, poll)
        poll()

    def empty():
        if w.library.files_total:  # already indexed: only the answer and the viewer
            wait(lambda: not w.indexing and w.model_info, ask)
            return
        if not lang:
            shot("empty")
        w.add_paths([corpus])
        if lang:  # the Japanese run: no empty or indexing shots, straight to the answer
            wait(lambda: not w.indexing and w.model_info and w.library.files_total, ask)
            return
        wait(lambda: w.indexing and w.library.progress.maximum() > 1
             and w.library.progress.value() >= 30, indexing)

    def indexing():
        shot("indexing")
        wait(lambda: not w.indexing and w.model_info, ask)

    def ask():
        w.chat.input.setPlainText(question)
        w.chat.send()
        wait(lambda: not w.chat.busy, answered, 600)

    def answered():
        shot("answer")
        msg = w.chat.conversation.messages[-1]
        idx = len(w.chat.conversation.messages) - 1
        pdf = [s for s in msg.sources if s["path"].endswith(".pdf") and s.get("page")]
        if msg.quotes:
            w.chat.browser.anchorClicked.emit(QUrl(f"quote:{idx}/0"))
        elif pdf:
            w.chat.browser.anchorClicked.emit(QUrl(f"src:{idx}/{pdf[0]['n']}"))
        else:
            print("no quote and no PDF source in the answer", flush=True)
            qapp.quit()
            return
        w.viewer.move(300, 0)
        w.viewer.resize(1000, 880)
        QTimer.singleShot(2500, viewer)

    def viewer():
        shot("viewer")
        w.close()
        qapp.quit()

    wait(lambda: w.library_open, empty)
    rc = qapp.exec()
    w.shutdown()
    return rc


if __name__ == "__main__":
    sys.exit(main())
