"""GPU offload sized to the GPU: the bundled GGUF's real layout (blocks, tensor bytes, KV cache)
against a stand-in GPU report (no GPU here), the layers chosen on load, and the fallback to fewer
layers or the CPU when a GPU load fails. The GPU itself is the only thing faked."""
import json

import pytest
from clihelpers import run_cli

from assistant.core.answer import llm
from assistant.core.models import catalog, gguf, offload

GIB = 1024 ** 3


@pytest.fixture(scope="module")
def model(indexed):
    _, data = indexed
    return llm.bundled_model_path(data / "models")


def _gpu(free_bytes):
    return lambda: catalog.Machine(24 * GIB, "Stand-in GPU", free_bytes)


def test_the_layout_is_read_from_the_gguf_as_llama_cpp_reads_it(model):
    layout = gguf.layout(model)
    loaded = llm.LocalLLM(model, n_ctx=512).load()
    try:
        meta = loaded._llm.metadata
        assert layout.architecture == meta["general.architecture"] == "gemma3"
        assert layout.blocks == int(meta["gemma3.block_count"]) == 18
    finally:
        loaded.close()
    weights = sum(layout.block_bytes) + layout.other_bytes
    size = model.stat().st_size
    assert 0.95 * size < weights < size  # every tensor's bytes counted once; the header is the rest
    assert all(b > 0 for b in layout.block_bytes)
    assert layout.kv_bytes_per_token_per_block > 0


def _free_for(layout, blocks, n_ctx):
    """Free VRAM whose budget holds `blocks` blocks and a little more, but not the whole model."""
    return int((offload.RESERVE_BYTES + (blocks + 0.5) * layout.block_cost(n_ctx)) / (1 - offload.RESERVE_SHARE))


def test_all_layers_when_the_model_fits_fewer_when_not_none_when_nothing_is_free(model):
    layout = gguf.layout(model)
    assert offload.plan(layout, 8 * GIB, 4096).layers == -1
    half = offload.plan(layout, _free_for(layout, 9, 4096), 4096)
    assert half.layers == 9 and "9 of 18 layers" in half.describe()
    assert offload.plan(layout, 300 * 1024 ** 2, 4096).layers == 0
    assert offload.plan(layout, None, 4096).layers == 0
    # A longer context costs KV cache per block: fewer blocks fit the same memory.
    assert offload.plan(layout, _free_for(layout, 9, 4096), 131072).layers < 9


def test_auto_loads_with_the_fitted_layers_and_says_so(model, monkeypatch):
    monkeypatch.setattr(llm, "gpu_offload_supported", lambda: True)
    layout = gguf.layout(model)
    free = _free_for(layout, 9, 2048)
    m = llm.LocalLLM(model, n_ctx=2048, gpu_layers="auto", gpu_report=_gpu(free)).load()
    try:
        assert m.offload_layers == 9
        assert m.device == f"GPU {m.offload_layers}/{layout.blocks} layers"
        assert f"{m.offload_layers} of {layout.blocks} layers" in m.note
    finally:
        m.close()
    whole = llm.LocalLLM(model, n_ctx=2048, gpu_layers="auto", gpu_report=_gpu(16 * GIB)).load()
    try:
        assert whole.offload_layers == -1 and whole.device == "GPU"
    finally:
        whole.close()
    # A number in the settings is the user's choice: no fitting.
    fixed = llm.LocalLLM(model, n_ctx=2048, gpu_layers="5", gpu_report=_gpu(None)).load()
    try:
        assert fixed.offload_layers == 5
    finally:
        fixed.close()


def test_a_failed_gpu_load_falls_back_to_fewer_layers_then_the_cpu(model, monkeypatch):
    import llama_cpp

    real = llama_cpp.Llama
    tried = []

    def out_of_vram_above(limit):
        def make(*args, n_gpu_layers=0, **kw):
            tried.append(n_gpu_layers)
            if n_gpu_layers == -1 or n_gpu_layers > limit:  # what a real CUDA OOM at load looks like
                raise ValueError("Failed to load model from file")
            return real(*args, n_gpu_layers=n_gpu_layers, **kw)
        return make

    monkeypatch.setattr(llm, "gpu_offload_supported", lambda: True)
    monkeypatch.setattr(llama_cpp, "Llama", out_of_vram_above(8))
    m = llm.LocalLLM(model, n_ctx=1024, gpu_layers="auto", gpu_report=_gpu(16 * GIB)).load()
    try:
        assert tried[0] == -1 and m.offload_layers == 0 and "running on the CPU" in m.note
    finally:
        m.close()
    tried.clear()
    m = llm.LocalLLM(model, n_ctx=1024, gpu_layers="12").load()
    try:
        assert tried == [12, 6] and m.offload_layers == 6 and "6 GPU layers after 12 failed" in m.note
    finally:
        m.close()


def test_models_json_says_what_loading_would_choose_here(indexed):
    _, data = indexed
    r = run_cli("models", "--json", data_dir=data)
    assert r.returncode == 0, r.stderr
    info = json.loads(r.stdout)["offload"]
    if json.loads(r.stdout)["gpu_offload"]:
        assert info["blocks"] == 18
    else:  # this machine: no GPU in the llama.cpp build
        assert info["layers"] == 0 and info["text"].startswith("CPU (")


def test_models_says_the_fitted_layers_when_a_gpu_could_take_them(indexed, monkeypatch):
    from assistant.core.services import Services

    _, data = indexed
    monkeypatch.setattr(llm, "gpu_offload_supported", lambda: True)
    layout = gguf.layout(llm.bundled_model_path(data / "models"))
    monkeypatch.setattr(catalog, "machine", lambda: _gpu(_free_for(layout, 9, 4096))())
    info = Services(data).models()["offload"]
    assert (info["layers"], info["blocks"]) == (9, 18) and "9 of 18 layers" in info["text"]
