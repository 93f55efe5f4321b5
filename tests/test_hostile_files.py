"""Hundreds of malformed files next to good ones: the run survives, every file gets a state
and the bad ones a reason, and every good file is searchable."""
import time

import pytest

from clihelpers import json_lines, run_cli
from fuzzcorpus import bad_files, good_files


@pytest.mark.slow
def test_fuzzed_corpus_indexes_without_dying(tmp_path):
    import random

    rng = random.Random(42)
    good = good_files(tmp_path / "lib" / "good", rng)
    bad = bad_files(tmp_path / "lib" / "bad", rng, 300)
    data = tmp_path / "data"
    t0 = time.perf_counter()
    r = run_cli("index", str(tmp_path / "lib"), data_dir=data, env={"ASSISTANT_PARSE_TIMEOUT": "60"})
    elapsed = time.perf_counter() - t0
    assert r.returncode == 0, r.stderr
    files = json_lines(run_cli("status", "--json", data_dir=data).stdout)[0]["files"]
    by_path = {f["path"]: f for f in files}
    assert len(by_path) == len(good) + len(bad)
    for f in files:
        assert f["state"] in ("indexed", "failed", "skipped"), f
        if f["state"] != "indexed":
            assert f["reason"], f
    for path, word in good.items():
        assert by_path[path]["state"] == "indexed", by_path[path]
    queries = "\n".join(good.values()) + "\n"
    out = json_lines(run_cli("search", "-", "--json", "-k", "3", "--mode", "fts", data_dir=data, stdin=queries).stdout)
    for (path, word), res in zip(good.items(), out):
        assert res["hits"] and res["hits"][0]["path"] == path, (word, res["hits"][:1])
    reasons = {f["reason"] for f in files if f["state"] == "failed"}
    assert {"encrypted", "corrupt", "too large"} <= reasons, reasons
    print(f"\n{len(bad)} bad files indexed beside {len(good)} good ones in {elapsed:.1f} s; reasons: {sorted(reasons)}")


def test_a_crashing_parser_costs_only_its_file(tmp_path):
    """Kill the parser process mid-file: that file fails as 'corrupt', the next one still parses."""
    import assistant  # noqa: F401
    from assistant.core.ingest.chunking import ChunkSpec
    from assistant.core.search.embedding import resolve_model_dir
    from assistant.core.ingest.parse_worker import ParserPool

    slow = tmp_path / "big.txt"
    slow.write_text(("word " * 50 + "\n\n") * 40000)
    ok = tmp_path / "ok.md"
    ok.write_text("# Fine\n\nA fine small file.\n")
    pool = ParserPool(str(resolve_model_dir("")), ChunkSpec(), timeout_s=60)
    try:
        pool.submit(str(slow))
        pool.submit(str(ok))
        time.sleep(3)  # the worker is busy with big.txt
        pool._proc.kill()
        first = pool.next_result()
        second = pool.next_result()
    finally:
        pool.close()
    assert (first.path, first.ok, first.reason) == (str(slow), False, "corrupt")
    assert second.ok and second.path == str(ok)


def test_a_hanging_parse_times_out(tmp_path):
    import assistant  # noqa: F401
    from assistant.core.ingest.chunking import ChunkSpec
    from assistant.core.search.embedding import resolve_model_dir
    from assistant.core.ingest.parse_worker import ParserPool

    big = tmp_path / "big.txt"
    big.write_text(("word " * 50 + "\n\n") * 40000)
    pool = ParserPool(str(resolve_model_dir("")), ChunkSpec(), timeout_s=0.5)
    try:
        pool.submit(str(big))
        res = pool.next_result()
    finally:
        pool.close()
    assert not res.ok and res.reason == "timeout"
