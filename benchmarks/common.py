"""Small helpers shared by the benchmark modules: statistics, peak-RSS sampling, subprocess runs."""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
DATA_DIR = BENCH_DIR / "data"
OUT_DIR = BENCH_DIR / "out"

# Both pipelines must run offline; the baseline's langchain/huggingface code reads these at import.
OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "TOKENIZERS_PARALLELISM": "false",
    "LANCEDB_TELEMETRY": "0",
    "ANONYMIZED_TELEMETRY": "False",
}


def set_offline_env() -> None:
    os.environ.update(OFFLINE_ENV)


def child_env(**extra: str) -> dict:
    env = dict(os.environ)
    env.update(OFFLINE_ENV)
    # Children import `benchmarks.*` and `assistant` from the checkout, wherever they are started.
    env["PYTHONPATH"] = os.pathsep.join([str(REPO_ROOT)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p])
    env.update(extra)
    return env


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def percentile(values, q: float):
    """Nearest-rank percentile (q in 0..100); enough for latency summaries of 20-200 samples."""
    values = sorted(v for v in values if v is not None)
    if not values:
        return None
    rank = max(1, min(len(values), int(round(q / 100.0 * len(values) + 0.5))))
    return values[rank - 1]


def ratio(a, b):
    if a is None or b is None or not b:
        return None
    return a / b


def dir_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())


class PeakRSS:
    """Samples the resident memory of a process and all its children (the parse worker is a
    child process, so a parent-only number would hide it) every `interval` seconds."""

    def __init__(self, pid: int, interval: float = 0.05):
        import psutil

        self._proc = psutil.Process(pid)
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> int:
        import psutil

        total = 0
        try:
            procs = [self._proc] + self._proc.children(recursive=True)
        except psutil.Error:
            return 0
        for p in procs:
            try:
                total += p.memory_info().rss
            except psutil.Error:
                pass
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._sample())
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def run_json_child(args: list[str], timeout: float | None = None, env: dict | None = None) -> dict:
    """Runs `python -m benchmarks.<...>` in a fresh process, samples its peak RSS (with children),
    and returns the JSON object it prints on its last stdout line plus wall time and peak RSS.
    A fresh process per pipeline keeps one pipeline's imports and caches out of the other's numbers."""
    cmd = [sys.executable] + args
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env or child_env(), cwd=str(REPO_ROOT))
    with PeakRSS(proc.pid) as rss:
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
            raise RuntimeError(f"{' '.join(args)} timed out after {timeout} s\n{err[-2000:]}")
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed (exit {proc.returncode}):\n{err[-3000:]}")
    lines = [l for l in out.splitlines() if l.strip().startswith("{")]
    if not lines:
        raise RuntimeError(f"{' '.join(args)} printed no JSON:\n{out[-2000:]}\n{err[-2000:]}")
    result = json.loads(lines[-1])
    result["wall_s"] = wall
    result["peak_rss_bytes"] = rss.peak
    return result


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)
