"""GPU offload on a real NVIDIA GPU (issue 15.5): the bundled model loaded on the CPU, with every
layer offloaded, and with the number of layers the app fits to the free VRAM; tokens/s of each,
and what the app chose. Run by benchmarks/gpu_check.sh on a machine with a GPU (none here).

    python benchmarks/gpu_check.py MODEL.gguf [--tokens 128]
"""
from __future__ import annotations

import argparse
import json
import statistics
import time


def speed(llm, prompt: str, tokens: int, runs: int = 3) -> float:
    rates = []
    for _ in range(runs):
        llm.reset()
        t0 = time.perf_counter()
        out = llm(prompt, max_tokens=tokens, temperature=0.0)
        n = out["usage"]["completion_tokens"]
        rates.append(n / (time.perf_counter() - t0))
    return statistics.median(rates)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("--tokens", type=int, default=128)
    args = ap.parse_args()

    import llama_cpp

    from assistant.core.answer.llm import LocalLLM, gpu_offload_supported
    from assistant.core.models import catalog, gguf, offload

    here = catalog.machine()
    layout = gguf.layout(args.model)
    plan = offload.plan(layout, here.vram_bytes, 4096)
    prompt = "Context: The warranty lasts 36 months from the date of purchase.\nQuestion: How long is the warranty?\nAnswer:"
    result = {"gpu": here.gpu, "vram_free_bytes": here.vram_bytes, "gpu_offload_supported": gpu_offload_supported(),
              "blocks": layout.blocks, "plan": plan.describe(), "tokens_per_s": {}}
    for label, n in (("cpu", 0), ("all_layers", -1), ("fitted", plan.layers)):
        llm = llama_cpp.Llama(model_path=args.model, n_ctx=4096, n_gpu_layers=n, verbose=False)
        result["tokens_per_s"][label] = round(speed(llm, prompt, args.tokens), 1)
        llm.close()
    app = LocalLLM(args.model, n_ctx=4096, gpu_layers="auto").load()  # what the app itself does
    result["app_chose"] = {"offload_layers": app.offload_layers, "device": app.device, "note": app.note}
    app.close()
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
