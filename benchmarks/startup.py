"""Start-up times, each in a fresh process (what a user waits for after a click or a command):

- status_cold_s: `python -m assistant --data-dir D status` from spawn to exit.
- first_search_s: spawn -> Services(D).retriever.search(...) returned (embedder load included).
- window_s: spawn -> the GUI's main window shown with the event loop running, when
  assistant/gui/app.py exists; measured with an offscreen Qt platform by wrapping
  QApplication.exec so that, once the loop runs, the time is printed and the app quits.
  Otherwise reported as pending.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.common import REPO_ROOT, child_env, log, median

_FIRST_SEARCH = """
import time, sys
t0 = time.perf_counter()
import assistant
from assistant.core.services import Services
s = Services(sys.argv[1])
hits = s.retriever.search("how do I configure the network", k=10)
print({"hits": len(hits), "in_process_s": time.perf_counter() - t0})
"""

# Runs the app's own entry point with its timing hook on (ASSISTANT_GUI_TIMING prints "window
# shown N ms after process start" on stderr). QApplication.exec (a static method) is wrapped so
# that once the event loop runs and a top-level window is visible, the spawn->shown time is
# printed too and the app quits (it would otherwise wait for a user).
_WINDOW = r"""
import json, sys, time
T0 = float(sys.argv[2])
from PySide6 import QtCore, QtWidgets
_orig_exec = QtWidgets.QApplication.exec
def _exec(*a, **kw):
    app = QtWidgets.QApplication.instance()
    def check():
        shown = [w for w in app.topLevelWidgets() if w.isVisible()]
        if shown:
            print(json.dumps({"window_s": time.time() - T0, "title": shown[0].windowTitle()}), flush=True)
            QtCore.QTimer.singleShot(50, app.quit)
        else:
            QtCore.QTimer.singleShot(20, check)
    QtCore.QTimer.singleShot(0, check)
    return _orig_exec()
QtWidgets.QApplication.exec = staticmethod(_exec)
from assistant.gui.app import run
sys.exit(run(sys.argv[1]))
"""
_APP_SAYS = re.compile(r"window shown (\d+(?:\.\d+)?) ms after process start")


def _wall(cmd: list[str], timeout: float = 300, env=None) -> tuple[float, str, str]:
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env or child_env(),
                       cwd=str(REPO_ROOT))
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        raise RuntimeError(f"exit {p.returncode}: {p.stderr.strip()[-1500:]}")
    return wall, p.stdout, p.stderr


def build_tiny_index(corpus: Path, data_dir: Path) -> Path:
    """Two small FAQ pages: enough for a search to return something, quick to build."""
    import assistant  # noqa: F401
    from assistant.core.services import Services

    files = sorted(corpus.rglob("*.html"), key=lambda p: p.stat().st_size)[:2]
    s = Services(str(data_dir))
    for _ in s.index([str(f) for f in files]):
        pass
    s.close()
    return data_dir


def measure(tiny_data_dir: Path, repeat: int = 3) -> dict:
    res = {}
    status, search = [], []
    for _ in range(repeat):
        status.append(_wall([sys.executable, "-m", "assistant", "--data-dir", str(tiny_data_dir), "status"])[0])
        search.append(_wall([sys.executable, "-c", _FIRST_SEARCH, str(tiny_data_dir)])[0])
    res["status_cold_s"] = median(status)
    res["first_search_s"] = median(search)
    res["runs"] = {"status_cold_s": status, "first_search_s": search}

    app = REPO_ROOT / "assistant" / "gui" / "app.py"
    if not app.exists():
        res["window_s"] = None
        res["window_note"] = "pending: assistant/gui/app.py does not exist yet"
        return res
    env = child_env(QT_QPA_PLATFORM=os.environ.get("BENCH_QT_PLATFORM", "offscreen"), ASSISTANT_GUI_TIMING="1")
    times, app_times = [], []
    try:
        for _ in range(repeat):
            _, out, err = _wall([sys.executable, "-c", _WINDOW, str(tiny_data_dir), repr(time.time())],
                                timeout=120, env=env)
            lines = [l for l in out.splitlines() if l.startswith("{")]
            if not lines:
                raise RuntimeError("the app exited without showing a window")
            times.append(json.loads(lines[-1])["window_s"])
            m = _APP_SAYS.search(err)
            if m:
                app_times.append(float(m.group(1)) / 1000)
        res["window_s"] = median(times)
        res["window_app_reported_s"] = median(app_times)
        res["runs"]["window_s"] = times
        res["runs"]["window_app_reported_s"] = app_times
        res["window_note"] = f"offscreen Qt platform ({env['QT_QPA_PLATFORM']}); no real display"
    except Exception as exc:  # noqa: BLE001 - the GUI is work in progress; say why, do not stop
        log(f"startup: window measure failed: {str(exc)[-500:]}")
        res["window_s"] = None
        res["window_note"] = f"pending: {str(exc)[-300:]}"
    return res
