"""A newer version installed over an older one keeps the library, the settings and the chats.

The installers (packaging/) replace the program and never touch the data dir, so what carries
a user's data across an upgrade is its formats. The layouts below are the ones release 1
(schema_version 1) writes; a change to any of them must come with a migration (and the old
layout kept here as a fixture), or people lose their library on upgrade. Each test writes the
old data, then runs this version as a new process would, as an upgraded app does.
"""
import json
import sys
from pathlib import Path


sys.path.insert(0, str(Path(__file__).parent))
from clihelpers import json_lines, make_library, run_cli  # noqa: E402

# What release 1 writes to disk (field name -> Arrow type), the vector size aside.
V1_CHUNKS = {"vector": "fixed_size_list<item: float>[384]", "text": "string", "terms": "string",
             "path": "string", "file_id": "string", "page": "int32", "heading": "string",
             "start": "int32", "end": "int32", "seq": "int32"}
V1_FILES = {"path": "string", "file_id": "string", "size": "int64", "mtime": "double", "hash": "string",
            "state": "string", "reason": "string", "detail": "string", "chunks": "int32",
            "embedder": "string", "indexed_at": "double"}

V1_SETTINGS = """\
model_path = "/home/someone/models/qwen2.5-3b-instruct-q4_k_m.gguf"
context_length = 8192
gpu_layers = "off"
threads = 2
temperature = 0.5
max_answer_tokens = 200
sources = 4
embedder = "all-MiniLM-L6-v2"
embedder_backend = "auto"
language = "ja"
roots = []
excluded = []
index_uri = ""
llm_url = ""
llm_model = ""
llm_api = "chat"
schema_version = 1
"""

V1_CONVERSATION = {
    "id": "0123456789ab", "title": "Descaling", "created": 1700000000.0, "updated": 1700000100.0,
    "messages": [
        {"role": "user", "text": "How often should I descale?", "sources": [], "timings": {},
         "cancelled": False},
        {"role": "assistant", "text": "Every 90 days [1].",
         "sources": [{"n": 1, "path": "/docs/manual.pdf", "page": 3, "heading": None,
                      "text": "Descale the Zephyr 3000 every 90 days with citric acid.", "start": 0,
                      "end": 57, "cited": True, "label": "manual.pdf, page 3"}],
         "timings": {"retrieval_ms": 12.0}, "cancelled": False},
    ],
}


def _layout(table_dir: Path) -> dict:
    import lance

    return {f.name: str(f.type) for f in lance.dataset(str(table_dir)).schema}


def test_this_version_writes_the_release_1_library_layout(indexed):
    """If this fails, the index layout changed: bump the schema, migrate old libraries on open
    (or re-index them from their files rows), and keep the old layout here as a fixture."""
    _, data = indexed
    assert _layout(data / "index" / "chunks.lance") == V1_CHUNKS
    assert _layout(data / "index" / "files.lance") == V1_FILES
    from assistant.core.platform import config

    assert config.SCHEMA_VERSION == 1


def test_upgrade_keeps_library_settings_and_chats(tmp_path):
    docs = make_library(tmp_path / "docs")
    data = tmp_path / "data"
    first = run_cli("index", str(docs), data_dir=data)
    assert first.returncode == 0, first.stderr
    # What the user had chosen and said before the upgrade.
    roots = json.dumps([str(docs)])
    (data / "settings.toml").write_text(V1_SETTINGS.replace("roots = []", f"roots = {roots}"), encoding="utf-8")
    (data / "conversations").mkdir(exist_ok=True)
    (data / "conversations" / "0123456789ab.json").write_text(json.dumps(V1_CONVERSATION), encoding="utf-8")
    before = json_lines(run_cli("status", "--json", data_dir=data).stdout)[0]

    # The new version starts on the same data dir: nothing is re-read or re-embedded...
    again = run_cli("index", str(docs), data_dir=data)
    assert again.returncode == 0, again.stderr
    assert "0 to index" in again.stderr and "warning" not in again.stderr
    after = json_lines(run_cli("status", "--json", data_dir=data).stdout)[0]
    assert after == before and after["chunks"] > 0
    hits = json_lines(run_cli("search", "descale", "--json", "-k", "3", data_dir=data).stdout)[0]["hits"]
    assert Path(hits[0]["path"]).name == "manual.pdf"

    # ...the settings are the user's, not defaults, and no .corrupt copy was made...
    from assistant.core.platform import config

    settings, warning = config.load(data)
    assert warning is None and not (data / "settings.toml.corrupt").exists()
    assert (settings.model_path, settings.context_length, settings.gpu_layers, settings.language,
            settings.sources, settings.roots) == (
        "/home/someone/models/qwen2.5-3b-instruct-q4_k_m.gguf", 8192, "off", "ja", 4, [str(docs)])

    # ...and the old chat opens with its answer and its source.
    from assistant.gui.conversations import ConversationStore

    [conv] = ConversationStore(data).list()
    assert conv.title == "Descaling" and [m.role for m in conv.messages] == ["user", "assistant"]
    assert conv.messages[1].sources[0]["page"] == 3 and conv.messages[1].quotes == []


