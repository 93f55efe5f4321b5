"""Shared fixtures for the core tests."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from clihelpers import make_library, run_cli  # noqa: E402


@pytest.fixture(scope="session")
def indexed(tmp_path_factory):
    """One library indexed once through the real CLI, shared by the read-only tests."""
    base = tmp_path_factory.mktemp("lib")
    docs = make_library(base / "docs")
    data = base / "data"
    r = run_cli("index", str(docs), data_dir=data)
    assert r.returncode == 0, r.stderr
    return docs, data
