"""The app as a user starts it: window-shown time, one instance per library, light imports."""
import os
import subprocess
import sys
import time

HEAVY = ("torch", "sentence_transformers", "llama_cpp", "lancedb")


def test_gui_modules_do_not_import_heavy_libraries():
    code = ("import sys, assistant.gui.app, assistant.gui.main_window;"
            f"print([m for m in {HEAVY!r} if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert out.stdout.strip() == "[]", out.stderr


def test_window_shows_fast_and_second_launch_hands_over(data_dir, record_property):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ASSISTANT_GUI_TIMING="1")
    cmd = [sys.executable, "-m", "assistant", "--data-dir", str(data_dir)]
    first = subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, text=True)
    try:
        line = ""
        deadline = time.time() + 60
        while time.time() < deadline and "window shown" not in line:
            line = first.stderr.readline()
        assert "window shown" in line, line
        shown_ms = float(line.split("window shown")[1].split("ms")[0])
        record_property("window_shown_ms", shown_ms)
        print(f"\nwindow shown {shown_ms:.0f} ms after process start")
        # Generous: a loaded 2-core CI box; on a desktop this is well under a second.
        assert shown_ms < 5000
        second = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60)
        assert second.returncode == 0
        assert "already running" in second.stderr
        assert first.poll() is None  # the first one is still there
    finally:
        first.kill()
        first.wait(30)


def test_timing_quit_closes_the_window_cleanly(data_dir):
    """ASSISTANT_GUI_TIMING=quit: shown, then the app quits on its own with exit 0 (the installers'
    smoke test and start-up measure rely on it)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ASSISTANT_GUI_TIMING="quit")
    out = subprocess.run([sys.executable, "-m", "assistant", "--data-dir", str(data_dir), "gui"],
                         env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "window shown" in out.stderr
    assert "Traceback" not in out.stderr