def test_settings_from_a_newer_version_still_load(tmp_path):
    """Going back to an older installer (or two versions sharing a data dir): keys this version
    does not know are ignored, the rest is kept, and the file is not set aside as corrupt."""
    from assistant.core.platform import config

    (tmp_path / "settings.toml").write_text(
        V1_SETTINGS.replace("schema_version = 1", "schema_version = 2\nsome_future_key = true"), encoding="utf-8")
    settings, warning = config.load(tmp_path)
    assert warning is None and settings.language == "ja" and settings.context_length == 8192
    assert not (tmp_path / "settings.toml.corrupt").exists()


def test_files_read_by_older_readers_are_read_again_once(tmp_path):
    """The readers improve (HTML tables and page navigation, PDF section headings, then chunks
    that end at table rows and never on "…, run the command" or before a sentence's command line,
    in every format): a library read by release 1 gets its files read again at the next indexing
    run, though they did not change, and only those it has text from (not the locked PDF). The run after finds nothing to do, and
    a run stopped half-way does not start the re-reading over."""
    docs = make_library(tmp_path / "docs")
    data = tmp_path / "data"
    assert run_cli("index", str(docs), data_dir=data).returncode == 0
    assert "0 to index" in run_cli("index", str(docs), data_dir=data).stderr
    before = json_lines(run_cli("status", "--json", data_dir=data).stdout)[0]
    # index.json as release 1 wrote it: no reader version.
    (data / "index.json").write_text(json.dumps({"embedder": "all-MiniLM-L6-v2"}), encoding="utf-8")

    upgraded = run_cli("index", str(docs), data_dir=data)
    assert upgraded.returncode == 0, upgraded.stderr
    assert "4 to index" in upgraded.stderr  # manual.pdf, page.html, notes.md, 契約.txt; not the locked PDF
    meta = json.loads((data / "index.json").read_text(encoding="utf-8"))
    assert meta["embedder"] == "all-MiniLM-L6-v2" and meta["reader"] >= 2
    assert "0 to index" in run_cli("index", str(docs), data_dir=data).stderr
    after = json_lines(run_cli("status", "--json", data_dir=data).stdout)[0]
    assert after["chunks"] == before["chunks"] and after["files"] == before["files"]
    hits = json_lines(run_cli("search", "monthly rent", "--json", "-k", "3", data_dir=data).stdout)[0]["hits"]
    assert Path(hits[0]["path"]).name == "page.html"


def test_a_file_due_to_be_read_again_that_was_deleted_leaves_the_index(tmp_path):
    """Files marked to be read again after an upgrade are still removed from the index when they
    are gone: nothing of a deleted page stays searchable."""
    docs = make_library(tmp_path / "docs")
    data = tmp_path / "data"
    assert run_cli("index", str(docs), data_dir=data).returncode == 0
    (data / "index.json").write_text(json.dumps({"embedder": "all-MiniLM-L6-v2"}), encoding="utf-8")
    (docs / "page.html").unlink()
    upgraded = run_cli("index", str(docs), data_dir=data)
    assert upgraded.returncode == 0, upgraded.stderr
    assert "3 to index" in upgraded.stderr and "1 removed" in upgraded.stderr  # manual.pdf, notes.md, 契約.txt read again
    hits = json_lines(run_cli("search", "monthly rent lease", "--json", "-k", "5", data_dir=data).stdout)[0]["hits"]
    assert not any(Path(h["path"]).name == "page.html" for h in hits)
