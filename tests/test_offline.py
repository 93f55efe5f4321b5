"""Nothing leaves the machine: index, search and ask work with the network cut off, and no
connection to anything but loopback is even attempted."""
import shutil
import subprocess
from pathlib import Path

from clihelpers import json_lines, make_library, run_cli

GUARD = Path(__file__).parent / "netguard"


def _no_network_prefix() -> list[str]:
    """A network namespace with only loopback when the OS lets us make one (Linux, root or
    user namespaces); otherwise the socket guard alone."""
    if shutil.which("unshare"):
        for cmd in (["unshare", "-n"], ["unshare", "-rn"]):
            if subprocess.run(cmd + ["true"], capture_output=True).returncode == 0:
                return cmd
    return []


def test_index_search_ask_work_offline(tmp_path):
    docs = make_library(tmp_path / "docs")
    data = tmp_path / "data"
    log = tmp_path / "net.log"
    env = {"PYTHONPATH": str(GUARD), "NET_GUARD_LOG": str(log),
           # Make sure nothing is served from a warm cache of a hub either.
           "HF_HOME": str(tmp_path / "hf"), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    prefix = _no_network_prefix()

    def run(*args):
        import os
        import sys
        full = prefix + [sys.executable, "-m", "assistant", "--data-dir", str(data), *args]
        return subprocess.run(full, capture_output=True, text=True, timeout=600, env={**os.environ, **env})

    r = run("index", str(docs))
    assert r.returncode == 0, r.stderr
    r = run("search", "warranty months", "--json")
    assert r.returncode == 0, r.stderr
    assert json_lines(r.stdout)[0]["hits"][0]["path"].endswith("manual.pdf")
    r = run("ask", "How long is the warranty?", "--json")
    assert r.returncode == 0, r.stderr
    assert json_lines(r.stdout)[0]["answer"]
    attempts = log.read_text() if log.exists() else ""
    assert attempts == "", f"network access was attempted:\n{attempts}"
