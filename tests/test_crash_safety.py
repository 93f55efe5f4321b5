"""SIGKILL at any moment of `assistant index`, then run again: the index opens, has no duplicate
or orphan chunks, and ends identical to an uninterrupted run. Ctrl-C stops cleanly and resumes."""
import os
import random
import signal
import subprocess
import sys
import time


from clihelpers import json_lines, run_cli


def _corpus(root, n=24):
    root.mkdir(parents=True)
    rng = random.Random(7)
    words = ("invoice contract engine valve warranty tenant filter garden battery kernel "
             "schedule pressure lease payment module index sensor").split()
    for i in range(n):
        paras = [" ".join(rng.choice(words) for _ in range(60)) + "." for _ in range(12)]
        (root / f"doc{i:02d}.md").write_text(f"# Document {i}\n\n" + "\n\n".join(paras))
    return root


def _snapshot(data, at_rest_after_kill=False):
    """(files with state and chunk count, total chunks) plus the invariants checked directly.

    Right after a kill, chunks of the batch that died may lack their files row (chunks are
    written first, by design); the next run's first step deletes them. Those are allowed only
    then; chunks of a live file must never be duplicated or miscounted."""
    import assistant  # noqa: F401
    import lancedb

    db = lancedb.connect(str(data / "index"))
    files = db.open_table("files").to_arrow().to_pylist()
    chunks = db.open_table("chunks").to_arrow().select(["file_id", "seq", "path"]).to_pylist()
    live = {f["file_id"]: f for f in files if f["file_id"]}
    per_file = {}
    for c in chunks:
        if at_rest_after_kill and c["file_id"] not in live:
            continue
        assert c["file_id"] in live, f"orphan chunk of {c['path']}"
        per_file.setdefault(c["file_id"], []).append(c["seq"])
    for fid, seqs in per_file.items():
        assert len(seqs) == len(set(seqs)), f"duplicate chunks in {live[fid]['path']}"
        assert len(seqs) == live[fid]["chunks"]
    # The embedder mark is part of the state: a file left text-only (its vectors owed) must
    # end with its vectors, as in a clean run.
    return sorted((f["path"], f["state"], f["chunks"], f["embedder"]) for f in files), len(chunks)


def _fragments(data):
    frag_dir = data / "index" / "chunks.lance" / "data"
    return len(list(frag_dir.glob("*.lance"))) if frag_dir.exists() else 0


def test_sigkill_at_random_points_then_resume_matches_clean_run(tmp_path):
    docs = _corpus(tmp_path / "docs", n=80)
    env = {"ASSISTANT_INDEX_BATCH": "24"}  # many small commits: many places to die in
    clean = tmp_path / "clean"
    t0 = time.monotonic()
    assert run_cli("index", str(docs), data_dir=clean, env=env).returncode == 0
    clean_s = time.monotonic() - t0
    expected = _snapshot(clean)

    data = tmp_path / "killed"
    rng = random.Random(int(os.environ.get("KILL_SEED", "1234")))
    kills = 0
    for _ in range(6):
        # Die after a random number of new chunk fragments have landed, plus jitter: each run
        # resumes with less work left, so a fixed clock would let the later runs finish first.
        before = _fragments(data)
        target, jitter = rng.randint(1, 2), rng.uniform(0.0, 0.08)
        p = subprocess.Popen([sys.executable, "-m", "assistant", "--data-dir", str(data), "index", str(docs)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, **env},
                             start_new_session=True)
        deadline = time.monotonic() + 10 * clean_s + 60
        while p.poll() is None and time.monotonic() < deadline and _fragments(data) - before < target:
            time.sleep(0.01)
        time.sleep(jitter)
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)  # the parser worker dies with it
            kills += 1
        p.wait()
        _snapshot(data, at_rest_after_kill=True) if (data / "index").exists() else None
    r = run_cli("index", str(docs), data_dir=data, env=env)
    assert r.returncode == 0, r.stderr
    assert _snapshot(data) == expected
    assert kills >= 4, "the runs finished before they could be killed; give them more to do"


def test_ctrl_c_stops_cleanly_and_the_next_run_resumes(tmp_path):
    docs = _corpus(tmp_path / "docs", n=60)
    data = tmp_path / "data"
    env = {**os.environ, "ASSISTANT_INDEX_BATCH": "24"}
    # In its own process group, as a terminal runs it: Ctrl-C reaches the parse workers too.
    p = subprocess.Popen([sys.executable, "-m", "assistant", "--data-dir", str(data), "index", str(docs)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                         start_new_session=True)
    deadline = time.time() + 120
    # Press Ctrl-C mid-run: once a second batch of chunks has landed (a clock would let a fast
    # machine finish first).
    while time.time() < deadline and p.poll() is None and _fragments(data) < 2:
        time.sleep(0.01)
    os.killpg(p.pid, signal.SIGINT)
    out, err = p.communicate(timeout=120)
    assert p.returncode != 0, "indexing finished before Ctrl-C arrived; give it more to do"
    # The first Ctrl-C stops at the indexer's next event: exit 130 with the one-line stop
    # message, never a traceback.
    assert p.returncode == 130 and "Traceback" not in err, err
    # Files being parsed when Ctrl-C came are not blamed for it.
    assert not any(state == "failed" for _, state, _, _ in _snapshot(data, at_rest_after_kill=True)[0]), err
    assert "stopped; run the same command again to resume" in err
    r = run_cli("index", str(docs), data_dir=data, env=env)
    assert r.returncode == 0, r.stderr
    files, chunks = _snapshot(data)
    assert all(state == "indexed" for _, state, _, _ in files) and len(files) == 60
    assert not any(embedder.startswith("text-only:") for *_, embedder in files), "vectors left owed"


def test_damaged_newest_version_rolls_back_instead_of_failing(tmp_path):
    from clihelpers import make_library

    docs = make_library(tmp_path / "docs")
    data = tmp_path / "data"
    assert run_cli("index", str(docs), data_dir=data).returncode == 0
    (docs / "extra.md").write_text("# Extra\n\nA note about lighthouse keepers.\n")
    assert run_cli("index", str(docs), data_dir=data).returncode == 0
    manifests = sorted((data / "index" / "chunks.lance" / "_versions").glob("*.manifest"),
                       key=lambda p: p.stat().st_mtime)
    assert len(manifests) >= 2
    manifests[-1].write_bytes(b"\0garbage\0" * 10)  # the newest version is now unreadable
    r = run_cli("search", "warranty months", "--json", data_dir=data)
    assert r.returncode == 0, r.stderr
    assert json_lines(r.stdout)[0]["hits"], "the rolled-back index still answers"
    # And the next index run repairs whatever the rollback lost.
    r = run_cli("index", str(docs), data_dir=data)
    assert r.returncode == 0, r.stderr
    hits = json_lines(run_cli("search", "lighthouse keepers", "--json", "--mode", "fts", data_dir=data).stdout)[0]["hits"]
    assert hits and hits[0]["path"].endswith("extra.md")
