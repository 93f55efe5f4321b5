"""Smoke test of a built one-folder bundle, as a user meets it (Linux; run before each release).

    python3 packaging/smoke_test.py [dist/assistant] [--pip .venv/bin/python] [--repeat 3]

Copies the bundle into an empty folder outside the source tree and runs it there with a fresh
HOME, a bare environment (no virtual environment, no PYTHONPATH) and its own Xvfb display:
the window opens and closes cleanly; a folder of documents made here (PDF, Markdown, HTML, a
Japanese text and a broken PDF) is indexed; a question gets an answer with its quotes and
sources (file and page); the window opens again on that library; the bundle's folder is not
written to. Start-up is timed (spawn -> window shown). With --pip, the pip-installed app (that
Python's `-m assistant`) is timed the same way and then reads the library the bundle wrote:
one data dir for both, nothing re-indexed.

Needs only the standard library (and Xvfb, unless DISPLAY is set and --no-xvfb is given).
Takes about 2 minutes on a 2-core VM, most of it in the first index and answer.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from pdfmaker import make_pdf  # noqa: E402  (stdlib only: PDFs written byte by byte)

FACT = "Descale the coffee machine every 90 days with the citric acid descaler."
QUESTION = "How often should I descale the coffee machine?"


class Failed(Exception):
    pass


def check(cond, what: str) -> None:
    if not cond:
        raise Failed(what)
    print(f"  ok  {what}", flush=True)


def make_documents(docs: Path) -> None:
    docs.mkdir(parents=True)
    make_pdf(docs / "manual.pdf", [
        "Coffee machine manual. Chapter 1: unpacking and first use. Fill the tank with fresh water.",
        f"Chapter 2: care. {FACT} Rinse the tank afterwards with clean water.",
    ])
    (docs / "warranty.md").write_text(
        "# Warranty\n\nThe warranty period is two years from the date of purchase.\n", encoding="utf-8")
    (docs / "faq.html").write_text(
        "<html><body><h1>FAQ</h1><h2>Noise</h2><p>A grinding noise means the bean hopper is empty.</p>"
        "</body></html>", encoding="utf-8")
    (docs / "nihongo.txt").write_text("コーヒーメーカーは九十日ごとに除石灰してください。\n", encoding="utf-8")
    (docs / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <<\nthis is not a pdf\n")


def start_xvfb() -> tuple[subprocess.Popen, str]:
    r, w = os.pipe()
    proc = subprocess.Popen(["Xvfb", "-displayfd", str(w), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                            pass_fds=(w,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(w)
    with os.fdopen(r) as f:
        display = f.readline().strip()
    if not display:
        proc.kill()
        raise Failed("Xvfb did not start")
    return proc, f":{display}"


def bare_env(home: Path, display: str, **extra) -> dict:
    """What a fresh desktop session gives a double-clicked app: no venv, no PYTHONPATH."""
    run_dir = home / ".run"
    run_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    env = {"HOME": str(home), "PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8",
           "DISPLAY": display, "XDG_RUNTIME_DIR": str(run_dir), "QT_QPA_PLATFORM": "xcb"}
    env.update(extra)
    return env


def run(cmd: list[str], env: dict, timeout: float, cwd: Path) -> tuple[subprocess.CompletedProcess, float]:
    t0 = time.perf_counter()
    p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout, cwd=str(cwd))
    return p, time.perf_counter() - t0


def window_start(cmd: list[str], env: dict, cwd: Path) -> dict:
    """Spawn -> 'window shown' on stderr (wall clock, and the app's own figure), then the app
    quits by itself (ASSISTANT_GUI_TIMING=quit) and must exit 0."""
    env = dict(env, ASSISTANT_GUI_TIMING="quit")
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd + ["gui"], env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                         text=True, cwd=str(cwd))
    shown_s, app_ms, lines = None, None, []
    for line in p.stderr:
        lines.append(line)
        if "window shown" in line and shown_s is None:
            shown_s = time.perf_counter() - t0
            app_ms = float(line.split("window shown")[1].split("ms")[0])
    rc = p.wait(120)
    if rc != 0 or shown_s is None:
        raise Failed(f"the window did not open and close cleanly (exit {rc}): {''.join(lines)[-1500:]}")
    return {"shown_s": round(shown_s, 3), "app_reported_s": round(app_ms / 1000, 3), "exit_s":
            round(time.perf_counter() - t0, 3), "stderr": "".join(lines)}


def listing(folder: Path) -> dict:
    return {str(p.relative_to(folder)): p.lstat().st_size for p in folder.rglob("*")}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("bundle", nargs="?", default=str(REPO / "dist" / "assistant"))
    ap.add_argument("--pip", help="a Python with the app pip-installed, to compare start-up and share the data dir")
    ap.add_argument("--repeat", type=int, default=3, help="warm window starts to time (default 3)")
    ap.add_argument("--no-xvfb", action="store_true", help="use $DISPLAY instead of a private Xvfb")
    ap.add_argument("--keep", action="store_true", help="keep the scratch folder")
    args = ap.parse_args()

    bundle = Path(args.bundle).resolve()
    if not (bundle / "assistant").is_file():
        print(f"no bundle at {bundle} (build it with packaging/linux/build.sh)", file=sys.stderr)
        return 2
    t_all = time.perf_counter()
    scratch = Path(tempfile.mkdtemp(prefix="assistant-smoke-"))
    xvfb, display = (None, os.environ.get("DISPLAY", "")) if args.no_xvfb else start_xvfb()
    report: dict = {"bundle": str(bundle)}
    try:
        app = scratch / "app"
        shutil.copytree(bundle, app, symlinks=True)
        exe = [str(app / "assistant")]
        before = listing(app)
        home = scratch / "home"
        home.mkdir()
        env = bare_env(home, display)
        work = scratch / "elsewhere"  # the working directory: neither the source tree nor the bundle
        work.mkdir()
        docs = scratch / "docs"
        make_documents(docs)
        size = sum(s for s in before.values())
        report["bundle_mb"] = round(size / 2**20)
        print(f"bundle copied to {app} ({report['bundle_mb']} MB); HOME={home}; DISPLAY={display}")
        inside = app / "_internal"
        check((inside / "assistant/resources/translations/assistant_ja.qm").exists()
              and (inside / "PySide6/Qt/translations/qtbase_ja.qm").exists(), "Japanese translations bundled")
        check(any((inside / "llama_cpp/lib").glob("libllama.*")) and any((inside / "embedders").glob("*-int8-*.onnx")),
              "llama.cpp libraries and the exported embedder bundled")
        check(not any((inside / name).exists() for name in ("torch", "sentence_transformers", "transformers",
                                                             "pytest", "PySide6/QtWebEngineCore.abi3.so")),
              "no torch, transformers, pytest or Qt WebEngine in the bundle")

        print("window, first start (fresh HOME, empty library):")
        first = window_start(exe, env, work)
        check(True, f"window shown {first['shown_s']:.2f} s after spawn, exited 0 after {first['exit_s']:.2f} s")
        warm = [window_start(exe, env, work)["shown_s"] for _ in range(args.repeat)]
        report["window_first_s"] = first["shown_s"]
        report["window_warm_median_s"] = statistics.median(warm) if warm else None
        print(f"  warm starts: {', '.join(f'{w:.2f}' for w in warm)} s")

        print(f"index {docs}:")
        p, secs = run(exe + ["index", str(docs)], env, 600, work)
        check(p.returncode == 0, f"`assistant index` exit 0 in {secs:.1f} s ({p.stderr.strip().splitlines()[-1:]})")
        report["index_s"] = round(secs, 1)
        p, _ = run(exe + ["status", "--json"], env, 120, work)
        check(p.returncode == 0, "`assistant status --json` exit 0")
        status = json.loads(p.stdout)
        data_dir = Path(status["data_dir"])
        check(data_dir == home / ".local" / "share" / "assistant", f"library in the user data dir {data_dir}")
        states = {Path(f["path"]).name: (f["state"], f["reason"]) for f in status["files"]}
        check(all(states[n][0] == "indexed" for n in ("manual.pdf", "warranty.md", "faq.html", "nihongo.txt")),
              "PDF, Markdown, HTML and Japanese text indexed")
        check(states["broken.pdf"][0] == "failed" and states["broken.pdf"][1],
              f"the broken PDF failed with a reason: {states['broken.pdf'][1]!r}")

        print(f"ask {QUESTION!r}:")
        p, secs = run(exe + ["ask", QUESTION, "--json"], env, 600, work)
        check(p.returncode == 0, f"`assistant ask --json` exit 0 in {secs:.1f} s")
        ans = json.loads(p.stdout.splitlines()[-1])
        report["ask_s"] = round(secs, 1)
        print(f"  answer: {ans['answer'].strip()[:300]!r}")
        top = ans["sources"][0] if ans["sources"] else {}
        check(Path(top.get("path", "")) == docs / "manual.pdf" and top.get("page") == 2,
              f"first source is manual.pdf page 2 ({top.get('path')}, page {top.get('page')})")
        check(any("90 days" in q["text"] and q["page"] == 2 for q in ans["quotes"]),
              "the answering sentence is quoted with its page")
        check(ans["answer"].strip() != "" and not ans.get("error"), f"an answer from {ans['model']}")
        report["answer"] = ans["answer"].strip()[:300]

        p, _ = run(exe + ["search", "warranty period", "-k", "3", "--json"], env, 300, work)
        hits = json.loads(p.stdout)["hits"] if p.returncode == 0 else []
        check(hits and Path(hits[0]["path"]).name == "warranty.md", "`assistant search --json` finds the warranty")

        # Programs the app starts (tesseract, nvidia-smi, xdg-open) must get the system's
        # libraries, not the bundle's: a stand-in nvidia-smi on PATH records what it inherits.
        fake = scratch / "fakebin"
        fake.mkdir()
        (fake / "nvidia-smi").write_text(f"#!/bin/sh\nenv > {scratch}/child.env\nexit 1\n")
        (fake / "nvidia-smi").chmod(0o755)
        p, _ = run(exe + ["models", "--json"], dict(env, PATH=f"{fake}:{env['PATH']}"), 300, work)
        child_env = (scratch / "child.env").read_text() if (scratch / "child.env").exists() else ""
        lib_path = [line for line in child_env.splitlines() if line.startswith("LD_LIBRARY_PATH=")]
        check(p.returncode == 0 and child_env and not any(str(app) in line for line in lib_path),
              "`assistant models --json` works, and a program it starts does not inherit the bundle's library path")

        print("window again, on the indexed library:")
        again = window_start(exe, env, work)
        check(True, f"window shown {again['shown_s']:.2f} s after spawn, exited 0")
        check("Traceback" not in again["stderr"], "no traceback on stderr")

        after = listing(app)
        check(after == before, "nothing written into the bundle's folder")
        check((data_dir / "settings.toml").exists() and (data_dir / "index").is_dir(),
              "settings.toml and index/ in the data dir")

        if (app / "install.sh").exists():
            print("install.sh (per-user install, menu entry):")
            p, _ = run(["sh", str(app / "install.sh")], env, 300, work)
            check(p.returncode == 0, f"install.sh exit 0 ({p.stdout.strip()})")
            entry = home / ".local" / "share" / "applications" / "assistant.desktop"
            check(entry.exists() and f'Exec="{home}/.local/opt/assistant/assistant" gui' in entry.read_text(),
                  "menu entry points at the installed app")
            check((home / ".local/share/icons/hicolor/256x256/apps/assistant.png").exists(), "icon installed")
            p, _ = run([str(home / ".local" / "bin" / "assistant"), "status", "--json"], env, 120, work)
            check(p.returncode == 0 and len(json.loads(p.stdout)["files"]) == len(status["files"]),
                  "~/.local/bin/assistant runs the installed app on the same library")
            p, _ = run(["sh", str(home / ".local/opt/assistant/install.sh"), "--uninstall"], env, 120, work)
            check(p.returncode == 0 and not entry.exists() and (data_dir / "index").is_dir(),
                  "--uninstall removes the app and keeps the library")

        if args.pip:
            print(f"pip-installed app ({args.pip}):")
            phome = scratch / "pip-home"
            phome.mkdir()
            penv = bare_env(phome, display)
            # Its first start exports the embedder with torch (tens of seconds, in the background);
            # a window closed during that export is another matter than start-up, so the export is
            # done first, by indexing the same folder (what a user does first anyway).
            p, secs = run([args.pip, "-m", "assistant", "index", str(docs)], penv, 900, work)
            check(p.returncode == 0, f"pip-installed app: index (with the one-time ONNX export) in {secs:.1f} s")
            report["pip_index_with_export_s"] = round(secs, 1)
            pfirst = window_start([args.pip, "-m", "assistant"], penv, work)
            pwarm = [window_start([args.pip, "-m", "assistant"], penv, work)["shown_s"] for _ in range(args.repeat)]
            report["pip_window_first_s"] = pfirst["shown_s"]
            report["pip_window_warm_median_s"] = statistics.median(pwarm) if pwarm else None
            print(f"  first {pfirst['shown_s']:.2f} s; warm {', '.join(f'{w:.2f}' for w in pwarm)} s")
            # The bundle's library, opened by the pip-installed app: the same data dir by default,
            # the same formats, the same embedder id (nothing to re-embed).
            p, _ = run([args.pip, "-m", "assistant", "status", "--json"], env, 300, work)
            check(p.returncode == 0 and json.loads(p.stdout)["data_dir"] == str(data_dir),
                  "the pip-installed app uses the same data dir")
            p, _ = run([args.pip, "-m", "assistant", "index", str(docs)], env, 600, work)
            check(p.returncode == 0 and "0 to index" in p.stderr,
                  f"and finds nothing to re-index ({p.stderr.strip().splitlines()[:1]})")
    except (Failed, subprocess.TimeoutExpired, json.JSONDecodeError, KeyError, IndexError) as exc:
        print(f"FAILED: {exc}", file=sys.stderr)
        return 1
    finally:
        if xvfb is not None:
            xvfb.terminate()
            xvfb.wait(10)
        if args.keep:
            print(f"kept {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    report["total_s"] = round(time.perf_counter() - t_all, 1)
    print(json.dumps(report, ensure_ascii=False))
    print(f"PASSED in {report['total_s']:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
