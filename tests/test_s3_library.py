"""A library whose index lives on object storage (index_uri = s3://...), against moto's S3
server on loopback: indexed from one data dir, read and changed from another, and written by
two processes at once without losing or orphaning anything."""
import os
import subprocess
import sys

import pytest

from clihelpers import ROOT, json_lines, make_library, run_cli
from s3server import s3_server

URI = "s3://library/shared/index"


@pytest.fixture(scope="module")
def s3(tmp_path_factory):
    with s3_server() as env:
        yield {**env, "ASSISTANT_INDEX_URI": URI}


@pytest.fixture(scope="module")
def shared(tmp_path_factory, s3):
    base = tmp_path_factory.mktemp("s3lib")
    docs = make_library(base / "docs")
    r = run_cli("index", str(docs), data_dir=base / "machine-a", env=s3)
    assert r.returncode == 0, r.stderr
    return docs, base


def test_a_second_data_dir_searches_and_answers_from_the_shared_index(shared, s3):
    docs, base = shared
    assert not (base / "machine-a" / "index").exists()  # nothing indexed locally
    other = base / "machine-b"
    r = run_cli("search", "warranty months", "--json", data_dir=other, env=s3)
    assert r.returncode == 0, r.stderr
    hit = json_lines(r.stdout)[0]["hits"][0]
    # Paths as the indexing machine recorded them: that is what a citation shows.
    assert hit["path"] == str(docs / "manual.pdf") and hit["page"] == 2
    st = json_lines(run_cli("status", "--json", data_dir=other, env=s3).stdout)[0]
    assert st["index"] == URI
    states = {os.path.basename(f["path"]): f["state"] for f in st["files"]}
    assert states["manual.pdf"] == "indexed" and states["locked.pdf"] == "failed"
    assert st["chunks"] == sum(f["chunks"] for f in st["files"])
    r = run_cli("ask", "How long is the warranty?", "--json", data_dir=other, env=s3)
    assert r.returncode == 0, r.stderr
    out = json_lines(r.stdout)[0]
    assert "36 months" in " ".join(out["quotes"][0]["text"].split())
    assert out["sources"][0]["path"] == str(docs / "manual.pdf")


def test_forget_from_another_data_dir_is_seen_by_everyone(shared, s3):
    docs, base = shared
    r = run_cli("forget", str(docs / "notes.md"), data_dir=base / "machine-b", env=s3)
    assert r.returncode == 0, r.stderr
    st = json_lines(run_cli("status", "--json", data_dir=base / "machine-a", env=s3).stdout)[0]
    assert str(docs / "notes.md") not in {f["path"] for f in st["files"]}
    r = run_cli("search", "tomatoes sunlight", "--json", data_dir=base / "machine-a", env=s3)
    assert all(not h["path"].endswith("notes.md") for h in json_lines(r.stdout)[0]["hits"])


def _folder(root, name, n):
    root.mkdir(parents=True)
    for i in range(n):
        (root / f"{name}-{i}.md").write_text(
            f"# {name} note {i}\n\n" + " ".join(f"The {name} item {i} line {j} says {name}{i}x{j}." for j in range(60)),
            encoding="utf-8")
    return root


def test_two_writers_at_once_leave_a_consistent_index(tmp_path):
    """Two processes with their own data dirs (two machines: the local writer lock does not
    see the other) index two folders into one bucket at the same time, in many small commits.
    Lance's conditional-PUT commits serialise them: every file of both is indexed with all its
    chunks, and no chunk is left without its file."""
    with s3_server() as env:
        env = {**env, "ASSISTANT_INDEX_URI": "s3://library/two/index", "ASSISTANT_INDEX_BATCH": "4"}
        a, b = _folder(tmp_path / "alpha", "alpha", 8), _folder(tmp_path / "beta", "beta", 8)
        procs = [subprocess.Popen([sys.executable, "-m", "assistant", "--data-dir", str(tmp_path / d), "index", str(f)],
                                  env={**os.environ, **env}, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True)
                 for d, f in (("m1", a), ("m2", b))]
        outs = [p.communicate(timeout=600) for p in procs]
        for p, (_, err) in zip(procs, outs):
            assert p.returncode == 0, err
        r = run_cli("status", "--json", data_dir=tmp_path / "m3", env=env)
        st = json_lines(r.stdout)[0]
        files = {os.path.basename(f["path"]): f for f in st["files"]}
        assert sorted(files) == sorted([f"alpha-{i}.md" for i in range(8)] + [f"beta-{i}.md" for i in range(8)])
        assert all(f["state"] == "indexed" and f["chunks"] > 0 for f in files.values())
        assert st["chunks"] == sum(f["chunks"] for f in files.values())  # no orphan, none missing
        for word in ("alpha3x7", "beta5x2"):
            hits = json_lines(run_cli("search", word, "--json", "--mode", "fts", data_dir=tmp_path / "m3",
                                      env=env).stdout)[0]["hits"]
            assert hits and word.split("x")[0].rstrip("0123456789") in hits[0]["path"]
        # A third machine's check finds nothing to repair.
        check = ("from assistant.core.search.store import Store; s = Store(%r, 384); print(s.reconcile())"
                 % "s3://library/two/index")
        out = subprocess.run([sys.executable, "-c", check], env={**os.environ, **env}, capture_output=True, text=True)
        assert out.stdout.strip() == "(0, 0)", out.stderr
