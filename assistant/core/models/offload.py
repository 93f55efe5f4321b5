"""How many transformer blocks of a model to put on the GPU, from the model's GGUF layout and the
GPU's free memory (NVIDIA via nvidia-smi, Apple Silicon's unified memory; see catalog.machine).

All of them when the whole model fits, fewer otherwise: a block costs its weights plus its KV
cache at the chosen context length; the token embeddings stay in RAM, and the output head goes
to the GPU only with all blocks (that is how llama.cpp splits it). Something is always left
free for llama.cpp's compute buffers and the desktop, since running out of VRAM mid-answer is
worse than a few layers on the CPU.
"""
from __future__ import annotations

from dataclasses import dataclass

from assistant.core.models.gguf import Layout

RESERVE_BYTES = 512 * 1024 ** 2  # compute buffers, the CUDA context, the desktop's own use
RESERVE_SHARE = 0.10


@dataclass
class Plan:
    layers: int  # llama.cpp's n_gpu_layers: -1 = all, 0 = CPU only
    blocks: int
    reason: str

    def describe(self) -> str:
        if self.layers == -1:
            return f"GPU: all {self.blocks} layers"
        if self.layers == 0:
            return f"CPU ({self.reason})"
        return f"GPU: {self.layers} of {self.blocks} layers ({self.reason})"


def plan(layout: Layout, free_vram: int | None, n_ctx: int) -> Plan:
    if not free_vram:
        return Plan(0, layout.blocks, "no GPU memory reported")
    budget = int(free_vram * (1 - RESERVE_SHARE)) - RESERVE_BYTES
    gib = free_vram / 1024 ** 3
    if layout.total_gpu_bytes(n_ctx) <= budget:
        return Plan(-1, layout.blocks, f"{gib:.1f} GB free")
    n = max(0, min(layout.blocks, budget // max(layout.block_cost(n_ctx), 1)))
    if n == 0:
        return Plan(0, layout.blocks, f"only {gib:.1f} GB of GPU memory free")
    return Plan(int(n), layout.blocks, f"the model needs more than the {gib:.1f} GB free")
