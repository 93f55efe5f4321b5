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


def _chunk_rows(store, path, file_id, n):
    import numpy as np
    import pyarrow as pa

    from assistant.core.search.store import chunks_schema

    schema = chunks_schema(store.dim)
    vec = pa.FixedSizeListArray.from_arrays(pa.array(np.ones(n * store.dim, np.float32)), store.dim)
    cols = {"text": [f"{path} part {i}" for i in range(n)], "terms": [""] * n, "path": [path] * n,
            "file_id": [file_id] * n, "page": [None] * n, "heading": [None] * n, "start": [0] * n,
            "end": [1] * n, "seq": list(range(n))}
    return pa.Table.from_arrays([vec] + [pa.array(cols[f.name], type=f.type) for f in list(schema)[1:]],
                                schema=schema)


def test_a_check_while_another_machine_moves_a_file_to_new_chunks_undoes_nothing(s3):
    """Machine B checks the library (reconcile, as every index run starts) while machine A
    points a file at its new chunks and drops the old ones, between B's reading of the rows
    and of the chunks. B must neither delete A's new chunks as orphans nor mark the file for
    re-indexing (which had left a row pointing at chunks that were gone, and A's new chunks
    orphaned)."""
    import time
    from unittest import mock

    from assistant.core.search.store import FileRow, Store

    uri = "s3://library/interleave/index"
    with mock.patch.dict(os.environ, s3):
        a, b = Store(uri, 8), Store(uri, 8)
        path = "/docs/moving.md"
        row = FileRow(path, "old", 10, 1.0, "h", "indexed", None, None, 3, "e", time.time())
        a.add_chunks(_chunk_rows(a, path, "old", 3))
        a.upsert_files([row])
        real = b.chunks.to_lance

        def a_moves_then_read():
            b.chunks.to_lance = real  # once
            a.add_chunks(_chunk_rows(a, path, "new", 3))
            a.upsert_files([FileRow(**{**row.__dict__, "file_id": "new"})])
            a.delete_chunks(["old"])
            b.chunks.checkout_latest()  # as when B's 5-second read consistency interval ran out
            return real()

        b.chunks.to_lance = a_moves_then_read
        assert b.reconcile() == (0, 0)
        c = Store(uri, 8)
        assert c.file_rows()[path].file_id == "new" and c.file_rows()[path].state == "indexed"
        assert c.chunk_count() == 3


def test_indexing_one_folder_leaves_another_machines_unfinished_file_alone(tmp_path, s3):
    """A file another machine has written as text and not yet embedded (its row says
    text-only) is that machine's work: a run over a different folder must not embed it too,
    which had both machines rewrite its row."""
    from unittest import mock

    from assistant.core.search.store import FileRow, Store

    env = {**s3, "ASSISTANT_INDEX_URI": "s3://library/owed/index"}
    a, b = _folder(tmp_path / "alpha", "alpha", 1), _folder(tmp_path / "beta", "beta", 1)
    assert run_cli("index", str(a), data_dir=tmp_path / "m1", env=env).returncode == 0
    with mock.patch.dict(os.environ, env):
        store = Store(env["ASSISTANT_INDEX_URI"], 384)
        path, row = next(iter(store.file_rows().items()))
        store.upsert_files([FileRow(**{**row.__dict__, "embedder": "text-only:" + row.embedder})])
    r = run_cli("index", str(b), data_dir=tmp_path / "m2", env=env)
    assert r.returncode == 0, r.stderr
    with mock.patch.dict(os.environ, env):
        after = Store(env["ASSISTANT_INDEX_URI"], 384).file_rows()
    assert after[path].file_id == row.file_id and after[path].embedder.startswith("text-only:")
    assert {os.path.basename(p) for p in after} == {"alpha-0.md", "beta-0.md"}


def test_paths_recorded_on_another_computer_map_to_this_one():
    from assistant.core.platform.paths import local_path

    m = {"/mnt/nas/docs": "/Volumes/docs", "/mnt/nas/docs/photos": "/Users/ann/Pictures",
         "C:\\Users\\ann\\Documents": "/home/ann/docs", "/srv/share/": "D:\\Share"}
    assert local_path("/mnt/nas/docs/tax/2024.pdf", m) == "/Volumes/docs/tax/2024.pdf"
    assert local_path("/mnt/nas/docs/photos/receipt.png", m) == "/Users/ann/Pictures/receipt.png"  # longest wins
    assert local_path("/mnt/nas/docs2/x.pdf", m) == "/mnt/nas/docs2/x.pdf"  # whole folder names only
    assert local_path("c:\\users\\ann\\documents\\tax\\2024.pdf", m) == "/home/ann/docs/tax/2024.pdf"
    assert local_path("/srv/share/a/b.pdf", m) == "D:\\Share\\a\\b.pdf"
    assert local_path("/elsewhere/x.pdf", m) == "/elsewhere/x.pdf"
    assert local_path("/mnt/nas/docs/x.pdf", {}) == "/mnt/nas/docs/x.pdf"


def test_a_computer_with_another_embedder_is_refused_and_the_shared_library_kept(s3, shared, tmp_path):
    """One computer of the household set another embedder: its vectors would not share the
    library's space (or even its size). It is told which embedder the library needs; nothing is
    dropped or rebuilt (a local library is rebuilt on a dimension change; a shared one never)."""
    import shutil
    from unittest import mock

    from assistant.core.search.embedding import DEFAULT_EMBEDDER, resolve_model_dir
    from assistant.core.search.store import FileRow, LibraryMismatch, Store

    uri = "s3://library/mismatch/index"
    with mock.patch.dict(os.environ, s3):
        a = Store(uri, 8)
        a.add_chunks(_chunk_rows(a, "/docs/a.md", "id-a", 2))
        a.upsert_files([FileRow("/docs/a.md", "id-a", 1, 1.0, "h", "indexed", None, None, 2,
                                "model-a+onnx-int8+t128", 1.0)])
        with pytest.raises(LibraryMismatch, match="8-dimensional"):
            Store(uri, 16)
        b = Store(uri, 8)
        assert b.chunk_count() == 2 and list(b.file_rows()) == ["/docs/a.md"]
        b.check_embedder("model-a+openvino-bf16")  # the same model by another backend: fine
        with pytest.raises(LibraryMismatch, match="model-a"):
            b.check_embedder("model-b+onnx-int8")

    # Through the CLI: a data dir whose settings name another (same-sized) embedder folder.
    docs, base = shared
    other = tmp_path / "other-embedder"
    shutil.copytree(resolve_model_dir(DEFAULT_EMBEDDER), other, copy_function=os.link)
    data = tmp_path / "machine-c"
    data.mkdir()
    (data / "settings.toml").write_text(f'embedder = "{other}"\n', encoding="utf-8")
    r = run_cli("search", "warranty months", "--json", data_dir=data, env=s3)
    assert r.returncode == 1 and "was indexed with the embedder all-MiniLM-L6-v2" in r.stderr, r.stderr
    st = json_lines(run_cli("status", "--json", data_dir=base / "machine-a", env=s3).stdout)[0]
    assert st["chunks"] > 0 and any(f["path"].endswith("manual.pdf") for f in st["files"])
