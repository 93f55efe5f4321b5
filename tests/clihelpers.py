"""Helpers shared by the core tests: a real library on disk built from files the tests make,
and the `assistant` command run as a user runs it. (Not in conftest.py: tests/gui has its own
conftest, and two modules named conftest cannot both be imported by name.)"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from pdfmaker import make_encrypted_pdf, make_pdf  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

WARRANTY = ("Warranty terms. The Zephyr 3000 espresso machine is covered by a limited warranty of 36 months "
            "from the date of purchase. The warranty does not cover descaling damage caused by hard water.")
MAINTENANCE = ("Maintenance schedule. Descale the Zephyr 3000 every 90 days with citric acid. "
               "Replace the water filter cartridge after 60 litres or two months, whichever comes first.")


def make_library(root: Path) -> Path:
    """A small mixed-format folder: PDF (3 pages), HTML, Markdown, Japanese text, an encrypted PDF."""
    root.mkdir(parents=True, exist_ok=True)
    make_pdf(root / "manual.pdf", [
        "Zephyr 3000 user manual. Safety instructions: always unplug the machine before cleaning it.",
        WARRANTY,
        MAINTENANCE,
    ], title="Zephyr 3000 manual")
    (root / "notes.md").write_text(
        "# Garden notes\n\n## Tomatoes\n\nTomatoes need at least eight hours of direct sunlight a day "
        "and should be watered deeply twice a week.\n\n## Roses\n\nPrune roses in late winter, just "
        "before new growth starts.\n", encoding="utf-8")
    (root / "page.html").write_text(
        "<html><head><title>Lease agreement</title><style>.x{color:red}</style>"
        "<script>var secret='do not index me';</script></head><body><h1>Lease agreement</h1>"
        "<h2>Rent</h2><p>The monthly rent is 1,450 euros, due on the first business day of each month.</p>"
        "<h2>Notice period</h2><p>Either party may end the lease with three months' written notice.</p>"
        "</body></html>", encoding="utf-8")
    (root / "契約.txt").write_text(
        "賃貸契約の概要。家賃は毎月二十五日までに支払うこと。ペットの飼育は禁止されています。"
        "解約する場合は二か月前までに書面で通知しなければなりません。", encoding="utf-8")
    make_encrypted_pdf(root / "locked.pdf", "Top secret salary figures.")
    return root


def run_cli(*args: str, data_dir: Path, stdin: str | None = None, env: dict | None = None,
            timeout: float = 600) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "assistant", "--data-dir", str(data_dir), *args],
                          input=stdin, capture_output=True, text=True, timeout=timeout, env=full_env)


def json_lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


