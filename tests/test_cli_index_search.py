"""The `assistant` command end to end: index, status, search (single and batch), forget."""

from clihelpers import json_lines, make_library, run_cli


def test_status_lists_every_file_with_state_and_reason(indexed):
    docs, data = indexed
    r = run_cli("status", "--json", data_dir=data)
    assert r.returncode == 0, r.stderr
    st = json_lines(r.stdout)[0]
    assert set(st) >= {"data_dir", "embedder", "chunks", "files"}
    by_name = {f["path"].rsplit("/", 1)[-1]: f for f in st["files"]}
    assert set(by_name) == {"manual.pdf", "notes.md", "page.html", "契約.txt", "locked.pdf"}
    assert by_name["locked.pdf"]["state"] == "failed"
    assert by_name["locked.pdf"]["reason"] == "encrypted"
    for name in ("manual.pdf", "notes.md", "page.html", "契約.txt"):
        assert by_name[name]["state"] == "indexed" and by_name[name]["chunks"] >= 1
    assert st["chunks"] == sum(f["chunks"] for f in st["files"])


def test_search_cites_the_pdf_page(indexed):
    docs, data = indexed
    r = run_cli("search", "how long is the warranty on the espresso machine", "--json", "-k", "3", data_dir=data)
    assert r.returncode == 0, r.stderr
    res = json_lines(r.stdout)[0]
    top = res["hits"][0]
    assert top["path"] == str(docs / "manual.pdf")
    assert top["page"] == 2
    assert "36 months" in " ".join(top["text"].split())
    assert set(top) >= {"path", "page", "heading", "text", "score"}


def test_search_finds_japanese_text(indexed):
    docs, data = indexed
    r = run_cli("search", "ペットは飼えますか", "--json", "-k", "3", data_dir=data)
    hits = json_lines(r.stdout)[0]["hits"]
    assert hits[0]["path"].endswith("契約.txt")
    assert hits[0]["page"] is None


def test_search_batch_from_stdin_answers_each_line(indexed):
    docs, data = indexed
    r = run_cli("search", "-", "--json", "-k", "2", data_dir=data,
                stdin="monthly rent\nwhen to prune roses\n解約の通知\n")
    out = json_lines(r.stdout)
    assert [o["query"] for o in out] == ["monthly rent", "when to prune roses", "解約の通知"]
    assert out[0]["hits"][0]["path"].endswith("page.html")
    assert out[0]["hits"][0]["heading"].endswith("Rent")
    assert out[1]["hits"][0]["path"].endswith("notes.md")
    assert out[2]["hits"][0]["path"].endswith("契約.txt")


def test_html_script_text_is_not_searchable(indexed):
    docs, data = indexed
    r = run_cli("search", "do not index me", "--json", "--mode", "fts", data_dir=data)
    for hit in json_lines(r.stdout)[0]["hits"]:
        assert "do not index me" not in hit["text"]


def test_reindex_is_incremental(tmp_path):
    docs = make_library(tmp_path / "docs")
    data = tmp_path / "data"
    first = run_cli("index", str(docs), data_dir=data)
    assert first.returncode == 0, first.stderr
    chunks_before = json_lines(run_cli("status", "--json", data_dir=data).stdout)[0]["chunks"]

    again = run_cli("index", str(docs), data_dir=data)
    assert "0 to index, 5 unchanged" in again.stderr

    # Touch without change: not re-embedded. Change, delete, add: exactly those handled.
    (docs / "notes.md").touch()
    (docs / "page.html").write_text("<html><body><h1>Lease</h1><p>The rent is now 1,600 euros.</p></body></html>")
    (docs / "manual.pdf").unlink()
    (docs / "new.md").write_text("# New\n\nA brand new note about sourdough starters.\n")
    third = run_cli("index", str(docs), data_dir=data)
    assert "2 to index, 3 unchanged, 1 removed" in third.stderr, third.stderr
    st = json_lines(run_cli("status", "--json", data_dir=data).stdout)[0]
    paths = {f["path"].rsplit("/", 1)[-1] for f in st["files"]}
    assert "manual.pdf" not in paths and "new.md" in paths
    hits = json_lines(run_cli("search", "rent", "--json", data_dir=data).stdout)[0]["hits"]
    texts = " ".join(h["text"] for h in hits)
    assert "1,600" in texts and "1,450" not in texts, "the old version of a changed file must be gone"
    assert not any(h["path"].endswith("manual.pdf") for h in hits)
    assert st["chunks"] == sum(f["chunks"] for f in st["files"]) != chunks_before


def test_forget_removes_files_and_chunks(tmp_path):
    docs = make_library(tmp_path / "docs")
    data = tmp_path / "data"
    assert run_cli("index", str(docs), data_dir=data).returncode == 0
    r = run_cli("forget", str(docs / "notes.md"), data_dir=data)
    assert r.returncode == 0, r.stderr
    hits = json_lines(run_cli("search", "tomatoes sunlight", "--json", data_dir=data).stdout)[0]["hits"]
    assert not any(h["path"].endswith("notes.md") for h in hits)
    st = json_lines(run_cli("status", "--json", data_dir=data).stdout)[0]
    assert st["chunks"] == sum(f["chunks"] for f in st["files"])


def test_errors_are_one_line_with_exit_codes(tmp_path):
    data = tmp_path / "data"
    r = run_cli("index", str(tmp_path / "nope"), data_dir=data)
    assert r.returncode == 1
    assert r.stderr.strip().count("\n") == 0 and "no such file" in r.stderr
    assert run_cli("search", data_dir=data).returncode == 2  # missing QUERY: usage error
    bad = tmp_path / "bad.gguf"
    bad.write_bytes(b"GGUF" + b"\x03\x00\x00\x00" + b"\xff" * 100)
    docs = make_library(tmp_path / "docs")
    assert run_cli("index", str(docs), data_dir=data).returncode == 0
    r = run_cli("ask", "what is the rent?", "--model", str(bad), data_dir=data)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert r.stderr.strip().count("\n") == 0
    r = run_cli("ask", "what is the rent?", "--model", str(tmp_path / "missing.gguf"), data_dir=data)
    assert r.returncode == 1 and "not found" in r.stderr
